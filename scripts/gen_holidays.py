#!/usr/bin/env python3
"""Regenerate data/holidays_nl.json from the installed `holidays` package.

    .venv/bin/python scripts/gen_holidays.py

tests/unit/test_holiday_table.py fails when the shipped table and the package
disagree (after a `holidays` upgrade that changes a rule): run this, review the
diff, commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from loketcli.domain.dates import FIRST_YEAR, LAST_YEAR, holidays_from_library


def main() -> None:
    import holidays

    days = {day.isoformat(): name for year in range(FIRST_YEAR, LAST_YEAR + 1)
            for day, name in holidays_from_library(year).items()}
    body = {"source": f"holidays {holidays.__version__}", "years": [FIRST_YEAR, LAST_YEAR], "days": days}
    target = Path(__file__).resolve().parents[1] / "data" / "holidays_nl.json"
    target.write_text(json.dumps(body, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(days)} days off written to {target}")


if __name__ == "__main__":
    main()
