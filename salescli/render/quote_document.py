"""A quote as a document to send or print (`quote render`): Markdown, or one
self-contained HTML page (UTF-8, inline CSS, nothing fetched from a network).

Both show the same parts in the same order: the seller, the customer and the contact it
is addressed to, the quote's number, version and dates, its lines, the totals with tax
by rate, the note and the terms. Costs and margin are the seller's own business and are
left out. Every text from the book is escaped (and its control characters written out),
so a customer's name cannot break the page or a Markdown table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from salescli.controls import visible
from salescli.models.records import Party, QuoteDocument, QuoteLine
from salescli.render.cells import percent, text
from salescli.render.quote_views import quantity


class _Total(NamedTuple):
    label: str
    amount: str
    strong: bool = False


def _discount_given(line: QuoteLine) -> str:
    if line.discount_percent is not None:
        return percent(line.discount_percent)
    if line.discount_amount is not None:
        return text(line.discount_amount)
    return ""


def _totals(document: QuoteDocument) -> list[_Total]:
    """The totals as the customer reads them: the lines' sum, the overall discount, then
    net, tax by rate and gross (where prices include tax: the gross, then what it holds
    in tax and the net)."""
    detail = document.detail
    quote = detail.quote
    subtotal = sum((line.net for line in detail.lines), Decimal(0))
    overall = sum((line.overall_share for line in detail.lines), Decimal(0))
    incl = " incl. tax" if quote.tax_included else ""
    totals = []
    if overall:
        given = f" {percent(quote.discount_percent)}" if quote.discount_percent is not None else ""
        totals += [
            _Total(f"Subtotal{incl}", text(subtotal)),
            _Total(f"Overall discount{given}", f"-{text(overall)}"),
        ]
    taxes = [
        _Total(f"{'of which tax' if quote.tax_included else 'Tax'} {percent(t.rate)}", text(t.tax))
        for t in detail.taxes
    ]
    if quote.tax_included:
        totals += [
            _Total(f"Total incl. tax ({document.currency})", text(quote.gross), strong=True),
            *taxes,
            _Total("Net excl. tax", text(quote.net)),
        ]
    else:
        totals += [
            _Total("Net", text(quote.net)),
            *taxes,
            _Total(f"Total incl. tax ({document.currency})", text(quote.gross), strong=True),
        ]
    return totals


def _notice(document: QuoteDocument) -> str | None:
    """A word on a version that is not the standing offer. A draft has none: it is
    rendered to be sent."""
    quote = document.detail.quote
    if quote.superseded:
        return f"Superseded: version {document.detail.versions} replaces this version."
    return {
        "expired": f"Expired on {quote.valid_until}.",
        "rejected": "Declined.",
    }.get(quote.status)


def _title(document: QuoteDocument) -> str:
    quote = document.detail.quote
    version = f", version {quote.version}" if document.detail.versions > 1 else ""
    return f"Quote {quote.number}{version}"


def _facts(document: QuoteDocument) -> list[tuple[str, str]]:
    quote = document.detail.quote
    prepared = ""
    if document.rep is not None:
        prepared = ", ".join(part for part in (document.rep.name, document.rep.email) if part)
    facts = [
        ("Quote", f"{quote.number}, version {quote.version}"),
        ("Date", text(quote.quoted_on)),
        ("Valid until", text(quote.valid_until)),
        (
            "Prices",
            f"{document.currency}, {'including' if quote.tax_included else 'excluding'} tax",
        ),
        ("Prepared by", prepared),
    ]
    return [(label, value) for label, value in facts if value]


def _party_lines(party: Party | None, *, attention: bool = False) -> list[str]:
    if party is None:
        return []
    name = party.name or ""
    if attention and name:
        name = "Attn: " + ", ".join(part for part in (name, party.title) if part)
    lines = [name] if name else []
    if party.address:
        lines += party.address.splitlines()
    reach = " · ".join(part for part in (party.phone, party.email) if part)
    if reach:
        lines.append(reach)
    if party.tax_id:
        lines.append(f"Tax id: {party.tax_id}")
    return [line for line in lines if line.strip()]


def _line_cells(line: QuoteLine) -> list[str]:
    description = line.description + (f" ({line.product})" if line.product else "")
    return [
        str(line.position),
        description,
        quantity(line.quantity),
        line.unit or "",
        text(line.unit_price),
        _discount_given(line),
        percent(line.tax_rate),
        text(line.net),
    ]


LINE_HEADS = ("#", "Description", "Qty", "Unit", "Unit price", "Discount", "Tax", "Amount")
# Which columns hold numbers (right-aligned).
LINE_NUMERIC = (True, False, True, False, True, True, True, True)


# Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def _md(value: str) -> str:
    """Text as Markdown shows it literally, on one line."""
    one_line = " ".join(visible(value).split())
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def _md_block(lines: Sequence[str]) -> list[str]:
    """Lines of text kept as lines (a hard break, a backslash, ends each but the last)."""
    escaped = [_md(line) for line in lines if line.strip()]
    return [line + "\\" for line in escaped[:-1]] + escaped[-1:]


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(document: QuoteDocument) -> str:
    """The quote as a Markdown document."""
    detail = document.detail
    quote = detail.quote
    out = [f"# {_md(_title(document))}", ""]
    notice = _notice(document)
    if notice:
        out += [f"**{_md(notice)}**", ""]
    for heading, lines in (
        ("From", _party_lines(document.seller)),
        ("To", _party_lines(document.customer) + _party_lines(document.contact, attention=True)),
    ):
        if lines:
            out += [f"**{heading}**", "", *_md_block(lines), ""]
    out += [_md_row(["", ""]), _md_row(["---", "---"])]
    out += [_md_row([_md(label), _md(value)]) for label, value in _facts(document)]
    out += ["", "## Lines", ""]
    if detail.lines:
        out.append(_md_row(LINE_HEADS))
        out.append(_md_row(["---:" if right else "---" for right in LINE_NUMERIC]))
        out += [_md_row([_md(cell) for cell in _line_cells(line)]) for line in detail.lines]
    else:
        out.append("(no lines yet)")
    out += ["", "## Totals", "", _md_row(["", document.currency]), _md_row(["---", "---:"])]
    for total in _totals(document):
        label, amount = _md(total.label), _md(total.amount)
        if total.strong:
            label, amount = f"**{label}**", f"**{amount}**"
        out.append(_md_row([label, amount]))
    for heading, body in (("Note", quote.note), ("Terms", document.terms)):
        if body:
            out += ["", f"## {heading}", "", *_md_block(body.splitlines())]
    if document.bank:
        out += ["", "## Payment", "", *_md_block(document.bank.splitlines())]
    return "\n".join(out) + "\n"


# HTML -------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #1f2328; background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 860px; margin: 0 auto; padding: 32px 28px; }
header { display: flex; justify-content: space-between; align-items: flex-start;
  gap: 24px; border-bottom: 2px solid #1f2328; padding-bottom: 14px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: 0.02em; }
h2 { font-size: 15px; margin: 26px 0 8px; text-transform: uppercase;
  letter-spacing: 0.06em; color: #57606a; }
.seller { text-align: right; }
.seller .name, .party .name { font-weight: 600; font-size: 15px; }
.notice { margin: 14px 0 0; padding: 8px 12px; border: 1px solid #d4a72c;
  background: #fff8c5; font-weight: 600; }
.parties { display: flex; justify-content: space-between; gap: 24px; margin-top: 18px; }
.party { flex: 1; }
.label { font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em;
  color: #57606a; margin-bottom: 2px; }
dl.facts { margin: 0; display: grid; grid-template-columns: auto auto; gap: 2px 14px; }
dl.facts dt { color: #57606a; }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: 6px 8px; vertical-align: top; }
table.lines th { text-align: left; font-size: 12px; color: #57606a; font-weight: 600;
  border-bottom: 1px solid #8c959f; }
table.lines td { border-bottom: 1px solid #d0d7de; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.lines th.num { text-align: right; }
table.totals { width: auto; min-width: 50%; margin: 12px 0 0 auto; }
table.totals td { padding: 3px 8px; }
table.totals tr.strong td { font-weight: 700; font-size: 16px;
  border-top: 2px solid #1f2328; padding-top: 6px; }
.text { white-space: pre-wrap; }
thead { display: table-header-group; }
tr, .totals, .terms { break-inside: avoid; page-break-inside: avoid; }
@media print { main { padding: 0; max-width: none; } }
""".strip()


def _h(value: str) -> str:
    return html.escape(visible(value))


def _html_lines(lines: Sequence[str], *, first_class: str = "name") -> str:
    parts = []
    for index, line in enumerate(lines):
        css = f' class="{first_class}"' if index == 0 and first_class else ""
        parts.append(f"<div{css}>{_h(line)}</div>")
    return "".join(parts)


def _html_party(label: str, lines: Sequence[str]) -> str:
    if not lines:
        return ""
    return f'<div class="party"><div class="label">{label}</div>{_html_lines(lines)}</div>'


_CHINESE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f]")


def _language(document: QuoteDocument) -> str:
    """The page's language for fonts and screen readers: zh when the quote holds Chinese
    text (a customer, a line, the terms), else en, in which its headings are written."""
    return "zh" if _CHINESE.search(markdown(document)) else "en"


def page(document: QuoteDocument) -> str:
    """The quote as one self-contained HTML page."""
    detail = document.detail
    quote = detail.quote
    title = _title(document)
    customer = document.customer.name or ""
    facts = "".join(
        f"<dt>{_h(label)}</dt><dd>{_h(value)}</dd>" for label, value in _facts(document)
    )
    seller_lines = _party_lines(document.seller)
    notice = _notice(document)
    heads = "".join(
        f'<th class="num">{head}</th>' if right else f"<th>{head}</th>"
        for head, right in zip(LINE_HEADS, LINE_NUMERIC, strict=True)
    )
    rows = (
        "".join(
            "<tr>"
            + "".join(
                f'<td class="num">{_h(cell)}</td>' if right else f"<td>{_h(cell)}</td>"
                for cell, right in zip(_line_cells(line), LINE_NUMERIC, strict=True)
            )
            + "</tr>"
            for line in detail.lines
        )
        or f'<tr><td colspan="{len(LINE_HEADS)}">(no lines yet)</td></tr>'
    )
    totals = "".join(
        f"<tr{' class=strong' if total.strong else ''}><td>{_h(total.label)}</td>"
        f'<td class="num">{_h(total.amount)}</td></tr>'
        for total in _totals(document)
    )
    sections = "".join(
        f'<section class="terms"><h2>{heading}</h2><div class="text">{_h(body)}</div></section>'
        for heading, body in (
            ("Note", quote.note),
            ("Terms", document.terms),
            ("Payment", document.bank),
        )
        if body
    )
    return f"""<!DOCTYPE html>
<html lang="{_language(document)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_h(title)}{" — " + _h(customer) if customer else ""}</title>
<style>
{STYLE}
</style>
</head>
<body>
<main>
<header>
<div><h1>{_h(title)}</h1><dl class="facts">{facts}</dl></div>
<div class="seller">{_html_lines(seller_lines)}</div>
</header>
{f'<p class="notice">{_h(notice)}</p>' if notice else ""}
<div class="parties">
{_html_party("To", _party_lines(document.customer))}
{_html_party("Attention", _contact_lines(document.contact))}
</div>
<h2>Lines</h2>
<table class="lines">
<thead><tr>{heads}</tr></thead>
<tbody>{rows}</tbody>
</table>
<table class="totals">
<tbody>{totals}</tbody>
</table>
{sections}
</main>
</body>
</html>
"""


def _contact_lines(contact: Party | None) -> list[str]:
    if contact is None:
        return []
    lines = _party_lines(contact)
    if contact.title and lines:
        lines.insert(1, contact.title)
    return lines
