"""Realistic names for the demo book and the benchmark generator (English and Chinese)."""

from __future__ import annotations

import random

EN_FIRST = (
    "Alice",
    "Brian",
    "Carla",
    "Daniel",
    "Emma",
    "Frank",
    "Grace",
    "Henry",
    "Irene",
    "James",
    "Karen",
    "Liam",
    "Mona",
    "Noah",
    "Olivia",
    "Peter",
    "Rosa",
    "Sam",
    "Tina",
)
EN_LAST = (
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
    "Wilson",
    "Moore",
    "Taylor",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "King",
    "Wright",
    "Scott",
)
CN_SURNAMES = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "林",
)
CN_GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂英",
    "建华",
    "志强",
    "晓东",
)
EN_COMPANIES = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Wonka",
    "Oscorp",
    "Aperture",
    "Massive Dynamic",
)
EN_SUFFIXES = ("Industries", "Corp", "Ltd", "Systems", "Logistics", "Foods", "Medical")
CN_COMPANIES = (
    "华东精密",
    "南方电气",
    "长江物流",
    "蓝海科技",
    "金桥贸易",
    "恒信医疗",
    "东方纺织",
    "天成建设",
    "瑞丰食品",
    "星河软件",
    "宏达机械",
    "中联化工",
    "新源能源",
    "明珠电子",
)
CN_SUFFIXES = ("有限公司", "股份有限公司", "集团")
INDUSTRIES = (
    "manufacturing",
    "telecom",
    "retail",
    "logistics",
    "healthcare",
    "energy",
    "finance",
    "education",
    "construction",
    "software",
)
REGIONS = (
    "Shanghai",
    "Beijing",
    "Shenzhen",
    "Guangzhou",
    "Hangzhou",
    "Chengdu",
    "New York",
    "Chicago",
    "London",
    "Singapore",
)
TITLES = (
    "CEO",
    "CTO",
    "Purchasing Manager",
    "IT Director",
    "Operations Manager",
    "CFO",
    "Plant Engineer",
    "采购经理",
    "总经理",
    "技术总监",
)
NEEDS = (
    "replace ageing line controllers",
    "cut logistics cost 10%",
    "a CRM for 40 users",
    "cold-chain monitoring",
    "扩建二期产线",
    "more reliable spare-parts supply",
)
FACTS = (
    ("family", "married, two children; daughter studies abroad"),
    ("interests", "golf on Saturdays, collects tea"),
    ("buying habits", "decides in Q4, wants three quotes"),
    ("anniversary", "company founded in 1998, celebrates in May"),
)


def person_name(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return rng.choice(CN_SURNAMES) + rng.choice(CN_GIVEN)
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def company_name(rng: random.Random, chinese: bool, serial: int | None = None) -> str:
    tag = "" if serial is None else (f"{serial}号" if chinese else f" {serial}")
    if chinese:
        return f"{rng.choice(CN_COMPANIES)}{tag}{rng.choice(CN_SUFFIXES)}"
    return f"{rng.choice(EN_COMPANIES)}{tag} {rng.choice(EN_SUFFIXES)}"


def phone(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return f"+86 1{rng.randint(30, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
    return f"+1 {rng.randint(200, 989)} 555 {rng.randint(1000, 9999)}"


# Deals: what B2B customers buy, in English and Chinese.
EN_DEALS = (
    "MES rollout, plant 2",
    "Line controller retrofit",
    "Cold-chain monitoring, 40 trucks",
    "CRM licences, 120 seats",
    "Warehouse automation, phase 1",
    "Spare-parts framework agreement 2026",
    "Predictive maintenance pilot",
    "Fleet telematics upgrade",
    "ERP integration services",
    "Energy metering, three sites",
    "Clean-room HVAC controls",
    "Annual service contract renewal",
    "Label printing line",
    "Data-centre UPS replacement",
)
CN_DEALS = (
    "二期产线控制系统",
    "仓储自动化改造",
    "年度备件框架协议",
    "冷链温控监测项目",
    "能源管理平台",
    "智能工厂一期",
    "设备预测性维护试点",
    "质量追溯系统",
    "物流车队管理升级",
    "厂区安防改造",
)
DEAL_SOURCES = ("referral", "trade show", "web", "cold call", "existing customer", "partner")
NEXT_STEPS = {
    "prospect": (
        "discovery call with the plant manager",
        "site visit to map the current line",
        "send the reference case study",
        "拜访技术总监，确认需求",
    ),
    "proposal": (
        "present the proposal to the buying committee",
        "revise the quote after the technical review",
        "arrange a reference visit",
        "提交技术方案和报价",
    ),
    "negotiation": (
        "final price review with purchasing",
        "legal review of the contract draft",
        "agree the payment schedule",
        "与采购经理谈付款条件",
    ),
}
# What the rep noted when the deal moved into the stage.
ADVANCE_NOTES = {
    "proposal": (
        "needs confirmed; proposal requested",
        "budget approved for this year",
        "site survey done; scope agreed",
        "客户确认需求，要求报价",
    ),
    "negotiation": (
        "technical review passed; discussing terms",
        "verbal yes from the plant manager",
        "shortlisted against one competitor",
        "技术评审通过，进入商务谈判",
    ),
}
WIN_SUMMARIES = (
    "won on the pilot results and a three-year service plan",
    "the plant manager championed us; references from two sister plants decided it",
    "best total cost over five years, though not the lowest price",
    "faster delivery than the competitor: eight weeks instead of twenty",
    "客户认可我们的本地服务团队和交付速度",
    "existing customer; renewal with a 12% upgrade",
)
# (reason, competitor, summary): every reason appears; a loss to a competitor names it.
LOSSES = (
    ("price", "Fabrikam Automation", "Fabrikam came in 18% lower; we would not match"),
    ("no-decision", None, "the project was shelved at the board meeting"),
    ("competitor", "Northwind Controls", "Northwind already runs their other plant"),
    ("budget", None, "capex frozen for the year after a weak quarter"),
    ("product-fit", None, "they need an on-premise version we do not offer"),
    ("timing", None, "the plant expansion moved out by two years"),
    ("competitor", "远景智能", "竞争对手提供了免费试用和更长的质保"),
    ("other", None, "our champion left the company and nobody picked it up"),
    ("price", None, "the budget holder wanted a 30% discount"),
    ("no-decision", None, "went quiet after the proposal; three follow-ups unanswered"),
)
SUSPEND_REASONS = (
    "customer's budget review until next quarter",
    "plant shutdown for maintenance; resume after restart",
    "客户内部重组，等待新负责人上任",
)
