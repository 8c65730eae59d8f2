"""What products and quotes look like in tables, detail views and messages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from salescli.render.cells import percent, text

if TYPE_CHECKING:  # annotations only: contract views load this module for its line columns
    from salescli.models.records import (
        Product,
        ProductDetail,
        ProductPrice,
        Quote,
        QuoteAcceptance,
        QuoteDetail,
    )

__all__ = ["text"]
from salescli.render.output import Col, emit_fields, emit_section, emit_table


def quantity(value: Decimal) -> str:
    """2.500 -> '2.5', 3 -> '3'."""
    return f"{value.normalize():f}"


PRODUCT_COLUMNS = (
    Col("Code", lambda p: p.code, nowrap=True, rank=1),
    Col("Name", lambda p: p.name, rank=1),
    Col("Unit", lambda p: p.unit, nowrap=True, rank=3),
    Col("Price", lambda p: text(p.price), right=True, nowrap=True, rank=1),
    Col("Cost", lambda p: text(p.unit_cost), right=True, nowrap=True, rank=4),
    Col("Tax", lambda p: percent(p.tax_rate) + (" incl." if p.tax_included else ""), rank=3),
    Col("Active", lambda p: "yes" if p.active else "no", nowrap=True, rank=2),
)


def products_table(products: Sequence[Product]) -> None:
    emit_table(PRODUCT_COLUMNS, products, title="Products", empty="no products match")


def product_detail(detail: ProductDetail) -> None:
    p = detail.product
    emit_fields(
        f"Product {p.code}: {p.name}",
        [
            ("Status", "active" if p.active else "inactive: not offered on new quotes"),
            ("Unit", p.unit),
            ("List price", text(p.list_price)),
            ("Price today", text(p.price) if p.price != p.list_price else ""),
            ("Unit cost", text(p.unit_cost)),
            ("Tax rate", percent(p.tax_rate) + (", prices include tax" if p.tax_included else "")),
            ("Id", str(p.id)),
        ],
    )
    emit_section("Price history")
    emit_table(
        (
            Col("From", lambda pp: text(pp.valid_from), nowrap=True),
            Col("For", lambda pp: text(pp.account) or "everyone"),
            Col("Price", lambda pp: text(pp.price), right=True, nowrap=True),
            Col("Set by", lambda pp: text(pp.rep), nowrap=True),
        ),
        detail.prices,
        empty="  (the list price only)",
        empty_is_data=True,
    )
    emit_section("Last quoted to each customer")
    emit_table(
        (
            Col("Account", lambda q: q.account),
            Col("Quote", lambda q: f"{q.quote_number} v{q.quote_version}", nowrap=True),
            Col("Date", lambda q: text(q.quoted_on), nowrap=True),
            Col("Status", lambda q: q.status, nowrap=True),
            Col("Qty", lambda q: quantity(q.quantity), right=True, nowrap=True),
            Col("Unit price", lambda q: text(q.unit_price), right=True, nowrap=True),
            Col("Discount", lambda q: text(q.discount) if q.discount else "", right=True),
            Col("Net", lambda q: text(q.net), right=True, nowrap=True),
        ),
        detail.quoted,
        empty="  (not quoted yet)",
        empty_is_data=True,
    )


def price_message(price: ProductPrice, code: str) -> str:
    who = f" for {price.account}" if price.account else ""
    return f"product {code}: {text(price.price)}{who} from {price.valid_from}"


def status_cell(quote: Quote) -> str:
    status = quote.status
    if quote.superseded:
        status += " (superseded)"
    elif quote.needs_approval:
        status += " (needs approval)"
    return status


def _status_style(quote: Quote) -> str:
    return {"accepted": "green", "expired": "red", "rejected": "dim"}.get(quote.status, "")


QUOTE_COLUMNS = (
    Col("Quote", lambda q: str(q.number), right=True, nowrap=True, rank=1),
    Col("Ver.", lambda q: str(q.version), right=True, nowrap=True, rank=3),
    Col("Account", lambda q: q.account, rank=1),
    Col(
        "Deal", lambda q: f"{q.opportunity_id} {q.opportunity}" if q.opportunity_id else "", rank=4
    ),
    Col("Status", status_cell, nowrap=True, rank=1, style=_status_style),
    Col("Valid until", lambda q: text(q.valid_until), nowrap=True, rank=2),
    Col("Net", lambda q: text(q.net), right=True, nowrap=True, rank=1),
    Col("Gross", lambda q: text(q.gross), right=True, nowrap=True, rank=3),
    Col("Owner", lambda q: text(q.owner), nowrap=True, rank=5),
)


def quotes_table(quotes: Sequence[Quote], *, title: str = "Quotes") -> None:
    emit_table(QUOTE_COLUMNS, quotes, title=title, empty="no quotes match")


def quotes_section(quotes: Sequence[Quote]) -> None:
    """An account's or a deal's quotes inside its detail view."""
    emit_section("Quotes")
    emit_table(QUOTE_COLUMNS[:-1], quotes, empty="  (no quotes)", empty_is_data=True)


def acceptance_line(accepted: QuoteAcceptance) -> str:
    before = "(none)" if accepted.amount_before is None else text(accepted.amount_before)
    return (
        f"quote {accepted.quote} v{accepted.version} accepted:"
        f" amount {before} → {text(accepted.amount_after)}"
    )


def acceptances_section(accepted: Sequence[QuoteAcceptance]) -> None:
    """A deal's history of accepted quotes and the amounts they set, in its detail view."""
    emit_section("Quotes accepted")
    emit_table(
        (
            Col("Date", lambda a: text(a.on_date), nowrap=True),
            Col("By", lambda a: text(a.rep), nowrap=True),
            Col("What", acceptance_line),
        ),
        accepted,
        empty="",
        empty_is_data=True,
    )


HISTORY_COLUMNS = (
    Col("Ver.", lambda q: str(q.version), right=True, nowrap=True, rank=1),
    Col("Date", lambda q: text(q.quoted_on), nowrap=True, rank=1),
    Col("Status", status_cell, nowrap=True, rank=1),
    Col("Valid until", lambda q: text(q.valid_until), nowrap=True, rank=2),
    Col("Lines", lambda q: str(q.lines), right=True, rank=3),
    Col("Discount", lambda q: text(q.discount), right=True, nowrap=True, rank=2),
    Col("Net", lambda q: text(q.net), right=True, nowrap=True, rank=1),
    Col("Tax", lambda q: text(q.tax), right=True, nowrap=True, rank=3),
    Col("Gross", lambda q: text(q.gross), right=True, nowrap=True, rank=1),
)


def history_table(versions: Sequence[Quote]) -> None:
    emit_table(
        HISTORY_COLUMNS,
        versions,
        title=f"Quote {versions[0].number}: versions",
        empty="no versions",
    )


def _discount_given(percent_value: Decimal | None, amount: Decimal | None) -> str:
    if percent_value is not None:
        return percent(percent_value)
    return text(amount)


# What a line is, shared by quotes' and contracts' lines.
LINE_HEAD = (
    Col("#", lambda line: str(line.position), right=True, nowrap=True, rank=1),
    Col("Product", lambda line: text(line.product), nowrap=True, rank=3),
    Col("Description", lambda line: line.description, rank=1),
    Col(
        "Qty",
        lambda line: quantity(line.quantity) + (f" {line.unit}" if line.unit else ""),
        right=True,
        rank=1,
    ),
    Col("Unit price", lambda line: text(line.unit_price), right=True, nowrap=True, rank=1),
)
LINE_COLUMNS = (
    *LINE_HEAD,
    Col(
        "Discount",
        lambda line: _discount_given(line.discount_percent, line.discount_amount),
        right=True,
        rank=2,
    ),
    Col("Tax", lambda line: percent(line.tax_rate), right=True, nowrap=True, rank=3),
    Col("Amount", lambda line: text(line.net), right=True, nowrap=True, rank=1),
)


def quote_detail(detail: QuoteDetail) -> None:
    q = detail.quote
    versions = f", version {q.version} of {detail.versions}" if detail.versions > 1 else ""
    approval = ""
    if q.needs_approval:
        approval = f"needed: largest discount {percent(q.max_discount)}"
    elif q.approved_by:
        approval = f"by {q.approved_by} on {q.approved_at}"
    emit_fields(
        f"Quote {q.number}{versions}",
        [
            ("Status", status_cell(q) + _decided(q)),
            ("Account", f"{q.account} ({q.account_id})"),
            ("Contact", f"{q.contact} ({q.contact_id})" if q.contact else ""),
            ("Deal", f"{q.opportunity} ({q.opportunity_id})" if q.opportunity_id else ""),
            ("Date", text(q.quoted_on)),
            ("Valid until", text(q.valid_until)),
            ("Prices", "include tax" if q.tax_included else "exclude tax"),
            ("Approval", approval),
            ("Owner", text(q.owner)),
            ("Note", text(q.note)),
            (
                "Contract",
                ", ".join(
                    f"{made.number} ({made.status}, from version {made.quote_version})"
                    for made in detail.contracts
                ),
            ),
        ],
    )
    emit_section("Lines")
    emit_table(LINE_COLUMNS, detail.lines, empty="  (no lines yet)", empty_is_data=True)
    emit_section("Totals")
    overall = _discount_given(q.discount_percent, q.discount_amount)
    # Where prices include tax, the list amount and the discounts do too: list less
    # discount is then the gross.
    incl = " incl. tax" if q.tax_included else ""
    margin = f" ({percent(q.margin_percent)})" if q.margin is not None else ""
    totals = [
        (f"List{incl}", q.list_amount, ""),
        (f"Discount{incl}", q.discount, f" (overall {overall})" if overall else ""),
        ("Net", q.net, ""),
        *((f"Tax {percent(t.rate)}", t.tax, "") for t in detail.taxes),
        ("Gross", q.gross, ""),
        ("Margin", q.margin, margin),
    ]
    # The amounts right-aligned on one edge, so they read as a column and add up.
    width = max(len(text(amount)) for _, amount, _ in totals)
    emit_fields(
        "",
        [
            (label, text(amount).rjust(width) + note if amount is not None else "")
            for label, amount, note in totals
        ],
    )


def _decided(quote: Quote) -> str:
    if quote.status == "accepted":
        return f" on {quote.decided_on}"
    if quote.status == "rejected":
        return f" on {quote.decided_on}" + (
            f": {quote.reject_reason}" if quote.reject_reason else ""
        )
    if quote.sent_on:
        return f", sent {quote.sent_on}"
    return ""


def quote_message(verb: str, quote: Quote) -> str:
    deal = f", deal {quote.opportunity_id}" if quote.opportunity_id else ""
    return (
        f"{verb} quote {quote.number} v{quote.version} ({quote.account}{deal}):"
        f" net {text(quote.net)}, {quote.status}"
    )
