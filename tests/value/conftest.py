"""Books of purchases for customer value: accounts and won deals imported from CSV, the
way a rep would bring a history in."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.conftest import Cli

Purchase = tuple[str, str, str]  # account, amount, close date


def load_purchases(
    cli: Cli,
    folder: Path,
    purchases: Sequence[Purchase],
    *,
    customers: Sequence[str] = (),
    owner: str = "alice",
) -> None:
    """Customers (every account named, status customer, owned by ``owner``) and one won
    deal per purchase, opened the day it closed."""
    names = list(dict.fromkeys([*customers, *(account for account, _, _ in purchases)]))
    accounts = folder / "accounts.csv"
    accounts.write_text(
        "name,status,owner\n" + "".join(f"{name},customer,{owner}\n" for name in names),
        encoding="utf-8",
    )
    cli.ok("account", "import", str(accounts), rep="maria")
    if not purchases:
        return
    deals = folder / "deals.csv"
    deals.write_text(
        "name,account,amount,stage,opened_on,closed_on,owner\n"
        + "".join(
            f"Deal {index},{account},{amount},won,{day},{day},{owner}\n"
            for index, (account, amount, day) in enumerate(purchases, start=1)
        ),
        encoding="utf-8",
    )
    cli.ok("opp", "import", str(deals), rep="maria")
