"""The `loket` executable.

Under an unlock session with a running agent (see `loketcli.agent`), the
command is handed to the agent, which runs it in a pre-warmed process; this
process then imports almost nothing. Otherwise, or when the agent cannot take
the command, it runs here. Keep this module's imports to the standard library's
cheapest: every invocation pays for them.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        # Asked by scripts and installers (pipx) to see that loket runs: the
        # same line the app's --version prints, without loading the app (a
        # plain process pays ~100 ms for Typer and the commands; issue 24).
        from loketcli import __version__

        sys.stdout.write(f"loket {__version__}\n")
        sys.stdout.flush()
        return
    socket_path = os.environ.get("LOKET_AGENT")
    if socket_path and os.environ.get("LOKET_SESSION"):
        from loketcli.agentlink.client import run_through_agent

        try:
            code = run_through_agent(socket_path, sys.argv[1:])
        except KeyboardInterrupt:
            # Ctrl-C before the agent was told to go (so nothing ran), or in the
            # instant after the command reported back.
            from loketcli.i18n import t

            sys.stderr.write(f"loket: {t('error.aborted')}\n")
            sys.exit(1)
        if code is not None:
            sys.exit(code)
    from loketcli.cli.app import main as run_here

    run_here()
