"""Where things live and the settings file.

Precedence for every setting: command-line option, environment variable, config file,
default. Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from salescli import files
from salescli.errors import InvalidValue, Refused

APP_NAME = "salescli"
ENV_DB = "SALESCLI_DB"
ENV_REP = "SALESCLI_REP"
ENV_TODAY = "SALESCLI_TODAY"
ENV_CONFIG_DIR = "SALESCLI_CONFIG_DIR"
ENV_DATA_DIR = "SALESCLI_DATA_DIR"
CONFIG_FILE = "config.toml"
DB_FILE = "salescli.db"


# How often an account is due for contact when none of its deals carries the cadence
# (`salescli remind`); a deal's cadence is its stage's.
CADENCE_CUSTOMER_DAYS = 30
CADENCE_A_CLASS_DAYS = 14
CADENCE_PROSPECT_DAYS = 30
# Quotes: how long a new quote is valid, and the largest discount (on a line or overall,
# in percent) a rep may give without a manager's approval.
QUOTE_VALID_DAYS = 30
QUOTE_MAX_DISCOUNT = "15"
# The orders' reminders (`salescli remind`): a sent quote this many days before its
# validity ends; a live contract this many days before it ends (renewal); a contract
# suspended for longer than this; an account owing anything overdue for longer than this.
QUOTE_EXPIRING_DAYS = 7
CONTRACT_RENEWAL_DAYS = 60
CONTRACT_SUSPENDED_DAYS = 30
RECEIVABLE_OVERDUE_DAYS = 90
# The book's currency: an amount written with another one's symbol (a price of $100 in a
# CNY book) is refused where prices are entered.
DEFAULT_CURRENCY = "CNY"


# Named tuples, not frozen dataclasses: this module loads with every command, and a
# frozen dataclass takes ~0.4 ms to make (its methods are generated and compiled), a
# named tuple ~0.08 ms.
class SettingSpec(NamedTuple):
    key: str
    kind: type
    help: str
    default: Any = None
    # What a whole number counts ("days", "months", "years"), or for text: "percent"
    # (1%, 12.5%), "money" (10000, 1万) or "text" (free text), checked when set and
    # stored as written.
    unit: str = "days"


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("rep", str, "handle of the acting rep when --as is not given"),
        SettingSpec("db", str, "path of the database file"),
        SettingSpec(
            "currency",
            str,
            "the book's currency (an ISO code such as CNY, USD, EUR): prices in another are"
            " refused (quotes take CNY when it is not set), and imports refuse amounts in"
            " another unless given --rate",
        ),
        SettingSpec(
            "cadence.customer",
            int,
            "contact a customer account every N days",
            CADENCE_CUSTOMER_DAYS,
        ),
        SettingSpec(
            "cadence.a", int, "contact an A-class account every N days", CADENCE_A_CLASS_DAYS
        ),
        SettingSpec(
            "cadence.prospect",
            int,
            "contact a prospect with no open deal every N days",
            CADENCE_PROSPECT_DAYS,
        ),
        SettingSpec("quote.valid_days", int, "a new quote is valid for N days", QUOTE_VALID_DAYS),
        SettingSpec(
            "quote.max_discount",
            str,
            "the largest discount in percent, on a line or overall, that needs no approval",
            QUOTE_MAX_DISCOUNT,
        ),
        SettingSpec(
            "quote.expiring_days",
            int,
            "remind of a sent quote N days before its validity ends",
            QUOTE_EXPIRING_DAYS,
        ),
        SettingSpec(
            "contract.renewal_days",
            int,
            "remind of a live contract N days before it ends (renewal)",
            CONTRACT_RENEWAL_DAYS,
        ),
        SettingSpec(
            "contract.suspended_days",
            int,
            "remind of a contract suspended for more than N days",
            CONTRACT_SUSPENDED_DAYS,
        ),
        SettingSpec(
            "receivable.overdue_days",
            int,
            "flag an account owing anything more than N days overdue (remind, account show"
            " and credit) and call it a problem customer (its lifecycle stage)",
            RECEIVABLE_OVERDUE_DAYS,
        ),
        # The seller on a rendered quote (`quote render`): free text, shown as written.
        SettingSpec("company.name", str, "your company's name, on rendered quotes", unit="text"),
        SettingSpec("company.address", str, "your company's address, on rendered quotes", unit="text"),
        SettingSpec("company.phone", str, "your company's phone, on rendered quotes", unit="text"),
        SettingSpec("company.email", str, "your company's email, on rendered quotes", unit="text"),
        SettingSpec("company.tax_id", str, "your company's tax id (税号), on rendered quotes", unit="text"),
        SettingSpec("company.bank", str, "your bank and account, on rendered quotes", unit="text"),
        SettingSpec("quote.terms", str, "the terms printed under a rendered quote's totals", unit="text"),
        # Customer value (services/value); README "Customer value" states the rules.
        SettingSpec("class.a", str, "class A: the top share of customers by revenue", "1%", "percent"),
        SettingSpec("class.b", str, "class B: down to this top share of customers", "5%", "percent"),
        SettingSpec("class.c", str, "class C: down to this top share of customers", "20%", "percent"),
        SettingSpec("vip.purchase", str, "one purchase of this much makes a VIP", "10000", "money"),
        SettingSpec("vip.month", str, "this much bought in one calendar month makes a VIP", "20000", "money"),
        SettingSpec("lifecycle.new", int, "new: first purchase within N months", 12, "months"),
        SettingSpec("lifecycle.change", str, "growing/declining: 12 months up/down by this share", "20%", "percent"),
        SettingSpec("lifecycle.no-value", int, "no-value: no purchase in N months", 24, "months"),
        SettingSpec("retention.partial", str, "partial defector: bought at least this share less", "50%", "percent"),
        SettingSpec("ltv.years", int, "lifetime value: project N more years", 3, "years"),
        SettingSpec("ltv.discount", str, "lifetime value: yearly discount rate", "10%", "percent"),
    )
}  # fmt: skip


class AccountCadence(NamedTuple):
    """Days between contacts an account is due by its status and class."""

    customer: int = CADENCE_CUSTOMER_DAYS
    a_class: int = CADENCE_A_CLASS_DAYS
    prospect: int = CADENCE_PROSPECT_DAYS


class Setting(NamedTuple):
    key: str
    value: Any
    source: str  # "option", "env", "config" or "default"


def config_dir() -> Path:
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def load_config() -> dict[str, Any]:
    path = config_path()
    if not path.exists():
        return {}
    try:
        return read_toml(path)
    except (OSError, ValueError) as err:
        raise InvalidValue(
            f"cannot read {path}: {err}",
            hint="fix the file, or delete it to start afresh",
        ) from err


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables; raises OSError or ValueError."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    with path.open("rb") as handle:
        return tomllib.load(handle)


def set_config_value(key: str, value: str) -> Setting:
    """Validate and store one setting; returns it as now in force from the file."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise InvalidValue(
            f"unknown setting '{key}'", hint=f"settings are: {', '.join(sorted(SETTINGS))}"
        )
    if not value.strip():
        raise InvalidValue(
            f"{key} cannot be empty",
            hint=f"use 'salescli config unset {key}' to go back to the default",
        )
    converted: Any = value
    if key == "db":
        # A relative path would follow the working directory; the book should not.
        converted = str(Path(value).expanduser().resolve())
    elif key == "currency":
        converted = value.strip().upper()
        if not converted.isascii() or not converted.isalpha() or len(converted) != 3:
            raise InvalidValue(
                f"currency must be a three-letter ISO code, not '{value}'",
                hint="e.g. 'salescli config set currency CNY'",
            )
    elif spec.kind is int:
        converted = _whole_number(key, value)
    elif key == "quote.max_discount":
        converted = str(_percent(key, value))
    elif spec.unit in ("percent", "money"):
        _checked_text(key, value)
        converted = value.strip()
    data = load_config()
    _put(data, key, converted)
    _check_class_order(data, key)
    _write_config(data)
    return Setting(key, converted, "config")


CLASS_KEYS = ("class.a", "class.b", "class.c")


def _check_class_order(data: dict[str, Any], key: str) -> None:
    """Refuse a change to a class threshold that leaves class.a <= class.b <= class.c
    untrue: B would start above A's end (README "Customer value")."""
    if key not in CLASS_KEYS:
        return
    written = {name: _get(data, name) for name in CLASS_KEYS}
    shares = {
        name: str(value) if found else str(SETTINGS[name].default)
        for name, (found, value) in written.items()
    }
    numbers = [_checked_text(name, shares[name]) for name in CLASS_KEYS]
    if numbers == sorted(numbers):
        return
    place = CLASS_KEYS.index(key)
    if place > 0 and numbers[place - 1] > numbers[place]:
        clash = f"below {CLASS_KEYS[place - 1]} {shares[CLASS_KEYS[place - 1]]}"
    else:
        clash = f"above {CLASS_KEYS[place + 1]} {shares[CLASS_KEYS[place + 1]]}"
    current = load_config()
    now = ", ".join(
        f"{name} {_get(current, name)[1] if _get(current, name)[0] else SETTINGS[name].default}"
        for name in CLASS_KEYS
    )
    wanted = "" if written[key][0] else " (its default)"
    raise InvalidValue(
        f"{key} {shares[key]}{wanted} would be {clash}: class.a <= class.b <= class.c",
        hint=f"now {now}; nothing was changed",
    )


MAX_SETTING_DAYS = 3660  # ten years


def _whole_number(key: str, value: Any) -> int:
    """A number of days (or months, or years): a whole number from 1 to ten years."""
    unit = SETTINGS[key].unit
    largest = {"days": MAX_SETTING_DAYS, "months": 120, "years": 10}[unit]
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if isinstance(value, bool) or not 1 <= number <= largest:
        raise InvalidValue(
            f"{key} must be a whole number of {unit}, 1 to {largest}, not '{value}'",
            hint=f"e.g. 'salescli config set {key} {SETTINGS[key].default}'",
        )
    return number


def _percent(key: str, value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip().removesuffix("%").strip())
    except InvalidOperation:
        number = Decimal(-1)
    if isinstance(value, bool) or not number.is_finite() or not 0 <= number <= 100:
        raise InvalidValue(
            f"{key} must be a percentage from 0 to 100, not '{value}'",
            hint=f"e.g. 'salescli config set {key} {SETTINGS[key].default}'",
        )
    return number


def _currency(value: Any) -> str:
    code = str(value).strip().upper()
    if not code.isascii() or not code.isalpha() or len(code) != 3:
        raise InvalidValue(
            f"currency must be a three-letter ISO code, not '{value}'",
            hint="e.g. 'salescli config set currency CNY'",
        )
    return code


class Seller(NamedTuple):
    """Who a rendered quote is from, and its terms: the ``company.*`` settings and
    ``quote.terms``, each None when not set."""

    name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    tax_id: str | None = None
    bank: str | None = None
    terms: str | None = None


def seller() -> Seller:
    """The seller's details in force (the config file; nothing by default)."""
    data = load_config()
    values = {}
    for field in Seller._fields:
        key = "quote.terms" if field == "terms" else f"company.{field}"
        found, value = _get(data, key)
        values[field] = str(value).strip() or None if found else None
    return Seller(**values)


class QuoteRules(NamedTuple):
    valid_days: int = QUOTE_VALID_DAYS
    max_discount: Decimal = Decimal(QUOTE_MAX_DISCOUNT)
    currency: str = DEFAULT_CURRENCY


def quote_rules() -> QuoteRules:
    """The quote settings in force (the config file, else the defaults)."""
    data = load_config()
    found, days = _get(data, "quote.valid_days")
    found_max, maximum = _get(data, "quote.max_discount")
    found_currency, currency = _get(data, "currency")
    return QuoteRules(
        valid_days=_whole_number("quote.valid_days", days) if found else QUOTE_VALID_DAYS,
        max_discount=_percent("quote.max_discount", maximum)
        if found_max
        else Decimal(QUOTE_MAX_DISCOUNT),
        currency=_currency(currency) if found_currency else DEFAULT_CURRENCY,
    )


def _checked_text(key: str, value: Any) -> Decimal:
    """A percentage (0 to 100, written 12.5% or 12.5) or an amount, as a Decimal."""
    spec = SETTINGS[key]
    text = str(value).strip()
    if spec.unit == "money":
        from salescli.money import parse_amount

        try:
            amount = parse_amount(text)
        except InvalidValue as err:
            raise InvalidValue(
                f"{key} must be an amount, not '{value}'",
                hint=f"e.g. 'salescli config set {key} {spec.default}'",
            ) from err
        if amount <= 0:
            raise InvalidValue(f"{key} must be more than 0, not '{value}'")
        return amount
    try:
        share = Decimal(text.removesuffix("%").strip())
    except InvalidOperation:
        share = Decimal(-1)
    if isinstance(value, bool) or not share.is_finite() or not 0 < share <= 100:
        raise InvalidValue(
            f"{key} must be a percentage over 0 and up to 100, not '{value}'",
            hint=f"e.g. 'salescli config set {key} {spec.default}'",
        )
    return share / 100


# A dotted key (cadence.customer) is a table in the file ([cadence] customer = 30), as a
# person would write it by hand.
def _get(data: dict[str, Any], key: str) -> tuple[bool, Any]:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    *tables, name = key.split(".")
    node = data
    for part in tables:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[name] = value


def _drop(data: dict[str, Any], key: str) -> bool:
    *tables, name = key.split(".")
    parents = [data]
    for part in tables:
        child = parents[-1].get(part)
        if not isinstance(child, dict):
            return False
        parents.append(child)
    if name not in parents[-1]:
        return False
    del parents[-1][name]
    for part, parent in zip(reversed(tables), reversed(parents[:-1]), strict=True):
        if parent[part]:
            break
        del parent[part]  # an emptied table goes too
    return True


def unset_config_value(key: str) -> Setting:
    """Remove a setting from the file; returns the setting now in force."""
    if key not in SETTINGS:
        raise InvalidValue(
            f"unknown setting '{key}'", hint=f"settings are: {', '.join(sorted(SETTINGS))}"
        )
    data = load_config()
    if _drop(data, key):
        _check_class_order(data, key)
        _write_config(data)
    return resolve(key)


def _write_config(data: dict[str, Any]) -> None:
    import tomli_w

    path = config_path()
    try:
        files.write_text(path, tomli_w.dumps(data))
    except OSError as err:
        raise Refused(f"cannot write {path}: {err.strerror or err}") from err


def resolve(key: str, option: str | None = None) -> Setting:
    """One setting with where it came from."""
    if option is not None:
        return Setting(key, option, "option")
    env_name = {"db": ENV_DB, "rep": ENV_REP}.get(key)
    if env_name and os.environ.get(env_name):
        return Setting(key, os.environ[env_name], "env")
    data = load_config()
    found, value = _get(data, key)
    if found:
        return Setting(key, value, "config")
    if key == "db":
        return Setting(key, str(data_dir() / DB_FILE), "default")
    spec = SETTINGS.get(key)
    return Setting(key, spec.default if spec else None, "default")


def all_settings(*, db_option: str | None = None, rep_option: str | None = None) -> list[Setting]:
    settings = [resolve(key, {"db": db_option}.get(key)) for key in sorted(SETTINGS)]
    rep = resolve_rep(database_path(db_option), rep_option)
    return [rep if setting.key == "rep" else setting for setting in settings]


def database_path(option: str | None = None) -> Path:
    return Path(str(resolve("db", option).value)).expanduser()


# Each book's own default rep, in the file as
#   [books."/home/alice/salescli.db"]
#   rep = "alice"
# so `init` on a second book (a scratch one, a colleague's) does not change who acts in the
# first. The top-level `rep` is the default for a book without its own.
BOOKS = "books"


def book_key(db_path: Path) -> str:
    return str(Path(db_path).expanduser().resolve())


def _book_rep(data: dict[str, Any], db_path: Path) -> str | None:
    books = data.get(BOOKS)
    book = books.get(book_key(db_path)) if isinstance(books, dict) else None
    rep = book.get("rep") if isinstance(book, dict) else None
    return str(rep) if rep else None


def resolve_rep(db_path: Path, option: str | None = None) -> Setting:
    """The acting rep for the book at ``db_path``: --as, SALESCLI_REP, the book's own rep
    in the config file, the file's default rep."""
    if option is not None or os.environ.get(ENV_REP):
        return resolve("rep", option)
    data = load_config()
    own = _book_rep(data, db_path)
    if own is not None:
        return Setting("rep", own, "config")
    found, value = _get(data, "rep")
    return Setting("rep", value, "config") if found else Setting("rep", None, "default")


def rep_origin(db_path: Path, option: str | None = None) -> str:
    """Where the acting rep came from, for an error that names it: '--as', 'SALESCLI_REP',
    or the setting in the config file."""
    if option is not None:
        return "--as"
    if os.environ.get(ENV_REP):
        return ENV_REP
    if _book_rep(load_config(), db_path) is not None:
        return f'books."{book_key(db_path)}".rep in {config_path()}'
    return f"rep in {config_path()}"


def acting_rep(option: str | None = None, db_path: Path | None = None) -> str | None:
    setting = resolve("rep", option) if db_path is None else resolve_rep(db_path, option)
    return str(setting.value) if setting.value else None


class BookDefaults(NamedTuple):
    """What `init` made the default: the book's own rep always; the default rep and
    database only for the first book, or when asked."""

    rep_is_default: bool
    db_is_default: bool


def remember_book(
    db_path: Path, handle: str, *, db_given: bool, make_default: bool
) -> BookDefaults:
    """Make ``handle`` the default rep, and the book the default database (when its path
    was given), for the first book set up or with ``make_default``; otherwise record ``handle`` as the
    book's own rep, leaving the defaults (and the books they serve) as they are."""
    data = load_config()
    books = data.get(BOOKS)
    if not isinstance(books, dict):
        books = data[BOOKS] = {}
    first = not _get(data, "rep")[0]  # no book was set up before
    rep_default = make_default or first or data.get("rep") == handle
    if rep_default:
        data["rep"] = handle
        books.pop(book_key(db_path), None)  # the book follows the default again
    else:
        books[book_key(db_path)] = {"rep": handle}
    if not books:
        del data[BOOKS]
    db_default = db_given and (make_default or first)
    if db_default:
        data["db"] = book_key(db_path)
    _write_config(data)
    return BookDefaults(rep_default, db_default or not db_given)


def book_currency() -> str | None:
    """The book's currency code, if set."""
    value = resolve("currency").value
    return str(value).upper() if value else None


class ReminderSettings(NamedTuple):
    """What the settings tell the daily digest: the account cadences, and how many days
    ahead or behind the orders' reminders look."""

    cadence: AccountCadence = AccountCadence()
    quote_expiring: int = QUOTE_EXPIRING_DAYS
    contract_renewal: int = CONTRACT_RENEWAL_DAYS
    contract_suspended: int = CONTRACT_SUSPENDED_DAYS
    receivable_overdue: int = RECEIVABLE_OVERDUE_DAYS


def reminder_settings() -> ReminderSettings:
    """The digest's settings in force (the config file, else the defaults), read once."""
    data = load_config()
    days: dict[str, int] = {}
    for key in (
        "cadence.customer", "cadence.a", "cadence.prospect", "quote.expiring_days",
        "contract.renewal_days", "contract.suspended_days", "receivable.overdue_days",
    ):  # fmt: skip
        found, value = _get(data, key)
        days[key] = _whole_number(key, value) if found else SETTINGS[key].default
    return ReminderSettings(
        cadence=AccountCadence(
            customer=days["cadence.customer"],
            a_class=days["cadence.a"],
            prospect=days["cadence.prospect"],
        ),
        quote_expiring=days["quote.expiring_days"],
        contract_renewal=days["contract.renewal_days"],
        contract_suspended=days["contract.suspended_days"],
        receivable_overdue=days["receivable.overdue_days"],
    )


class ValueRules(NamedTuple):
    """The customer-value settings in force: shares as fractions (0.2 for 20 %),
    amounts in currency units, periods in months or years."""

    class_a: Decimal
    class_b: Decimal
    class_c: Decimal
    vip_purchase: Decimal
    vip_month: Decimal
    new_months: int
    change: Decimal
    overdue_days: int
    no_value_months: int
    partial: Decimal
    ltv_years: int
    ltv_discount: Decimal


def value_rules() -> ValueRules:
    """The customer-value rules (the config file, else the defaults), read once."""
    data = load_config()
    values: list[Any] = []
    for key in (
        "class.a", "class.b", "class.c", "vip.purchase", "vip.month", "lifecycle.new",
        "lifecycle.change", "receivable.overdue_days", "lifecycle.no-value", "retention.partial",
        "ltv.years", "ltv.discount",
    ):  # fmt: skip
        found, value = _get(data, key)
        spec = SETTINGS[key]
        value = value if found else spec.default
        values.append(_whole_number(key, value) if spec.kind is int else _checked_text(key, value))
    return ValueRules(*values)


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database, so they move with it."""
    return db_path.parent / "backups"


def reports_dir(db_path: Path) -> Path:
    """Reports a command writes for the record (a handover's) sit beside the book they
    describe, not in the user's data folder: a book elsewhere keeps its customers' data
    there."""
    return db_path.parent / "reports"


def fresh_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2``, ``stem-3``... if taken: a file salescli
    writes for the record (a purge's deals, a handover's report) never replaces another."""
    path = folder / f"{stem}{suffix}"
    number = 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{suffix}"
    return path
