"""Closed vocabularies read loosely, including other CRMs' and Chinese spreadsheets' words."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescli.errors import InvalidValue
from salescli.models.enums import AccountStatus, ContactRole, LeadSource, LeadStatus
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trade-show", LeadSource.TRADE_SHOW),
        ("Trade Show", LeadSource.TRADE_SHOW),
        ("TRADE_SHOW", LeadSource.TRADE_SHOW),
        ("展会", LeadSource.TRADE_SHOW),
        ("转介绍", LeadSource.REFERRAL),
        ("Website", LeadSource.WEB),
        ("陌生电话", LeadSource.COLD_CALL),
        ("webinar", LeadSource.SEMINAR),
    ],
)
def test_lead_sources_are_read_loosely(text: str, expected: LeadSource) -> None:
    assert LeadSource.parse(text, what="lead source") is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Open - Not Contacted", LeadStatus.NEW),
        ("Working - Contacted", LeadStatus.CONTACTED),
        ("Closed - Converted", LeadStatus.CONVERTED),
        ("Closed - Not Converted", LeadStatus.DISQUALIFIED),
        ("已联系", LeadStatus.CONTACTED),
    ],
)
def test_other_crms_lead_statuses(text: str, expected: LeadStatus) -> None:
    assert LeadStatus.parse(text, what="lead status") is expected


def test_account_statuses_and_contact_roles_have_chinese_synonyms() -> None:
    assert AccountStatus.parse("成交客户", what="status") is AccountStatus.CUSTOMER
    assert ContactRole.parse("决策人", what="role") is ContactRole.DECISION_MAKER
    assert ContactRole.parse("Decision Maker", what="role") is ContactRole.DECISION_MAKER


def test_an_unknown_word_lists_the_accepted_values() -> None:
    with pytest.raises(InvalidValue) as raised:
        LeadSource.parse("carrier pigeon", what="lead source")
    assert raised.value.message == "'carrier pigeon' is not a lead source"
    assert raised.value.hint == (
        "choose one of: referral, trade-show, web, cold-call, seminar, directory, "
        "direct-mail, other"
    )


def test_map_to_dash_ignores_a_column(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "leads.csv"
    sheet.write_text("name,来源\nWang Wei,carrier pigeon\n", encoding="utf-8")
    refused = cli("lead", "import", str(sheet))
    assert refused.exit_code == 1
    assert "line 2: source: 'carrier pigeon' is not a lead source" in refused.stderr
    cli.ok("lead", "import", str(sheet), "--map", "来源=-")
    assert cli.ok("lead", "list", "--json").stdout.count('"source": null') == 1


def test_gb18030_example_imports_as_it_is(cli: Cli) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "客户线索-gb18030.csv"
    cli.ok("lead", "import", str(example))
    listed = cli.ok("lead", "list").stdout.splitlines()
    assert [line.split()[1:3] for line in listed[1:]] == [
        ["王伟", "华东精密有限公司"],
        ["李娜", "南方电气股份有限公司"],
        ["陈志强", "长江物流集团"],
    ]
