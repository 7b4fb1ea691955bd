"""The link to the session agent: what a command and the `loket` executable
need to start an agent, stop it and hand it a command, below the commands.

`client` starts an agent for a session (`loket unlock`), stops it (`loket
lock`) and hands a command to it (`loketcli.agent.entry`); `protocol` is the
wire format both ends speak; `rules` decides which signals travel and which
clients the agent may serve. All three run on every command and import only
the cheap part of the standard library (and `loketcli.system`).

The agent itself (`loketcli.agent`: the server that runs commands, and the
executable) sits above the commands; this link sits below them, so `cli`
imports it without importing a room above its own.
"""
