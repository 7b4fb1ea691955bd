"""Write tests/fixtures/store_v8.db: a small store made by the version with the
first search index (schema 8, `_v8_search_index`: one row per bucket, every
word of a name a key), committed so that every later version is tested to
migrate it to the sharded index and to find its visitors
(tests/storage/test_fixture_store_v8.py).

It was run once, from a checkout of commit 3ac012e (the last schema 8
version): `git worktree add --detach ../v8 3ac012e`, a venv there, then
`python scripts/make_fixture_store_v8.py` in it. Never regenerate it with a
later version: its point is that it was written by that one. All data is
synthetic.

Contents (passphrase PASSPHRASE below; Argon2id at OWASP's floor, 19 MiB and
2 passes, so it opens without the test suite's cheap-KDF switch):

- K-0001, open: visitor "Fixtuur Testpersoon", BSN 123456782 (passes the
  elfproef, belongs to nobody), phone 06-11112222, question "Vraag over de
  fixtuurtoeslag", channel balie, agency toeslagen; a note "Fixtuurnotitie
  een"; a professionallijn call to the SVB with question "Fixtuurvraag aan de
  SVB" and outcome terugbelverzoek (which plans a call-back follow-up); a
  follow-up "Fixtuurdocument meenemen" due 2026-03-09 10:00, done.
- K-0002: visitor "Fixtuur Tweede", question "Tweede fixtuurvraag",
  channel telefoon; closed with result opgelost.
- K-0003: erased (in the erasure ledger only).
- K-0004, open: visitor "Fixtuur Vierde-de Wit (demo)", the same BSN as K-0001,
  e-mail Vierde.Fixtuur@Example.org, question "Vierde fixtuurvraag", channel
  balie (recognised at intake as K-0001's visitor, opened anyway).
- Settings: desk_name "Fixtuurloket", retention 3y.
- A recovery key (RECOVERY_KEY below) in the recovery slot.
- The audit trail of all of the above.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "fixtures" / "store_v8.db"
PASSPHRASE = "fixtuur wachtwoord 8"
RECOVERY_KEY = "FIXT-UURN-EGEN-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from zoneinfo import ZoneInfo

    import loketcli.domain.clock as clock
    from loketcli.crypto import KdfParams
    from loketcli.services.vault import init_vault

    zone = ZoneInfo("Europe/Amsterdam")
    if TARGET.exists():
        sys.exit(f"{TARGET} exists: a fixture is never regenerated")
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "store.db"
        os.environ.update({"LOKET_DB": str(db), "LOKET_PASSPHRASE": PASSPHRASE, "LOKET_NO_AGENT": "1",
                           "LOKET_LANG": "nl"})
        os.environ.pop("LOKET_SESSION", None)
        os.environ.pop("LOKET_TEST_INSECURE_KDF", None)
        moment = datetime(2026, 3, 2, 9, 0, tzinfo=zone)
        init_vault(db, PASSPHRASE, moment, KdfParams.fresh(memory_kib=19456, iterations=2, lanes=1),
                   RECOVERY_KEY)

        from loketcli.cli.app import app
        steps: list[tuple[int, list[str]]] = [
            (5, ["intake", "--name", "Fixtuur Testpersoon", "--bsn", "123456782", "--phone", "06-11112222",
                 "--question", "Vraag over de fixtuurtoeslag", "--channel", "balie", "--agency", "toeslagen",
                 "--consent", "--minutes", "15"]),
            (10, ["note", "K-0001", "Fixtuurnotitie een"]),
            (15, ["call", "K-0001", "svb", "--driegesprek", "--question", "Fixtuurvraag aan de SVB",
                  "--outcome", "terugbelverzoek", "--minutes", "10"]),
            (20, ["followup", "add", "K-0001", "Fixtuurdocument meenemen", "--due", "2026-03-09 10:00"]),
            (25, ["intake", "--name", "Fixtuur Tweede", "--question", "Tweede fixtuurvraag",
                  "--channel", "telefoon"]),
            (30, ["intake", "--name", "Fixtuur Derde", "--question", "Derde fixtuurvraag", "--channel", "balie"]),
            (35, ["erase", "K-0003", "--yes"]),
            (40, ["close", "K-0002", "--result", "opgelost"]),
            (45, ["config", "set", "desk.name", "Fixtuurloket"]),
            (50, ["config", "set", "retention", "3y"]),
            (52, ["intake", "--name", "Fixtuur Vierde-de Wit (demo)", "--bsn", "123456782",
                  "--email", "Vierde.Fixtuur@Example.org", "--question", "Vierde fixtuurvraag",
                  "--channel", "balie"]),
        ]
        for minutes, args in steps:
            at = moment.replace(minute=minutes)
            clock.now = lambda at=at: at  # type: ignore[assignment]
            code = app(args, prog_name="loket", standalone_mode=False)
            if code not in (0, None):
                sys.exit(f"step {args[0]} failed: {code}")
        # The follow-up planned by hand, done (its id is the last one).
        import sqlite3

        conn = sqlite3.connect(db)
        (last,) = conn.execute("SELECT max(id) FROM followups").fetchone()
        conn.close()
        clock.now = lambda: moment.replace(minute=55)  # type: ignore[assignment]
        code = app(["followup", "done", f"#{last}"], prog_name="loket", standalone_mode=False)
        if code not in (0, None):
            sys.exit(f"followup done failed: {code}")
        import gc

        gc.collect()  # the commands' own connections, so the checkpoint can empty the WAL
        conn = sqlite3.connect(db)
        (busy, _, _) = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        conn.close()
        if busy:
            sys.exit("could not checkpoint the WAL")
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_bytes(db.read_bytes())
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
