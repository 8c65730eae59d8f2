"""Moving in from another CRM (issue 17): files in legacy Windows encodings are read as the
source wrote them, or refused naming --encoding; never stored as mojibake."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from salescli.errors import InvalidValue
from salescli.sniffing import detect_encoding
from tests.conftest import Cli

# A Salesforce data export of a Western European org: cp1252, accented names.
CP1252_EXPORT = (
    "Name,AccountId,Amount,StageName,CloseDate\n"
    "Müller Großhandel – renewal,001A,1200,Prospecting,2026-12-01\n"
    "Société Générale pilot,001B,800,Prospecting,2026-12-02\n"
    "José Núñez Café,001C,300,Prospecting,2026-12-03\n"
)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_cp1252_file_is_read_as_cp1252_not_gb18030(tmp_path: Path) -> None:
    path = write(tmp_path / "sf.csv", CP1252_EXPORT.encode("cp1252"))
    assert detect_encoding(path) == "cp1252"


def test_chinese_text_in_gb18030_is_still_gb18030(tmp_path: Path) -> None:
    path = write(
        tmp_path / "cn.csv", "姓名,公司\n王伟,华为技术有限公司\n李娜,阿里巴巴\n".encode("gb18030")
    )
    assert detect_encoding(path) == "gb18030"


def test_a_file_that_could_be_either_is_refused_naming_encoding(tmp_path: Path) -> None:
    """Western accents (one byte each) beside Chinese-looking pairs: no guess."""
    data = "name\nJosé\n".encode("cp1252") + "王伟\n".encode("gb18030")
    path = write(tmp_path / "mixed.csv", data)
    with pytest.raises(InvalidValue) as raised:
        detect_encoding(path)
    assert "cannot be told" in raised.value.message
    assert "line 2" in raised.value.message and "line 3" in raised.value.message
    assert "--encoding" in (raised.value.hint or "")


@pytest.mark.parametrize(
    ("codec", "expected"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")]
)
def test_utf16_without_a_bom_is_recognised(tmp_path: Path, codec: str, expected: str) -> None:
    path = write(tmp_path / "u16.csv", "name,company\nWang Wei,Huawei\n".encode(codec))
    assert detect_encoding(path) == expected


def test_nul_bytes_in_no_utf16_pattern_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.csv", b"name\nabc\x00\x00\x00def\x01\x00\n" * 3)
    with pytest.raises(InvalidValue, match="NUL bytes") as raised:
        detect_encoding(path)
    assert "--encoding" in (raised.value.hint or "")


def test_cp1252_deals_import_with_their_accents(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sf.csv", CP1252_EXPORT.encode("cp1252"))
    cli.ok(
        "opp", "import", str(path), "--map", "AccountId=-", "--stage-map", "Prospecting=prospect"
    )
    names = cli.ok("opp", "list", "--all", "--json").stdout
    assert "Müller Großhandel – renewal" in names
    assert "Société Générale pilot" in names and "José Núñez Café" in names


def test_utf16_without_bom_imports_rather_than_missing_a_column(cli: Cli, tmp_path: Path) -> None:
    text = "Deal Name,Deal Stage\nCloud migration,prospect\n"
    path = write(tmp_path / "u16.csv", text.encode("utf-16-le"))
    cli.ok("opp", "import", str(path))
    assert "Cloud migration" in cli.ok("opp", "list", "--all", "--json").stdout


def test_bom_detection_still_comes_first(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.csv", codecs.BOM_UTF16_LE + "name\nWang\n".encode("utf-16-le"))
    assert detect_encoding(path) == "utf-16"
