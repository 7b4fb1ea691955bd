"""The session agent: a process runtime above the commands, not a command.

`loket unlock` starts it through the link below the commands
(`loketcli.agentlink.client.start`); the `loket` executable (`entry`) hands
each command to it over the wire format in `loketcli.agentlink.protocol`; the
agent (`server`) runs the command in a pre-warmed fork. Which clients it may
serve (same sandbox) and which signals it passes on are decided in
`loketcli.agentlink.rules` alone.

The client half (`entry` and the link) runs on every command and imports only
the cheap part of the standard library; only `server` imports the commands
themselves.
"""
