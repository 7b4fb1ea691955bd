"""The session agent: a process runtime beside the commands, not a command.

`loket unlock` starts it (`client.start`); the `loket` executable (`entry`)
hands each command to it over the wire format in `protocol`; the agent
(`server`) runs the command in a pre-warmed fork. Which clients it may serve
(same sandbox) and which signals it passes on are decided in `rules` alone.

The client half (`entry`, `client`, `protocol`, `rules`) runs on every command
and imports only the cheap part of the standard library; only `server`
imports the commands themselves.
"""
