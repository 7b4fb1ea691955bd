"""The layering, checked on the source: lower layers never import higher ones
at run time, no two modules import each other (directly or round a longer
circle), and each third-party library stays in its layer. Imports inside
`if TYPE_CHECKING:` only serve annotations and are allowed to point up.

The floors, bottom first (issue 26):

    errors, i18n, system            the ground: typed errors, catalogues, the platform seam
    domain, crypto                  rules and values; keys and passphrases
    storage                         the encrypted store
    services                        what a command does, without printing
    render, register                what the worker sees; the push to the register
    agentlink                       the link to the session agent: start, stop, hand over
    cli                             the commands (and `app`, the one error boundary)
    shell                           the consult shell, which runs commands through `cli.app`
    agent                           the session agent and the `loket` executable (`entry`)

The agent's arrow from the commands is gone by moving the small interface
down, not by turning it around: `loket unlock` and `loket lock` import
`loketcli.agentlink.client` (start and stop an agent), which sits below `cli`;
the agent's server and the executable, which run the commands, stay above
them in `loketcli.agent`. The shell and the agent are named in `cli.app`'s
table of commands, or started as a process, by module name only.
"""

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
    # The link to the session agent: the standard library's cheap part and the platform seam.
    "agentlink": {"errors", "i18n", "system", "agentlink"},
    "cli": {"errors", "i18n", "domain", "crypto", "storage", "services", "render", "register", "cli", "agentlink",
            "system"},
    # The consult shell runs commands through cli's app: it sits above cli (cli names it in its
    # table of commands by module name and imports it only when `loket shell` runs).
    "shell": {"errors", "i18n", "domain", "crypto", "storage", "services", "render", "cli", "shell"},
    # The session agent is a process runtime that runs commands: it sits above cli.
    "agent": {"errors", "i18n", "domain", "crypto", "storage", "services", "render", "register", "cli", "agent",
              "agentlink", "system"},
}
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
    "orjson": {"storage"},
}


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    if len(relative.parts) == 1:
        return relative.stem if relative.stem in ALLOWED else "package"
    return relative.parts[0]


def _import_nodes(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that runs (at the top or lazily inside a
    function), leaving out what stands under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
            visit(child)

    visit(tree)
    return found


def _runtime_imports(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif node.module and node.level == 0:
            names.append(node.module)
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
        elif top in THIRD_PARTY:
            assert layer in THIRD_PARTY[top], f"{path.name} ({layer}) imports {name}"


def test_the_check_sees_lazy_imports() -> None:
    tree = ast.parse("def f():\n    import rich.table\nif TYPE_CHECKING:\n    import typer\n")
    assert _runtime_imports(tree) == ["rich.table"]


def test_the_agents_client_half_stays_in_the_standard_library() -> None:
    # It runs on every command: Typer, rich or the commands would cost their import each time.
    for path in (*(PACKAGE / "agentlink" / f"{name}.py" for name in ("client", "protocol", "rules")),
                 PACKAGE / "agent" / "entry.py"):
        for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            top = imported.split(".")[0]
            assert top not in THIRD_PARTY, f"{path.name} imports {imported}"
            if top == "loketcli":
                assert imported in {"loketcli", "loketcli.i18n", "loketcli.agentlink.protocol",
                                    "loketcli.agentlink.rules", "loketcli.agentlink.client", "loketcli.cli.app",
                                    "loketcli.system"}, f"{path.name} imports {imported}"


def test_the_rooms_form_an_order() -> None:
    """No two rooms may import each other, round any circle: ALLOWED, without a
    room's own modules, can be read bottom to top."""
    left = {layer: allowed - {layer} for layer, allowed in ALLOWED.items()}
    while left:
        ground = [layer for layer, allowed in left.items() if not allowed & left.keys()]
        assert ground, f"the rooms {sorted(left)} import one another"
        for layer in ground:
            del left[layer]


# -- no circles between modules -------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _module_imports(tree: ast.Module, package: str) -> set[str]:
    """The names a module imports at run time (lazily inside a function too; not
    under TYPE_CHECKING), relative ones made absolute: `from a.b import c`
    names both `a.b` and `a.b.c`, one of which is a module."""
    targets: set[str] = set()
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:  # relative: from this package, or `level - 1` steps above it
            parts = package.split(".")
            base = ".".join([*parts[:len(parts) - (node.level - 1)], *([base] if base else [])])
        targets.add(base)
        targets.update(f"{base}.{alias.name}" for alias in node.names)
    return targets


def _module_graph() -> dict[str, set[str]]:
    """Which loketcli modules each one imports at run time."""
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported = _module_imports(ast.parse(path.read_text(encoding="utf-8")), package)
        graph[name] = {target for target in imported if target in paths and target != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's
    algorithm, without recursion): each is a circle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_two_modules_import_each_other() -> None:
    """Issue 26: a circle, however long and however lazy its imports, means
    neither module can be read, moved or tested without the other."""
    assert _circles(_module_graph()) == []


def test_the_circle_check_finds_circles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": {"f"}, "g": set()}
    assert sorted(_circles(graph)) == [["a", "b", "c"], ["d", "e"]]


def test_the_graph_sees_lazy_and_relative_imports() -> None:
    source = ("from a.b import c\n"
              "def f():\n    import d.e\n"
              "if TYPE_CHECKING:\n    from x import y\n"
              "from . import sibling\nfrom ..up import thing\n")
    assert _module_imports(ast.parse(source), "pkg.sub") == {
        "a.b", "a.b.c", "d.e", "pkg.sub", "pkg.sub.sibling", "pkg.up", "pkg.up.thing"}
    graph = _module_graph()
    # cli.app imports the i18n catalogue at the top and render.safe inside a function.
    assert {"loketcli.i18n", "loketcli.render.safe"} <= graph["loketcli.cli.app"]


def test_the_core_never_prints_or_prompts() -> None:
    for path in MODULES:
        if _layer(path) in {"domain", "crypto", "storage", "services"}:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            calls = {node.func.id for node in ast.walk(tree)
                     if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
            assert not calls & {"print", "input"}, path.name
