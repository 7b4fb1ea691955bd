"""The consult shell (`loket shell`): a room above the commands, as the agent is.

Floors, each importing only the ones before it: `consult` (the state and the
line processing, no terminal), `complete` (completion candidates, plain
Python), `terminal` (the line editor, the only importer of prompt_toolkit),
`command` (the `loket shell` command). The shell runs commands through
`loketcli.cli.app`; cli names `loketcli.shell.command` in its table of
commands by module name only and imports it when `loket shell` is run.
"""
