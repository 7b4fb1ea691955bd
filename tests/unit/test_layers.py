"""The layering, checked on the source: lower layers never import higher ones
at run time, and each third-party library stays in its layer. Imports inside
`if TYPE_CHECKING:` only serve annotations and are allowed to point up."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "loketcli"

# What each layer may import from loketcli at run time.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "i18n": {"i18n"},
    # The platform seam (issue 24): what the operating system offers, by capability.
    "system": {"errors"},
    "domain": {"errors", "domain", "system"},
    "crypto": {"errors", "crypto"},
    "storage": {"errors", "domain", "crypto", "storage", "system"},
    "services": {"errors", "domain", "crypto", "storage", "services", "system"},
    "render": {"errors", "i18n", "domain", "render"},
    # The register push: a process runtime over HTTP, beside the services.
    "register": {"errors", "domain", "crypto", "storage", "services", "register"},
    "cli": {"errors", "i18n", "domain", "crypto", "storage", "services", "render", "register", "cli", "agent",
            "system"},
    # The consult shell runs commands through cli's app: it sits above cli (cli names it in its
    # table of commands by module name and imports it only when `loket shell` runs).
    "shell": {"errors", "i18n", "domain", "crypto", "storage", "services", "render", "cli", "shell"},
    # The session agent is a process runtime that runs commands: it sits above cli.
    "agent": {"errors", "i18n", "domain", "crypto", "storage", "services", "render", "register", "cli", "agent",
              "system"},
}
# The commands may start and stop an agent, but never reach into the process
# that runs them: cli imports only the agent's client half.
CLI_MAY_IMPORT_FROM_AGENT = {"loketcli.agent.client"}
# Which layers may import each third-party library.
THIRD_PARTY: dict[str, set[str]] = {
    "typer": {"cli", "shell"},
    "click": set(),
    "rich": {"render", "cli"},
    "prompt_toolkit": {"shell"},
    "cryptography": {"crypto"},
    "sqlite_utils": {"storage"},
    "pyrage": {"crypto"},
    "httpx": {"register"},
}


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    if len(relative.parts) == 1:
        return relative.stem if relative.stem in ALLOWED else "package"
    return relative.parts[0]


def _runtime_imports(tree: ast.Module) -> list[str]:
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                names.extend(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                names.append(child.module)
            visit(child)

    visit(tree)
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_respect_the_layers(path: Path) -> None:
    layer = _layer(path)
    for name in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        top = name.split(".")[0]
        if top == "loketcli":
            parts = name.split(".")
            if len(parts) == 1:
                continue
            target = parts[1]
            assert target in ALLOWED[layer], f"{path.name} ({layer}) imports {name}"
            if layer == "cli" and target == "agent":
                assert name in CLI_MAY_IMPORT_FROM_AGENT, f"{path.name} (cli) imports {name}"
        elif top in THIRD_PARTY:
            assert layer in THIRD_PARTY[top], f"{path.name} ({layer}) imports {name}"


def test_the_check_sees_lazy_imports() -> None:
    tree = ast.parse("def f():\n    import rich.table\nif TYPE_CHECKING:\n    import typer\n")
    assert _runtime_imports(tree) == ["rich.table"]


def test_the_agents_client_half_stays_in_the_standard_library() -> None:
    # It runs on every command: Typer, rich or the commands would cost their import each time.
    for name in ("client", "protocol", "rules", "entry"):
        path = PACKAGE / "agent" / f"{name}.py"
        for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            top = imported.split(".")[0]
            assert top not in THIRD_PARTY, f"{name}.py imports {imported}"
            if top == "loketcli":
                assert imported in {"loketcli", "loketcli.i18n", "loketcli.agent.protocol", "loketcli.agent.rules",
                                    "loketcli.agent.client", "loketcli.cli.app", "loketcli.system"}, \
                    f"{name}.py imports {imported}"


def test_the_core_never_prints_or_prompts() -> None:
    for path in MODULES:
        if _layer(path) in {"domain", "crypto", "storage", "services"}:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            calls = {node.func.id for node in ast.walk(tree)
                     if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
            assert not calls & {"print", "input"}, path.name
