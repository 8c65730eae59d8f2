"""What a CSV file is before it is read: its encoding and its delimiter.

UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when its NUL bytes show
it), GB18030 (Chinese Excel) and cp1252 (Western Windows) are told apart on the file's own
text; a file whose encoding cannot be told is refused, naming --encoding.
"""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

from salescli.errors import InvalidValue

DELIMITERS = ",;\t|"

_UNDECODABLE = re.compile("[\udc80-\udcff]")


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when its NUL bytes
    show it), GB18030 or cp1252 (Western Windows).

    A file that is UTF-8 but for a few stray bytes is refused, naming the first bad line,
    rather than read as GB18030 and imported as mojibake. A file that is not UTF-8 is
    GB18030 or cp1252 only when its text shows which (``_legacy_encoding``); otherwise it
    is refused, naming --encoding."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        utf16 = _utf16_without_bom(path, handle.read(NUL_SAMPLE_BYTES))
        if utf16:
            return utf16
        handle.seek(0)
        # surrogateescape turns each undecodable byte into a lone surrogate, which valid
        # UTF-8 text can never contain (unlike U+FFFD, which a file may hold).
        decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        valid = invalid = lines = 0
        first_bad_line: int | None = None
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            text = chunk.decode("ascii") if chunk.isascii() else decoder.decode(chunk)
            bad = len(_UNDECODABLE.findall(text)) if not chunk.isascii() else 0
            if bad and first_bad_line is None:
                first = _UNDECODABLE.search(text)
                assert first is not None
                first_bad_line = lines + text[: first.start()].count("\n") + 1
            lines += text.count("\n")
            invalid += bad
            valid += len(text) - len(text.encode("ascii", "ignore")) - bad
        invalid += len(_UNDECODABLE.findall(decoder.decode(b"", final=True)))
    if not invalid:
        return "utf-8"
    if valid >= 2 * invalid:
        raise InvalidValue(
            f"{path}: line {first_bad_line or lines}: is not valid UTF-8",
            hint="save the file as UTF-8, or pass --encoding (gb18030, cp1252, ...)",
        )
    return _legacy_encoding(path)


NUL_SAMPLE_BYTES = 4096
_ENCODING_HINT = "pass --encoding (utf-8, gb18030, cp1252, utf-16-le, ...)"


def _utf16_without_bom(path: Path, head: bytes) -> str | None:
    """UTF-16 written without a BOM: text whose every other byte is NUL. A file with many
    NUL bytes in no such pattern is no text CSV at all."""
    if b"\x00" not in head:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    if odd >= half * 0.4 and even <= half * 0.05:
        return "utf-16-le"
    if even >= half * 0.4 and odd <= half * 0.05:
        return "utf-16-be"
    if even + odd < len(head) * 0.1:
        return None  # a stray NUL in text: refused with its line as a control character
    raise InvalidValue(
        f"{path}: holds NUL bytes, so it is not UTF-8 text (UTF-16 or a binary file?)",
        hint=_ENCODING_HINT,
    )


# A run of non-ASCII bytes. In Chinese text (GB18030) they come in pairs, a character
# being two bytes from 0x81 up; in Western text (cp1252) an accented letter is one byte,
# mostly between ASCII letters (José, Müller), and three in a row are all but unknown.
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_GB2312_PAIR = re.compile(rb"(?:[\xa1-\xf7][\xa1-\xfe])+")


def _legacy_encoding(path: Path) -> str:
    """GB18030 or cp1252 for a file that is not UTF-8, judged on its text: each run of
    non-ASCII bytes votes for the one it can be. A file with votes for both, or for
    neither, is refused: reading it either way could store mojibake without a word."""
    votes = {"gb18030": 0, "cp1252": 0, "unclear": 0}
    first_line = {"gb18030": 0, "cp1252": 0, "unclear": 0}
    lines = 0
    carry = b""
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            data = carry + chunk
            # A run cut by the chunk's end is judged with the next chunk.
            cut = len(data.rstrip(_HIGH_BYTES))
            data, carry = data[:cut], data[cut:]
            for run in _HIGH_RUN.finditer(data):
                kind = _run_kind(run.group())
                votes[kind] += 1
                if not first_line[kind]:
                    first_line[kind] = lines + data.count(b"\n", 0, run.start()) + 1
            lines += data.count(b"\n")
    if carry:
        votes[_run_kind(carry)] += 1
        first_line[_run_kind(carry)] = first_line[_run_kind(carry)] or lines + 1
    chinese, western = votes["gb18030"], votes["cp1252"]
    first_chinese, first_western = first_line["gb18030"], first_line["cp1252"]
    if votes["unclear"]:
        chinese = western = 0
    if chinese and not western:
        return "gb18030"
    if western and not chinese:
        return "cp1252"
    if chinese and western:
        reason = (
            f"has Chinese-looking text (line {first_chinese}) and Western accented letters"
            f" (line {first_western}): its encoding cannot be told"
        )
    else:
        line = first_line["unclear"] or 1
        reason = f"line {line}: is not UTF-8, and its encoding cannot be told"
    raise InvalidValue(f"{path}: {reason}", hint=_ENCODING_HINT)


_HIGH_BYTES = bytes(range(0x80, 0x100))


def _run_kind(run: bytes) -> str:
    """What a run of non-ASCII bytes can be: Chinese (pairs of GB2312 bytes), Western
    (one or two cp1252 letters), or unclear."""
    if len(run) % 2 == 0 and _GB2312_PAIR.fullmatch(run):
        return "gb18030"
    if len(run) <= 2 and _reads_as_western(run):
        return "cp1252"
    return "unclear"


def _reads_as_western(run: bytes) -> bool:
    try:
        text = run.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(char.isalpha() or char in "€’‘“”–—…°£§©®±µ·¿¡«»" for char in text)


def sniff_delimiter(sample: str) -> str:
    lines = sample.splitlines()
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample cut the last line short
    trimmed = "\n".join(lines[:50])
    header = lines[0] if lines else ""
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    by_header = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        sniffed = csv.Sniffer().sniff(trimmed, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return by_header
    # The sniffer reads the data too, where cells can hold ';' or quotes; a guess that
    # leaves the header in one piece while another delimiter splits it is wrong.
    if counts[sniffed] == 0 and counts[by_header] > 0:
        return by_header
    return sniffed
