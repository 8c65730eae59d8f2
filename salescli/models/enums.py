"""Closed vocabularies stored as text in the database."""

from __future__ import annotations

import re
from enum import Enum

from salescli.errors import InvalidValue


class Choice(str, Enum):
    """A text enum whose parse error lists the accepted values."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, text: str, *, what: str) -> Choice:
        """A member from its value, loosely written (Trade Show, trade_show), or from a
        synonym other CRMs and Chinese spreadsheets use (展会, Open - Not Contacted)."""
        table = _WORDS.get(cls)
        if table is None:
            table = _WORDS[cls] = _words_of(cls)
        found = table.get(text)
        if found is None:
            found = table.get(_squash(text))
        if found is not None:
            return found
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


class OpportunityStatus(Choice):
    OPEN = "open"
    SUSPENDED = "suspended"
    WON = "won"
    LOST = "lost"


LIVE_OPPORTUNITY_STATUSES = (OpportunityStatus.OPEN, OpportunityStatus.SUSPENDED)


class StageKind(Choice):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class LossReason(Choice):
    PRICE = "price"
    PRODUCT_FIT = "product-fit"
    TIMING = "timing"
    COMPETITOR = "competitor"
    NO_DECISION = "no-decision"
    BUDGET = "budget"
    OTHER = "other"


class RevenueBasis(Choice):
    """What counts as a customer's revenue: won deals (by close date), signed contract
    value, or cash collected."""

    WON = "won"
    CONTRACTED = "contracted"
    COLLECTED = "collected"


class LifecycleStage(Choice):
    NEW = "new"
    GROWING = "growing"
    STABLE = "stable"
    DECLINING = "declining"
    PROBLEM = "problem"
    NO_VALUE = "no-value"


class DefectionReason(Choice):
    """Why a customer stopped buying (or buys less)."""

    PRICE = "price"
    QUALITY = "quality"
    SERVICE = "service"
    COMPETITOR = "competitor"
    NEED_ENDED = "need-ended"
    BUDGET = "budget"
    RELATIONSHIP = "relationship"
    OTHER = "other"


class ForecastCategory(Choice):
    COMMIT = "commit"
    BEST_CASE = "best-case"
    PIPELINE = "pipeline"


class ActivityType(Choice):
    VISIT = "visit"
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    MESSAGE = "message"
    HANDOVER = "handover"


class ActivityStatus(Choice):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class CampaignType(Choice):
    TRADE_SHOW = "trade-show"
    SEMINAR = "seminar"
    WEB = "web"
    DIRECT_MAIL = "direct-mail"
    CALL_CAMPAIGN = "call-campaign"
    OTHER = "other"


class CampaignStatus(Choice):
    PLANNED = "planned"
    APPROVED = "approved"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ExpenseCategory(Choice):
    TRAVEL = "travel"
    MEALS = "meals"
    GIFTS = "gifts"
    SAMPLES = "samples"
    ENTERTAINMENT = "entertainment"
    OTHER = "other"


class ExpenseStatus(Choice):
    RECORDED = "recorded"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    REIMBURSED = "reimbursed"


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-./()]+", "", text.strip().lower())


# What other CRMs' exports and Chinese spreadsheets call our values, keyed by enum name.
SYNONYM_TEXT: dict[str, dict[str, tuple[str, ...]]] = {
    "LeadSource": {
        "referral": ("转介绍", "介绍", "推荐", "客户推荐", "word of mouth", "partner referral"),
        "trade-show": ("展会", "展览会", "trade fair", "exhibition", "event"),
        "web": ("网站", "官网", "网络", "网上", "website", "internet", "online", "organic search"),
        "cold-call": ("电话", "陌生电话", "电话营销", "陌拜", "cold calling", "outbound"),
        "seminar": ("研讨会", "讲座", "会议", "webinar", "conference"),
        "directory": ("名录", "黄页", "目录", "listing"),
        "direct-mail": ("直邮", "邮寄", "mailing", "mailer"),
        "other": ("其他", "其它", "unknown"),
    },
    "CampaignType": {
        "trade-show": ("展会", "展览会", "trade fair", "exhibition", "event"),
        "seminar": ("研讨会", "讲座", "会议", "webinar", "conference"),
        "web": ("网站", "网络", "网上", "线上", "online", "internet", "digital"),
        "direct-mail": ("直邮", "邮寄", "mailing", "mailer"),
        "call-campaign": ("电话营销", "电话", "外呼", "telemarketing", "call", "calls"),
        "other": ("其他", "其它"),
    },
    "CampaignStatus": {
        "planned": ("计划", "计划中", "草稿", "draft"),
        "approved": ("已批准", "批准"),
        "running": ("进行中", "执行中", "active", "in progress"),
        "completed": ("已完成", "完成", "结束", "done", "closed"),
        "cancelled": ("已取消", "取消", "canceled"),
    },
    "ExpenseCategory": {
        "travel": ("差旅", "差旅费", "交通", "交通费", "住宿", "出差"),
        "meals": ("餐费", "餐饮", "用餐", "meal", "food"),
        "gifts": ("礼品", "礼物", "gift"),
        "samples": ("样品", "样品费", "sample"),
        "entertainment": ("招待", "招待费", "业务招待", "entertaining", "hospitality"),
        "other": ("其他", "其它", "misc", "miscellaneous"),
    },
    "ExpenseStatus": {
        "recorded": ("已记录", "记录", "draft"),
        "submitted": ("已提交", "提交", "待审批", "pending"),
        "approved": ("已批准", "批准", "通过"),
        "rejected": ("已驳回", "驳回", "拒绝", "denied"),
        "reimbursed": ("已报销", "报销", "paid"),
    },
    "LeadStatus": {
        "new": ("新建", "新", "未联系", "open", "open - not contacted", "unassigned"),
        "contacted": (
            "已联系",
            "跟进中",
            "working",
            "working - contacted",
            "in progress",
            "attempted to contact",
            "connected",
        ),
        "qualified": ("已确认", "合格", "有效", "open deal"),
        "converted": ("已转化", "已转换", "closed - converted"),
        "disqualified": (
            "无效",
            "不合格",
            "已放弃",
            "unqualified",
            "closed - not converted",
            "bad timing",
        ),
    },
    "AccountStatus": {
        "prospect": ("潜在客户", "意向客户", "lead", "potential"),
        "customer": ("客户", "成交客户", "老客户", "client", "active"),
        "former": ("流失客户", "前客户", "former customer", "churned", "inactive"),
    },
    "ContactRole": {
        "decision-maker": ("决策者", "决策人", "economic buyer", "decision maker"),
        "influencer": ("影响者", "影响人", "champion"),
        "user": ("使用者", "用户", "end user"),
        "gatekeeper": ("把关者", "守门人", "前台"),
    },
    "LossReason": {
        "price": ("价格", "价格太高", "too expensive", "pricing"),
        "product-fit": ("产品不符", "需求不符", "product", "features", "functionality"),
        "timing": ("时机", "时间", "bad timing"),
        "competitor": ("竞争对手", "竞争", "lost to competitor", "competition"),
        "no-decision": ("无决定", "搁置", "no decision", "status quo"),
        "budget": ("预算", "没有预算", "no budget"),
        "other": ("其他", "其它", "unknown"),
    },
    "ActivityType": {
        "visit": ("拜访", "上门", "走访", "site visit", "in person", "face to face"),
        "call": ("电话", "通话", "phone", "phone call", "log a call"),
        "email": ("邮件", "电子邮件", "e-mail", "mail"),
        "meeting": ("会议", "会面", "约见", "event", "video call", "zoom"),
        "message": ("消息", "微信", "短信", "wechat", "sms", "text", "whatsapp"),
        "handover": ("交接", "移交", "introduction"),
    },
    "ActivityStatus": {
        "planned": (
            "计划",
            "待办",
            "进行中",
            "未开始",
            "未完成",
            "待拜访",
            "open",
            "not started",
            "scheduled",
            "in progress",
            "waiting",
            "waiting on someone else",
        ),
        "done": ("完成", "已完成", "completed", "closed", "held"),
        "cancelled": ("取消", "已取消", "canceled", "deferred"),
    },
    "OpportunityStatus": {
        "open": ("进行中", "跟进中", "in progress"),
        "suspended": ("暂停", "挂起", "on hold", "paused"),
        "won": ("赢单", "已赢单", "成交", "已成交", "closed won"),
        "lost": ("输单", "已输单", "丢单", "已丢单", "closed lost"),
    },
    "DefectionReason": {
        "price": ("价格", "价格太高", "too expensive", "pricing"),
        "quality": ("质量", "质量问题", "product quality"),
        "service": ("服务", "服务问题", "support", "poor service"),
        "competitor": ("竞争对手", "竞争", "went to competitor", "competition"),
        "need-ended": ("不再需要", "需求结束", "no longer needed", "no need"),
        "budget": ("预算", "没有预算", "no budget"),
        "relationship": ("关系", "人员变动", "contact left", "rep left"),
        "other": ("其他", "其它", "unknown"),
    },
    "ForecastCategory": {
        "commit": ("承诺", "commit", "committed"),
        "best-case": ("最佳", "best case", "upside"),
        "pipeline": ("管道", "漏斗", "pipeline"),
    },
}
SYNONYMS: dict[str, dict[str, str]] = {
    enum_name: {_squash(word): value for value, words in table.items() for word in words}
    for enum_name, table in SYNONYM_TEXT.items()
}

# Every way of writing each class's members, squashed, built on first use: a CSV column
# of a million cells is parsed with one dictionary lookup per cell.
_WORDS: dict[type, dict[str, Choice]] = {}


def _words_of(cls: type[Choice]) -> dict[str, Choice]:
    words: dict[str, Choice] = {}
    for word, value in SYNONYMS.get(cls.__name__, {}).items():
        words[word] = cls(value)
    for member in cls:
        words[_squash(member.value)] = member
        words[member.value] = member
    return words


class ContractStatus(Choice):
    """A contract's life: draft → submitted → approved → signed → active → completed →
    closed, with suspended (and back to active) and terminated as side exits."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SIGNED = "signed"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    CLOSED = "closed"
    TERMINATED = "terminated"


# A contract's installments are money owed once it is signed; a terminated contract's
# unpaid installments are owed no more.
RECEIVABLE_CONTRACT_STATUSES = ("signed", "active", "suspended", "completed", "closed")
# Signed and not yet carried out: what is not scheduled of these counts in exposure.
LIVE_CONTRACT_STATUSES = ("signed", "active", "suspended", "completed")
