"""What a domain asks of the daily digest (``activities.remind``): plain items, each a
thing to do by a day, that the digest turns into reminders. Domains with reminders of
their own (orders, marketing) keep their queries beside their tables and return these."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Due(NamedTuple):
    """One thing to do by ``due``: about an account (when ``account`` is set) or about
    the rep's own work (a campaign, expenses to approve); ``opportunity``: the deal it
    is about, if any."""

    due: date
    account_id: int | None
    account: str | None
    contact: str | None
    phone: str | None
    owner_id: int
    message: str
    command: str
    opportunity: int | None = None
