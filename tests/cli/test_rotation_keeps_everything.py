"""`passwd --rotate-key` replaces the vault key: everything sealed under its
subkeys goes along in the same transaction: the transfer identity, the
colleagues, the ledger of imported transfers and the register's token."""

from __future__ import annotations

import json
from pathlib import Path

from loket_testkit import FixedClock
from test_transfer import Desk, aad, bea, clock, full_case, pair, send  # noqa: F401 - fixtures


def test_rotation_keeps_identity_colleagues_imports_and_token(pair: tuple[Desk, Desk],  # noqa: F811
                                                              clock: FixedClock,  # noqa: F811
                                                              tmp_path: Path) -> None:
    sender, bea_desk = pair
    full_case(sender, clock)
    sent = tmp_path / "K-0001.age"
    assert send(sender, sent).exit_code == 0
    assert bea_desk.run("transfer", "receive", str(sent)).exit_code == 0
    bea_desk.ok("register", "setup", "--url", "https://openklant.example.org", "--token-stdin",
           input="0123456789abcdef0123456789abcdef01234567\n")
    identity, colleagues = bea_desk.identity(), bea_desk.ok("colleague", "list", "--json").stdout

    rotated = bea_desk.run("passwd", "--rotate-key")
    assert rotated.exit_code == 0, rotated.stderr

    assert bea_desk.identity() == identity
    assert bea_desk.ok("colleague", "list", "--json").stdout == colleagues
    assert json.loads(bea_desk.ok("register", "status", "--json").stdout)["token"] is True
    assert bea_desk.run("verify").exit_code == 0
    # A file imported before the rotation still counts as imported.
    again = bea_desk.run("transfer", "receive", str(sent))
    assert again.exit_code == 2 and "al" in again.stderr
    # And a new file still opens.
    sender.ok("intake", "--name", "Testpersoon Twee", "--question", "Brief van DUO", "--channel", "balie")
    second = tmp_path / "K-0002.age"
    assert sender.run("transfer", "send", "2", "--to", "Bea", "-o", str(second), input="dienst\n").exit_code == 0
    assert bea_desk.run("transfer", "receive", str(second)).exit_code == 0
