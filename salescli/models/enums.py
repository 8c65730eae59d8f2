"""Closed vocabularies stored as text in the database."""

from __future__ import annotations

from enum import Enum

from salescli.errors import InvalidValue


class Choice(str, Enum):
    """A text enum whose parse error lists the accepted values."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, text: str, *, what: str) -> Choice:
        wanted = text.strip().lower().replace("_", "-").replace(" ", "-")
        for member in cls:
            if member.value == wanted:
                return member
        for member in cls:
            if member.value.replace("-", "") == wanted.replace("-", ""):
                return member
        raise InvalidValue(
            f"'{text}' is not a {what}", hint=f"choose one of: {', '.join(m.value for m in cls)}"
        )

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]


class Role(Choice):
    REP = "rep"
    MANAGER = "manager"


class AccountStatus(Choice):
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    FORMER = "former"


class ContactRole(Choice):
    DECISION_MAKER = "decision-maker"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"


class LeadStatus(Choice):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    CONVERTED = "converted"
    DISQUALIFIED = "disqualified"


OPEN_LEAD_STATUSES = (LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED)


class LeadSource(Choice):
    REFERRAL = "referral"
    TRADE_SHOW = "trade-show"
    WEB = "web"
    COLD_CALL = "cold-call"
    SEMINAR = "seminar"
    DIRECTORY = "directory"
    DIRECT_MAIL = "direct-mail"
    OTHER = "other"
