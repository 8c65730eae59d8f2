"""Quotes in spreadsheets: `quote export` writes one row per line with the quote's own
fields (number, version, account, status, validity...) repeated on each, and `quote
import` reads such a sheet back, or another system's.

An import adds quote versions the book does not have. The rows of one version (same
number and version) must agree on the quote's fields; a row without a product, text or
price is a version with no lines. Every row is read and checked first, and the whole file
is refused when any is wrong (``line N: field: reason``): an unknown account, deal,
contact, owner or product, a deal of another account, a version the book has already
(``--on-conflict skip`` passes over those), two accepted quotes on one deal. Then every
version is written in one transaction, priced as `quote line add` prices it, and each
number's earlier versions are marked superseded; the import log keeps it for `import
undo`. An imported accepted quote leaves its deal's amount as it is (accepting in
salescli sets it).

Kept apart from quotes.py so everyday commands never load the CSV engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from salescli import csvio
from salescli.errors import CsvRejected, InvalidValue, SalesError, UsageProblem
from salescli.models.records import ImportResult, Product
from salescli.services.core import import_log, permissions
from salescli.services.core.bulk import ImportOptions
from salescli.services.core.events import record_event
from salescli.services.core.rows import stored
from salescli.services.core.session import Session
from salescli.services.customers.accounts import resolve_account
from salescli.services.customers.contacts import contact_of_account
from salescli.services.orders import entry, pricing
from salescli.services.orders.products import find_product, priced_for
from salescli.services.orders.quotes import STATUSES, reprice

if TYPE_CHECKING:
    from salescli.config import QuoteRules

QUOTE_FIELDS = (
    "number", "version", "account", "opportunity_id", "contact", "owner", "status",
    "quoted_on", "valid_until", "tax_included", "discount", "note", "sent_on", "decided_on",
    "reject_reason",
)  # fmt: skip
LINE_FIELDS = (
    "line", "product", "description", "unit", "quantity", "unit_price", "line_discount",
    "tax_rate", "unit_cost",
)  # fmt: skip
# What the book computes, written for the reader and passed over on import.
TOTAL_FIELDS = ("line_net", "quote_net", "quote_tax", "quote_gross")
HEADER = [*QUOTE_FIELDS, *LINE_FIELDS, *TOTAL_FIELDS]
# Another system's words for a status.
STATUS_WORDS = {
    "草稿": "draft",
    "open": "draft",
    "已发送": "sent",
    "已报价": "sent",
    "已接受": "accepted",
    "won": "accepted",
    "已拒绝": "rejected",
    "lost": "rejected",
    "已过期": "expired",
}


def _whole(what: str, low: int) -> Callable[[str], int]:
    def read(text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise InvalidValue(f"'{text}' is not {what}") from None
        if number < low:
            raise InvalidValue(f"{number} is not {what}")
        return number

    return read


def _status(text: str) -> str:
    word = text.strip().lower()
    word = STATUS_WORDS.get(word, word)
    if word not in STATUSES:
        raise InvalidValue(f"unknown quote status '{text}'", hint=", ".join(STATUSES))
    # Expired is read from the date: a sent quote past its validity.
    return "sent" if word == "expired" else word


def _columns(currency: str) -> tuple[csvio.Column, ...]:
    def discount(text: str) -> pricing.Discount:
        return entry.discount(text, currency)

    return (
        csvio.Column("number", ("quote", "quote number", "quote no", "报价单号", "报价编号"),
                     _whole("a quote number", 1), required=True),
        csvio.Column("version", ("ver", "revision", "版本"), _whole("a version", 1)),
        csvio.Column("account", ("customer", "company", "客户", "客户名称"), required=True),
        csvio.Column("opportunity_id", ("deal", "opportunity", "商机"), _whole("a deal id", 1)),
        csvio.Column("contact", ("attention", "联系人")),
        csvio.Column("owner", ("rep", "salesperson", "负责人", "销售")),
        csvio.Column("status", ("state", "状态"), _status),
        csvio.Column("quoted_on", ("date", "quote date", "报价日期"), kind=csvio.DATE),
        csvio.Column("valid_until", ("valid to", "expires", "有效期至", "有效期"),
                     kind=csvio.DATE),
        csvio.Column("tax_included", ("prices include tax", "含税"), csvio.yes_no),
        csvio.Column("discount", ("overall discount", "整单折扣"), discount),
        csvio.Column("note", ("notes", "备注")),
        csvio.Column("sent_on", ("sent", "发送日期"), kind=csvio.DATE),
        csvio.Column("decided_on", ("decided", "决定日期"), kind=csvio.DATE),
        csvio.Column("reject_reason", ("reason", "拒绝原因")),
        csvio.Column("line", ("position", "line no", "行号", "序号"), _whole("a line number", 1)),
        csvio.Column("product", ("sku", "product code", "item code", "产品编码", "编码")),
        csvio.Column("description", ("text", "item", "品名", "描述", "名称")),
        csvio.Column("unit", ("uom", "单位")),
        csvio.Column("quantity", ("qty", "数量"), entry.quantity),
        csvio.Column("unit_price", ("price", "单价"), kind=csvio.AMOUNT),
        csvio.Column("line_discount", ("line discount", "折扣"), discount),
        csvio.Column("tax_rate", ("tax", "vat", "税率"), entry.rate),
        csvio.Column("unit_cost", ("cost", "成本"), kind=csvio.AMOUNT),
        *(csvio.Column(name, export_only=True) for name in TOTAL_FIELDS),
    )  # fmt: skip


# Exporting --------------------------------------------------------------------------


# Every cell is made by SQLite, as the file writes it: a million rows go from the cursor
# straight to the CSV writer. Only a text cell that a spreadsheet could take for a formula
# goes through csvio.neutralise_cell (registered as inert_cell), as csv_cell would.
_RISKY = ", ".join("'" + char.replace("'", "''") + "'" for char in ("'", "=", "+", "-", "@"))


def _text(column: str) -> str:
    return (
        f"CASE WHEN substr({column}, 1, 1) IN ({_RISKY}, char(9), char(13))"
        f" THEN inert_cell({column}) ELSE {column} END"
    )


def _amount(column: str) -> str:
    """Minor units as a file writes an amount (1234.50, -0.05); empty stays empty."""
    return (
        f"CASE WHEN {column} >= 0 THEN printf('%d.%02d', {column} / 100, {column} % 100)"
        f" WHEN {column} < 0 THEN printf('-%d.%02d', -{column} / 100, -{column} % 100) END"
    )


def _share(column: str) -> str:
    """Basis points as a percentage: 1300 as 13%, 1250 as 12.5%."""
    return (
        f"CASE WHEN {column} % 100 = 0 THEN ({column} / 100) || '%'"
        f" WHEN {column} IS NOT NULL"
        f" THEN rtrim(printf('%d.%02d', {column} / 100, {column} % 100), '0') || '%' END"
    )


def _quantity(column: str) -> str:
    """Thousandths as a quantity: 2000 as 2, 2500 as 2.5."""
    return (
        f"CASE WHEN {column} % 1000 = 0 THEN {column} / 1000"
        f" WHEN {column} IS NOT NULL"
        f" THEN rtrim(printf('%d.%03d', {column} / 1000, {column} % 1000), '0') END"
    )


def _given(percent: str, amount: str) -> str:
    """A discount as given: a percentage, or an amount."""
    return f"CASE WHEN {percent} IS NOT NULL THEN {_share(percent)} ELSE {_amount(amount)} END"


_EXPORT_CELLS = (
    "q.number",
    "q.version",
    _text("a.name"),
    "q.opportunity_id",
    _text("c.name"),
    _text("r.handle"),
    "CASE WHEN q.status = 'sent' AND q.valid_until < :today THEN 'expired' ELSE q.status END",
    "q.quoted_on",
    "q.valid_until",
    "CASE WHEN q.tax_included THEN 'yes' ELSE 'no' END",
    _given("q.discount_percent", "q.discount_amount"),
    _text("q.note"),
    "q.sent_on",
    "q.decided_on",
    _text("q.reject_reason"),
    "l.position",
    _text("p.code"),
    _text("l.description"),
    _text("l.unit"),
    _quantity("l.quantity"),
    _amount("l.unit_price"),
    _given("l.discount_percent", "l.discount_amount"),
    _share("l.tax_rate"),
    _amount("l.unit_cost"),
    _amount("l.net"),
    _amount("q.net"),
    _amount("q.tax"),
    _amount("q.gross"),
)
EXPORT_SQL = (
    f"SELECT {', '.join(_EXPORT_CELLS)}"
    " FROM quote q JOIN account a ON a.id = q.account_id"
    " LEFT JOIN contact c ON c.id = q.contact_id LEFT JOIN rep r ON r.id = q.owner_id"
    " LEFT JOIN quote_line l ON l.quote_id = q.id LEFT JOIN product p ON p.id = l.product_id"
    " ORDER BY q.number, q.version, l.position"
)


def export_quotes(session: Session) -> tuple[list[str], Iterator[Any]]:
    """Every version of every quote, one row per line (a version with no lines: one row
    with the line's fields empty), in the columns an import reads, then the totals. The
    cells are ready for the CSV writer (csvio.write_csv's ``ready``): SQLite makes them."""
    connection = session.db.connection
    connection.create_function("inert_cell", 1, csvio.neutralise_cell, deterministic=True)
    cursor = connection.cursor()
    cursor.row_factory = None  # plain tuples: the writer reads them as they are
    return list(HEADER), cursor.execute(EXPORT_SQL, {"today": session.today.isoformat()})


# Importing --------------------------------------------------------------------------


@dataclass
class _Version:
    """One quote version as the file gives it: its fields (from its first row) and its
    lines, each with the file line it came from."""

    line: int
    fields: dict[str, Any]
    lines: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


class _Problems(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _read(source: csvio.CsvSource) -> tuple[dict[tuple[int, int], _Version], list[str]]:
    """The file's versions in file order, and the problems of single rows."""
    quote_fields = [name for name in source.fields if name in QUOTE_FIELDS]
    versions: dict[tuple[int, int], _Version] = {}
    problems: list[str] = []
    for parsed in source.rows():
        if parsed.problems:
            problems += parsed.problems
            continue
        values = dict(zip(source.fields, parsed.values, strict=True))
        key = (values["number"], values.get("version") or 1)
        own = {name: values.get(name) for name in quote_fields if name != "version"}
        found = versions.get(key)
        if found is None:
            found = versions[key] = _Version(parsed.line, own)
        else:
            for name in quote_fields:
                if name != "version" and own[name] != found.fields[name]:
                    problems.append(
                        f"line {parsed.line}: {name}: differs from line {found.line}, a row"
                        f" of the same quote {key[0]} version {key[1]}"
                    )
        line = {name: values.get(name) for name in LINE_FIELDS if name in values}
        if any(line.get(name) is not None for name in ("product", "description", "unit_price")):
            found.lines.append((parsed.line, line))
        elif any(value is not None for value in line.values()):
            problems.append(
                f"line {parsed.line}: a line needs a product, a description or a unit_price"
            )
    return versions, problems


class _Resolver:
    """Names in the file as the book's ids, each looked up once."""

    def __init__(self, session: Session, rules: QuoteRules, fields: list[str]) -> None:
        self.session = session
        self.rules = rules
        self.fields = set(fields)
        self.accounts: dict[str, int] = {}
        self.products: dict[str, Product] = {}
        self.reps = {
            str(handle): int(rep_id)
            for handle, rep_id in session.db.tuples("SELECT handle, id FROM rep")
        }
        self.manager = permissions.is_manager(session.actor)
        # Deals with an accepted quote, in the book and in the file so far.
        self.accepted = {
            int(deal): f"quote {number} in the book"
            for deal, number in session.db.tuples(
                "SELECT opportunity_id, number FROM quote WHERE status = 'accepted'"
                " AND opportunity_id IS NOT NULL"
            )
        }

    def account(self, name: str) -> int:
        if name not in self.accounts:
            self.accounts[name] = resolve_account(self.session, name).id
        return self.accounts[name]

    def product(self, code: str) -> Product:
        key = code.strip().casefold()
        if key not in self.products:
            self.products[key] = find_product(self.session, code)
        return self.products[key]

    def quote_row(
        self, version: _Version, key: tuple[int, int]
    ) -> tuple[dict[str, Any] | None, list[str]]:
        """A version's columns and what is wrong with them; no columns when its lines
        cannot be checked either (no account)."""
        values = version.fields
        problems: list[str] = []

        def check(name: str, step: Callable[[], Any]) -> Any:
            try:
                return step()
            except SalesError as err:
                problems.append(f"line {version.line}: {name}: {err.message}")
                return None

        account_id = check("account", lambda: self.account(values["account"]))
        owner = values.get("owner") or self.session.actor.handle
        owner_id = self.reps.get(owner.strip().lower())
        if owner_id is None:
            problems.append(f"line {version.line}: owner: no rep '{owner}'")
        elif owner_id != self.session.actor_id and not self.manager:
            problems.append(
                f"line {version.line}: owner: only a manager imports another rep's quotes"
            )
        deal = values.get("opportunity_id")
        if deal is not None and account_id is not None:
            check("opportunity_id", lambda: self._deal(deal, account_id))
        contact_id = None
        if values.get("contact") and account_id is not None:
            contact_id = check(
                "contact", lambda: contact_of_account(self.session, account_id, values["contact"])
            )
        status = values.get("status") or "draft"
        if status == "accepted" and deal is not None:
            other = self.accepted.get(deal)
            if other is not None:
                problems.append(
                    f"line {version.line}: status: opportunity {deal} already has an accepted"
                    f" quote, {other}"
                )
            self.accepted[deal] = f"quote {key[0]} on line {version.line}"
        if account_id is None or owner_id is None:
            return None, problems
        quoted_on = date.fromisoformat(values.get("quoted_on") or self.session.today.isoformat())
        until = (
            values.get("valid_until")
            or (quoted_on + timedelta(days=self.rules.valid_days)).isoformat()
        )
        overall = values.get("discount")
        return {
            "number": key[0],
            "version": key[1],
            "account_id": account_id,
            "opportunity_id": deal,
            "contact_id": contact_id,
            "owner_id": owner_id,
            "status": status,
            "quoted_on": quoted_on.isoformat(),
            "valid_until": until,
            "tax_included": int(bool(values.get("tax_included"))),
            "discount_percent": stored(overall.percent) if overall else None,
            "discount_amount": stored(overall.amount) if overall else None,
            "note": values.get("note"),
            "sent_on": values.get("sent_on"),
            "decided_on": values.get("decided_on"),
            "reject_reason": values.get("reject_reason"),
        }, problems

    def _deal(self, deal: int, account_id: int) -> None:
        row = self.session.db.row(
            "SELECT o.account_id, r.handle AS owner FROM opportunity o"
            " LEFT JOIN rep r ON r.id = o.owner_id WHERE o.id = ?",
            (deal,),
        )
        if row is None:
            raise InvalidValue(f"no opportunity {deal}")
        if row["account_id"] != account_id:
            raise InvalidValue(f"opportunity {deal} is another account's")
        permissions.require_deal_owner(self.session, deal, row["owner"])

    def line_rows(self, version: _Version, quote: dict[str, Any]) -> list[tuple[Any, ...]]:
        """A version's lines as quote_line columns (from position on); raises _Problems."""
        problems: list[str] = []
        rows: list[tuple[Any, ...]] = []
        taken: set[int] = set()
        for line_number, line in version.lines:
            try:
                rows.append(self._line(line, quote, taken, len(rows) + 1))
            except SalesError as err:
                problems.append(f"line {line_number}: {err.message}")
        if problems:
            raise _Problems(problems)
        return rows

    def _line(
        self, line: dict[str, Any], quote: dict[str, Any], taken: set[int], next_position: int
    ) -> tuple[Any, ...]:
        position = line.get("line") or max(taken, default=next_position - 1) + 1
        if position in taken:
            raise InvalidValue(f"line: the quote has a line {position} above already")
        taken.add(position)
        product = None
        unit_price = line.get("unit_price")
        if line.get("product"):
            try:
                product = self.product(line["product"])
            except SalesError as err:
                raise InvalidValue(f"product: {err.message}") from err
            if not product.active and quote["status"] == "draft":
                raise InvalidValue(f"product: {product.code} is inactive; a draft cannot have it")
            if unit_price is None:
                unit_price = stored(
                    priced_for(
                        self.session,
                        product,
                        account_id=quote["account_id"],
                        day=date.fromisoformat(quote["quoted_on"]),
                        tax_included=bool(quote["tax_included"]),
                    )
                )
        if unit_price is None:
            raise InvalidValue("unit_price: a line without a product needs a price")

        def given(name: str, default: Any) -> Any:
            # An absent column takes the product's value; an empty cell is empty.
            return line.get(name) if name in self.fields else default

        description = line.get("description") or (product.name if product else None)
        if not description:
            raise InvalidValue("description: a line without a product needs a text")
        rate = given("tax_rate", product.tax_rate if product else None)
        cost = given("unit_cost", stored(product.unit_cost) if product else None)
        discount = line.get("line_discount")
        return (
            position,
            product.id if product else None,
            description,
            given("unit", product.unit if product else None),
            int((line.get("quantity") or Decimal(1)) * 1000),
            unit_price,
            stored(discount.percent) if discount else None,
            stored(discount.amount) if discount else None,
            stored(rate or Decimal(0)),
            cost,
        )


QUOTE_INSERT = (
    "INSERT INTO quote (number, version, account_id, opportunity_id, contact_id, owner_id,"
    " status, quoted_on, valid_until, tax_included, discount_percent, discount_amount, note,"
    " sent_on, decided_on, reject_reason, max_discount, list_amount, discount, net, tax,"
    " gross, created_at, updated_at) VALUES (:number, :version, :account_id,"
    " :opportunity_id, :contact_id, :owner_id, :status, :quoted_on, :valid_until,"
    " :tax_included, :discount_percent, :discount_amount, :note, :sent_on, :decided_on,"
    " :reject_reason, 0, 0, 0, 0, 0, 0, :now, :now)"
)
LINE_INSERT = (
    "INSERT INTO quote_line (quote_id, position, product_id, description, unit, quantity,"
    " unit_price, discount_percent, discount_amount, tax_rate, unit_cost, list_amount, net,"
    " amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)"
)


def _line_of(problem: str) -> int:
    """The file line a problem names (``line 12: ...``), to report them in file order."""
    return int(problem.split(":", 1)[0].removeprefix("line "))


class _DryRun(Exception):
    pass


def import_quotes(session: Session, options: ImportOptions, *, rules: QuoteRules) -> ImportResult:
    """Add the file's quote versions, all or none (see the module's docstring)."""
    if options.on_conflict not in ("error", "skip"):
        raise UsageProblem(
            f"--on-conflict {options.on_conflict} does not apply to quotes: an imported quote"
            " is not changed by a file (revise it in salescli)",
            hint="--on-conflict skip passes over versions the book has; error refuses them",
        )
    columns = _columns(rules.currency)
    source = csvio.open_csv(
        options.path,
        columns,
        mapping=csvio.parse_mapping(options.mapping, columns),
        encoding=options.encoding,
        formats=options.formats,
    )
    database = session.db
    skipped = 0
    written = 0
    try:
        with closing(source), database.transaction():
            versions, problems = _read(source)
            resolver = _Resolver(session, rules, source.fields)
            existing = {
                (int(number), int(version))
                for number, version in database.tuples("SELECT number, version FROM quote")
            }
            planned: list[tuple[dict[str, Any], list[tuple[Any, ...]]]] = []
            for key, version in versions.items():
                if key in existing:
                    if options.on_conflict == "skip":
                        skipped += 1
                        continue
                    problems.append(
                        f"line {version.line}: quote {key[0]} version {key[1]} is in the book"
                        " already (--on-conflict skip passes over it)"
                    )
                    continue
                quote, found = resolver.quote_row(version, key)
                problems += found
                if quote is None:
                    continue
                try:
                    planned.append((quote, resolver.line_rows(version, quote)))
                except _Problems as err:
                    problems += err.problems
            if problems:
                raise CsvRejected(
                    str(options.path),
                    sorted(problems, key=_line_of),
                    ignored_columns=source.ignored,
                )
            with import_log.recording(
                session, entity="quote", file=str(options.path), tables=("quote", "quote_line")
            ) as recording:
                written = _write(session, planned)
                if options.dry_run:
                    raise _DryRun
                event_id = None
                if written:
                    event_id = record_event(
                        session,
                        entity="quote",
                        entity_id=None,
                        action="import",
                        changes={"file": str(options.path), "inserted": written},
                    )
                import_log.finish(
                    session,
                    recording,
                    rows=len(versions),
                    inserted=written,
                    updated=0,
                    event_id=event_id,
                )
    except _DryRun:
        pass
    return ImportResult(
        rows=len(versions),
        inserted=written,
        updated=0,
        unchanged=0,
        skipped=skipped,
        dry_run=options.dry_run,
        ignored_columns=list(source.ignored),
    )


def _write(session: Session, planned: list[tuple[dict[str, Any], list[tuple[Any, ...]]]]) -> int:
    """Insert the versions and their lines, price them, and mark each number's earlier
    versions superseded."""
    database = session.db
    now = session.now()
    for quote, lines in planned:
        quote_id = int(database.execute(QUOTE_INSERT, {**quote, "now": now}).lastrowid or 0)
        database.executemany(LINE_INSERT, [(quote_id, *line) for line in lines])
        reprice(session, quote_id)
    numbers = sorted({quote["number"] for quote, _ in planned})
    database.executemany(
        "UPDATE quote SET superseded_at = ?, updated_at = ? WHERE number = ?"
        " AND superseded_at IS NULL"
        " AND version < (SELECT max(version) FROM quote WHERE number = ?)",
        [(now, now, number, number) for number in numbers],
    )
    return len(planned)
