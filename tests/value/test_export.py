"""account export carries the value columns; account import leaves them out, saying so."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import Cli
from tests.value.conftest import load_purchases


def test_export_has_the_value_columns_and_import_ignores_them(cli: Cli, tmp_path: Path) -> None:
    load_purchases(cli, tmp_path, [("Big", "500", "2026-02-01")], customers=["Idle"])
    cli.ok("account", "classify", "--apply")
    cli.ok("account", "edit", "Idle", "--class", "C", "--pin")
    exported = cli.ok("account", "export").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [
        (r["name"], r["abc_class"], r["revenue_12_months"], r["class_pinned"], r["vip"],
         r["lifecycle"])
        for r in rows
    ] == [("Idle", "C", "0.00", "yes", "no", "no-value"), ("Big", "A", "500.00", "no", "no", "new")]  # fmt: skip
    # Big bought 500 on 2026-02-01, under a year ago (1 year counted); nobody bought in the
    # year before the last, so nothing is projected: its lifetime value is what it bought.
    assert rows[1]["lifetime_value"] == "500.00"
    sheet = tmp_path / "accounts-out.csv"
    sheet.write_text(exported.replace("500.00", "999.00"), encoding="utf-8")
    result = cli.ok("account", "import", str(sheet))
    assert result.stderr.splitlines()[0] == (
        "read only, worked out by salescli: revenue_12_months, class_pinned, vip, lifecycle,"
        " lifetime_value (not imported)"
    )
    assert "500.00" in cli.ok("account", "export").stdout


def test_keep_extra_keeps_no_value_column(cli: Cli, tmp_path: Path) -> None:
    """The value columns are the book's own figures: --keep-extra does not make facts of
    them, and keeps the other columns a spreadsheet added."""
    load_purchases(cli, tmp_path, [("Big", "500", "2026-02-01")])
    exported = cli.ok("account", "export").stdout.splitlines()
    sheet = tmp_path / "accounts-out.csv"
    added = [f"{exported[0]},Notes", *(f"{line},call back" for line in exported[1:])]
    sheet.write_text("\n".join(added) + "\n", encoding="utf-8")
    result = cli.ok("account", "import", str(sheet), "--keep-extra")
    assert result.stderr.splitlines() == [
        "read only, worked out by salescli: revenue_12_months, class_pinned, vip, lifecycle,"
        " lifetime_value (not imported)",
        "imported 1 account: 0 new, 0 updated, 1 unchanged",
        "kept 1 extra column as account facts: Notes",
    ]
    assert cli.ok("account", "fact", "Big").stdout == "Key    Value\nnotes  call back\n"
