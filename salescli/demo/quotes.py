"""The demo's price list and quotes, made through the ordinary services on the days
they would have been: quotes in every state on the team's open deals — one revised to
version 2 and accepted, one sent and expiring this week, one waiting for a manager's
approval, one rejected, one expired, one draft — so `quote list`, `quote history`,
`forecast --explain` and `quote render` have something to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from salescli.config import QuoteRules, Seller
from salescli.demo.timeline import Ids, Step
from salescli.services.core.session import Session
from salescli.services.orders import products, quote_states, quotes

MANAGER = "maria"
# The seller on the tour's rendered quote (a book's own comes from its settings).
DEMO_SELLER = Seller(
    name="云拓网络 Yuntuo Networks",
    address="深圳市南山区科技园南区 8 栋 1203\nShenzhen 518057",
    phone="0755-2666 1234",
    email="sales@example.com",
    tax_id="91440300MA5F00DEMO",
    bank="招商银行深圳科技园支行 755 9123 4567 0001",
    terms="Payment: 30% on order, 70% on delivery. Delivery within 15 working days.\n"
    "价格含运费，有效期内有效。",
)
PRICE_LIST = (
    # code, name, unit, price, cost, tax rate
    ("SW-24", "Edge switch 24-port 交换机", "pcs", "4800", "3100", "13"),
    ("AP-6", "Wi-Fi 6 access point 无线接入点", "pcs", "1650", "990", "13"),
    ("FW-1", "Firewall appliance 防火墙", "pcs", "28500", "19000", "13"),
    ("LIC-Y", "Management licence, yearly 管理软件年费", "year", "12000", None, "6"),
    ("SVC-H", "Installation 安装调试", "hour", "380", "210", "6"),
)


@dataclass
class DemoQuotes:
    """The quotes the tour points at, by number, once the steps have run."""

    accepted: int = 0  # revised to version 2, then accepted
    expiring: int = 0  # sent, valid until this week's end
    pending: int = 0  # a draft waiting for a manager's approval


# After each day's history steps and the contracts'.
ORDER = 2_000_000


def quote_steps(today: date) -> tuple[list[Step], DemoQuotes]:
    """The price list (set up 90 days ago) and six quotes, each on the newest open deal
    without a quote on the day it is made, as dated steps to run with the history."""
    rules = QuoteRules()
    steps: list[Step] = []
    numbers: dict[str, int] = {}
    owners: dict[str, str] = {}
    made = DemoQuotes()

    def on(days_ago: int, action: Callable[[Session], object]) -> None:
        def run(session: Session, _ids: Ids) -> None:
            action(session)

        steps.append(Step(today - timedelta(days=days_ago), ORDER + len(steps), MANAGER, run))

    def price_list(session: Session) -> None:
        for code, name, unit, price, cost, rate in PRICE_LIST:
            products.add_product(
                session,
                code=code,
                name=name,
                unit=unit,
                price=Decimal(price),
                cost=Decimal(cost) if cost else None,
                tax_rate=Decimal(rate),
            )

    def new(
        key: str, days_ago: int, lines: list[tuple[str, str]], discount: str | None = None
    ) -> None:
        def make(session: Session) -> None:
            row = session.db.row(
                "SELECT o.id, r.handle FROM opportunity o JOIN rep r ON r.id = o.owner_id"
                " JOIN account a ON a.id = o.account_id WHERE o.status = 'open'"
                " AND o.archived_at IS NULL AND a.credit_limit IS NULL AND NOT EXISTS"
                " (SELECT 1 FROM quote q WHERE q.opportunity_id = o.id)"
                " ORDER BY o.opened_on DESC, o.id LIMIT 1"
            )
            assert row is not None, "the history has open deals"
            owners[key] = str(row["handle"])
            session.act_as(owners[key])
            quote = quotes.new_quote(session, rules=rules, deal=int(row["id"]), discount=discount)
            numbers[key] = quote.number
            for code, quantity in lines:
                quotes.add_line(
                    session, rules=rules, number=quote.number, product=code, quantity=quantity
                )

        on(days_ago, make)

    def then(key: str, days_ago: int, action: Callable[[Session, int], object]) -> None:
        def act(session: Session) -> None:
            session.act_as(owners[key])
            action(session, numbers[key])

        on(days_ago, act)

    def send(session: Session, number: int) -> object:
        return quote_states.send_quote(session, number=number, rules=rules)

    on(90, price_list)
    # Sent and never answered: expired.
    new("expired", 75, [("SW-24", "4"), ("LIC-Y", "1")])
    then("expired", 74, send)
    # Rejected on price.
    new("rejected", 60, [("AP-6", "60"), ("SVC-H", "24")])
    then("rejected", 58, send)
    then("rejected", 45, lambda session, number: quote_states.reject_quote(
        session, number=number, rules=rules, reason="a competitor was 12% cheaper"))  # fmt: skip
    # Revised after the customer asked for a lower price, then accepted.
    new("accepted", 40, [("SW-24", "12"), ("AP-6", "30"), ("SVC-H", "40")])
    then("accepted", 38, send)
    then("accepted", 20, lambda session, number: quote_states.revise_quote(
        session, number=number, rules=rules))  # fmt: skip
    then("accepted", 20, lambda session, number: quotes.edit_quote(
        session, rules=rules, number=number, discount="5%"))  # fmt: skip
    then("accepted", 19, send)
    then("accepted", 6, lambda session, number: quote_states.accept_quote(
        session, number=number, rules=rules))  # fmt: skip
    # Sent 27 days ago: valid until three days from today.
    new("expiring", 27, [("FW-1", "2"), ("LIC-Y", "2"), ("SVC-H", "16")])
    then("expiring", 26, send)
    # A discount over quote.max_discount: waiting for the manager.
    new("pending", 2, [("SW-24", "40"), ("SVC-H", "60")], discount="20%")
    # A draft being put together today, with a free-text line.
    new("draft", 0, [("AP-6", "8")])
    then("draft", 0, lambda session, number: quotes.add_line(
        session, rules=rules, number=number, text="Site survey 现场勘查", price="1500"))  # fmt: skip

    def record(_session: Session) -> None:
        made.accepted, made.expiring = numbers["accepted"], numbers["expiring"]
        made.pending = numbers["pending"]

    on(0, record)
    return steps, made
