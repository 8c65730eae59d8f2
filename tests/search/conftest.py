"""The book the search tests look through."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    """alice: 上海华联超市 (account 1, +86 21 6234-5678) with 王伟 (contact 1) and a deal
    and a visit; Acme Corp (account 2) with Dana Miller; a lead 李娜 at 华联物流.
    bob: Globex (account 3) with Wang Wei (contact 3, 138 0013 8000)."""
    cli.ok("account", "add", "上海华联超市", "--phone", "+86 21 6234-5678")
    cli.ok("account", "add", "Acme Corp", "--phone", "+1 555 0100")
    cli.ok("account", "add", "Globex", "--owner", "bob")
    cli.ok("contact", "add", "上海华联超市", "王伟", "--phone", "13900001111",
           "--email", "wangwei@hualian.cn")  # fmt: skip
    cli.ok("contact", "add", "Acme Corp", "Dana Miller", "--email", "dana@acme.example")
    cli.ok("contact", "add", "Globex", "Wang Wei", "--phone", "138 0013 8000", rep="bob")
    cli.ok("lead", "add", "李娜", "--company", "华联物流", "--phone", "+86 186-1234-5678",
           "--note", "met at the Canton fair")  # fmt: skip
    cli.ok(
        "opp", "add", "上海华联超市", "华联冷链改造", "--amount", "120000", "--close", "2027-03-31"
    )
    cli.ok("visit", "log", "上海华联超市", "--type", "call",
           "--outcome", "客户要求修改报价, send the revised quote")  # fmt: skip
    return cli
