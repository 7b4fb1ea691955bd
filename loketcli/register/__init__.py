"""Talking to the municipality's contact register (Klantinteracties / Open Klant).

A process runtime, not a command: `client` is the one module that speaks HTTP
(and the only importer of httpx), `push` runs the idempotent, resumable push,
`history` reads a returning visitor's earlier contacts back. Commands in
`loketcli.cli.cmd_register` call these and render what they return.
"""
