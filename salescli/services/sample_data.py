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
