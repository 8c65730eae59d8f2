"""Realistic names for the demo book and the benchmark generator (English and Chinese)."""

from __future__ import annotations

import random
from collections.abc import Container

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
# One answer of the profile checklist (services/value/profile.toml) for every third account.
FACTS = (
    ("family.children", "two; the daughter studies abroad"),
    ("interests.hobbies", "golf on Saturdays, collects tea"),
    ("company.decision", "decides in Q4, wants three quotes"),
    ("history.since", "a customer since the 2019 trade fair"),
)
# The tour's account: its profile half filled in (21 of 41), what a successor inherits.
PROFILE = (
    ("company.products", "line controllers and packaging machines for food plants"),
    ("company.size", "about 1,200 staff, three plants, revenue near 900 million"),
    ("company.position", "number two in the region; competes with two German makers"),
    ("company.decision", "the plant director proposes, the CFO signs above 200,000"),
    ("company.suppliers", "our controllers on line 1, a rival's on lines 2 and 3"),
    ("person.role", "plant director, in charge of the three lines and their upkeep"),
    ("person.hometown", "grew up in Suzhou, lives in Shanghai"),
    ("person.style", "phone before 9, no mail on weekends; likes a visit with data"),
    ("person.concerns", "downtime on line 2, and the audit in spring"),
    ("family.spouse", "married, his wife teaches music"),
    ("family.children", "two; the daughter studies abroad"),
    ("education.school", "Tongji University"),
    ("education.degree", "mechanical engineering"),
    ("career.previous", "ten years as an engineer at a packaging maker"),
    ("career.ambitions", "wants to run operations for the whole group"),
    ("interests.hobbies", "golf on Saturdays, collects tea"),
    ("interests.sports", "follows the local football club"),
    ("history.since", "a customer since the 2019 trade fair"),
    ("history.purchases", "controllers for line 1, spare parts every quarter"),
    ("plans.projects", "line 3 to be replaced next year, budget about 2 million"),
    ("plans.next", "bring the service engineer to the next visit"),
)


def person_name(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return rng.choice(CN_SURNAMES) + rng.choice(CN_GIVEN)
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def company_name(
    rng: random.Random,
    chinese: bool,
    serial: int | None = None,
    *,
    taken: Container[str] | None = None,
) -> str:
    """A company's name, with ``serial`` in it; or, when ``taken`` is given, with
    ``serial`` only if the name without it is taken (names casefolded). Either way the
    same draws from ``rng``."""
    base = rng.choice(CN_COMPANIES if chinese else EN_COMPANIES)
    suffix = rng.choice(CN_SUFFIXES if chinese else EN_SUFFIXES)
    if taken is not None and _company(base, suffix, chinese).casefold() not in taken:
        serial = None
    return _company(base, suffix, chinese, serial)


def _company(base: str, suffix: str, chinese: bool, serial: int | None = None) -> str:
    if chinese:
        return f"{base}{'' if serial is None else f'{serial}号'}{suffix}"
    return f"{base}{'' if serial is None else f' {serial}'} {suffix}"


def phone(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return f"+86 1{rng.randint(30, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
    return f"+1 {rng.randint(200, 989)} 555 {rng.randint(1000, 9999)}"


def is_chinese(text: str) -> bool:
    """Whether ``text`` is written in Chinese: it holds a CJK ideograph."""
    return any("\u4e00" <= char <= "\u9fff" for char in text)


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
# The established customers' reorders at the agreed prices, why they were won, and why
# a few were not.
EN_REORDERS = (
    "Spare parts reorder",
    "Consumables, yearly order",
    "Service contract renewal",
    "Sensor replacement batch",
)
CN_REORDERS = ("备件补货订单", "年度耗材订单", "维保合同续签", "传感器更换批次")
REORDER_WINS = (
    "reordered at the framework prices; delivered from stock",
    "renewed for another year at last year's rates",
    "按框架协议价格续订",
)
REORDER_LOSSES = (
    ("price", "Fabrikam Automation", "bought this batch from Fabrikam at 12% less"),
    ("budget", None, "maintenance budget cut; the order waits for next year"),
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

# Street addresses by region: Chinese ones as the post writes them, the others in English.
STREETS = {
    "Shanghai": ("上海市浦东新区张江路", "上海市闵行区春东路", "上海市嘉定区墨玉南路"),
    "Beijing": ("北京市朝阳区酒仙桥路", "北京市海淀区上地信息路", "北京市大兴区科创十三街"),
    "Shenzhen": ("深圳市南山区高新南一道", "深圳市宝安区凤凰路", "深圳市龙岗区雪岗路"),
    "Guangzhou": ("广州市黄埔区开源大道", "广州市番禺区市莲路", "广州市白云区永兴路"),
    "Hangzhou": ("杭州市滨江区江南大道", "杭州市余杭区文一西路", "杭州市萧山区建设一路"),
    "Chengdu": ("成都市高新区天府大道", "成都市龙泉驿区南四路", "成都市双流区西航港大道"),
    "New York": ("Industrial Park Rd, Brooklyn, NY 11232", "Broadway, New York, NY 10012"),
    "Chicago": ("W Lake St, Chicago, IL 60612", "S Halsted St, Chicago, IL 60608"),
    "London": ("Great West Road, Brentford TW8 9DF", "Commercial Road, London E1 1LN"),
    "Singapore": ("Tuas South Avenue, Singapore 637304", "Ubi Avenue, Singapore 408868"),
}


def address(rng: random.Random, region: str | None) -> str | None:
    streets = STREETS.get(region or "")
    if not streets:
        return None
    street = rng.choice(streets)
    if street.isascii():
        return f"{rng.randint(2, 980)} {street}"
    return f"{street}{rng.randint(1, 399)}号"


# Activities: what a rep writes down after a call, a visit, an email, a meeting or a
# message, in English and in Chinese (the account's language), by where the deal stands.
# Each entry: (type, outcome in English, outcome in Chinese).
DEAL_TOUCHES = {
    "open": (
        (
            "call",
            "first call: line stops twice a week; the plant director owns the budget",
            "首次电话：产线每周停机两次，预算由厂长负责",
        ),
        (
            "meeting",
            "intro meeting with IT and operations; they want a site survey",
            "与IT和生产部门初次会谈，对方希望安排现场勘察",
        ),
        (
            "visit",
            "first visit: walked the line with the plant engineer",
            "首次拜访：与工艺工程师一起查看了产线",
        ),
    ),
    "prospect": (
        (
            "call",
            "discovery call: three pain points listed, downtime is the big one",
            "电话沟通需求：列出三个痛点，停机损失最大",
        ),
        (
            "email",
            "sent the reference case study and our company profile",
            "发送了成功案例和公司介绍",
        ),
        (
            "visit",
            "site survey: photographed the old controllers, counted 14 drives",
            "现场勘察：拍了旧控制器照片，共14台变频器",
        ),
        ("message", "confirmed the site survey date on WeChat", "微信确认了现场勘察时间"),
        (
            "call",
            "asked who else they talk to: one other vendor so far",
            "电话了解竞争情况：目前还接触了一家供应商",
        ),
        ("email", "sent the questionnaire on volumes and shifts", "发送了产量和班次调查表"),
    ),
    "proposal": (
        (
            "meeting",
            "presented the proposal to the buying committee; questions on lead time",
            "向采购委员会介绍方案，对方关注交货期",
        ),
        (
            "email",
            "sent the revised quote with the extended warranty option",
            "发送了含延保选项的修订报价",
        ),
        (
            "call",
            "technical review call with their engineers; two open points on interfaces",
            "与对方工程师技术评审电话，接口还有两点待定",
        ),
        (
            "visit",
            "reference visit to a sister plant; the plant director liked what he saw",
            "陪同客户参观样板工厂，厂长很满意",
        ),
        (
            "message",
            "purchasing asked for the price breakdown by line item",
            "采购通过微信要求按明细报价",
        ),
        (
            "call",
            "followed up on the proposal: decision expected at the month-end meeting",
            "跟进方案：预计月底会议决策",
        ),
    ),
    "negotiation": (
        (
            "meeting",
            "price review with purchasing: they ask for 8%, we offered 4%",
            "与采购谈价格：对方要求降8%，我方同意4%",
        ),
        (
            "call",
            "legal sent their comments on the liability clause",
            "法务反馈了责任条款的修改意见",
        ),
        (
            "email",
            "sent the contract draft with the agreed payment schedule",
            "发送了含付款计划的合同草稿",
        ),
        (
            "visit",
            "met the plant director: verbal yes, waiting for the board",
            "拜访厂长：口头同意，等待董事会批准",
        ),
        (
            "message",
            "purchasing confirmed the delivery window on WeChat",
            "采购微信确认了交货时间窗口",
        ),
        ("call", "agreed 30% down payment, rest on acceptance", "商定预付30%，验收后付清"),
    ),
    "suspend": (("call", "customer asked to pause the project for now", "客户要求项目暂缓"),),
    "reopen": (
        (
            "visit",
            "the plant manager asked us back; new scope walk-through",
            "厂长请我们回来，重新梳理项目范围",
        ),
    ),
    "back": (
        (
            "meeting",
            "the new CFO re-scoped the project; budget and decision makers to qualify again",
            "新任财务总监调整了项目范围，需重新确认预算和决策人",
        ),
    ),
    "won": (
        ("meeting", "contract signed at the customer's office", "在客户处签署了合同"),
        (
            "visit",
            "signed; kick-off meeting booked with their project team",
            "已签约，约定了项目启动会",
        ),
    ),
    "lost": (
        (
            "call",
            "they chose another offer; asked for a debrief next quarter",
            "客户选择了其他方案，约了下季度复盘",
        ),
    ),
    "qualified": (
        (
            "call",
            "qualification call: budget, authority and need confirmed",
            "资格确认电话：预算、决策人和需求均已确认",
        ),
    ),
    "handover": (
        (
            "handover",
            "introduction visit: met purchasing and the plant director with the former owner",
            "交接拜访：与原负责人一起拜见采购和厂长",
        ),
    ),
}
# (type, outcome in English, in Chinese) with an account, not about one deal.
ACCOUNT_TOUCHES = {
    "customer": (
        (
            "visit",
            "quarterly review: uptime 99.2%, two service tickets, both closed",
            "季度回访：设备运行率99.2%，两张服务单均已关闭",
        ),
        (
            "call",
            "checked the spare-parts stock with the maintenance lead",
            "与维修主管核对了备件库存",
        ),
        (
            "email",
            "sent the firmware update notes and the training schedule",
            "发送了固件升级说明和培训安排",
        ),
        ("message", "holiday greetings to the purchasing team", "给采购团队发了节日问候"),
        (
            "meeting",
            "annual planning: they expand the second plant next year",
            "年度规划会：明年扩建二厂",
        ),
        ("call", "invoice question answered; payment on its way", "解答了发票问题，款项在付"),
        (
            "visit",
            "service visit with our engineer; line 3 alarm fixed",
            "陪同工程师上门服务，3号线报警已处理",
        ),
    ),
    "prospect": (
        (
            "call",
            "cold call: the operations manager agreed to a short meeting",
            "陌生拜访电话：运营经理同意见面",
        ),
        (
            "email",
            "sent our brochure and an invitation to the trade show",
            "发送了产品手册和展会邀请",
        ),
        (
            "visit",
            "courtesy visit; they replace their controllers in two years",
            "礼节性拜访：对方两年后更换控制器",
        ),
        ("message", "shared the new case study on WeChat", "微信分享了新的案例"),
    ),
    "former": (
        ("call", "they moved to another supplier; left the door open", "客户已换供应商，保持联系"),
        ("email", "sent the new product line brochure", "发送了新产品目录"),
    ),
}
# Visits a rep books ahead: (purpose, objective, minimum objective), English and Chinese.
VISIT_PLANS = {
    "prospect": (
        (
            "site visit to map the current line",
            "agree the scope for a proposal",
            "names of the decision makers and the budget window",
        ),
        ("拜访技术总监，确认需求", "确认项目范围，争取报价机会", "了解决策人和预算时间"),
    ),
    "proposal": (
        (
            "present the proposal to the buying committee",
            "shortlisted as preferred vendor",
            "the committee's open questions in writing",
        ),
        ("向采购委员会讲解方案", "成为首选供应商", "拿到委员会的书面问题清单"),
    ),
    "negotiation": (
        (
            "final price review with purchasing",
            "signed order this month at no more than 5% off",
            "agreed payment terms and a signing date",
        ),
        ("与采购经理谈付款条件", "本月签约，折扣不超过5%", "确定付款方式和签约日期"),
    ),
    "customer": (
        (
            "quarterly review with the plant director",
            "renewal of the service contract",
            "next year's spare-parts list",
        ),
        ("季度回访厂长", "续签服务合同", "拿到明年的备件清单"),
    ),
}
CANCEL_REASONS = (
    "customer asked to postpone: plant audit that week",
    "the plant director is travelling; rebook next week",
    "客户临时开会，改期",
)
# What a rep plans to do with a customer, not about one deal (English, Chinese).
ACCOUNT_PURPOSES = (
    (
        "check the spare-parts order for next quarter",
        "confirm the service engineer's visit",
        "ask for a reference for the new plant",
    ),
    ("确认下季度备件订单", "确认服务工程师上门时间", "请客户为新工厂做推荐"),
)
