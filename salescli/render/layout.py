"""How a table fits a terminal's width: which columns it keeps, how wide each is, and
when it gives up the table for "key: value" blocks. Pure arithmetic on display widths,
so a test can check a layout without a terminal; rich is not imported here.

A view ranks its columns (``Col.rank``): 1 for the essential ones (id, name, account,
amount, date, what is due), higher for those that may go. When the table does not fit,
the frame first loses its outer edge, then the columns of the highest rank go, the
rightmost first. An essential column is never narrower than its header or 12 cells
(or its widest value, when that is shorter); a short fixed-form column (a date, a
status) keeps its whole width or goes. Nothing is cut: a value wider than its column
wraps onto the next line.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

# An essential column that wraps keeps at least this many cells.
ESSENTIAL_WIDTH = 12
# Any other column that wraps: at least its header, and not below this.
OPTIONAL_WIDTH = 10
# A word longer than this may be broken across lines.
LONGEST_WORD = 20


@functools.lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """How many columns ``text`` takes on a terminal: wide (CJK) characters take two.
    Only the non-ASCII characters are looked up, each once (a digest's messages are
    mostly ASCII around a Chinese name: 727,000 cells measured in 1.1 s instead of
    1.5 s by a lookup per character); the result is cached, as a table repeats its
    names (an account on each of its deals)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(map(_extra_width, _NON_ASCII.findall(text)))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.cache
def _extra_width(char: str) -> int:
    import unicodedata

    return 1 if unicodedata.east_asian_width(char) in "WF" else 0


class Fit(NamedTuple):
    """The columns kept (indexes into the view's columns), each one's width, and whether
    the frame draws its outer edge."""

    kept: tuple[int, ...]
    widths: tuple[int, ...]
    edge: bool


def natural_width(header: str, cells: Sequence[str]) -> int:
    """The width a column takes when nothing wraps: its widest line."""
    widest = display_width(header)
    for cell in set(cells):
        lines = cell.split("\n") if "\n" in cell else (cell,)
        widest = max(widest, *map(display_width, lines))
    return widest


def longest_word(cells: Sequence[str]) -> int:
    """The widest run of Latin letters, digits and signs: a column that wraps should not
    break one ("negotiation" as "negotiati" / "on"). Chinese text breaks between any two
    characters, as it is written."""
    return max(map(len, _WORD.findall(" ".join(set(cells)))), default=0)


_WORD = re.compile(r"[\x21-\x7e]+")


def minimum_width(
    header: str, natural: int, *, rank: int, nowrap: bool, least: int | None, word: int = 0
) -> int:
    """The fewest cells a column may take; ``word`` is its longest word."""
    if nowrap:
        return natural
    head = display_width(header)
    if least is not None:
        return min(natural, max(least, head))
    floor = ESSENTIAL_WIDTH if rank <= 1 else OPTIONAL_WIDTH
    return min(natural, max(floor, head, min(word, LONGEST_WORD)))


def frame_width(columns: int, *, edge: bool) -> int:
    """What a rich table's frame takes beside the cells: one space either side of each
    cell, a rule between columns, and the outer rules when ``edge``."""
    return 3 * columns + (1 if edge else -1)


def fit(
    ranks: Sequence[int], naturals: Sequence[int], minimums: Sequence[int], width: int
) -> Fit | None:
    """The columns that fit within ``width`` and their widths; ``None`` when even the
    essential ones do not fit (the caller shows blocks instead)."""
    edged = _keep(ranks, minimums, width, edge=True)
    plain = _keep(ranks, minimums, width, edge=False)
    # The frame gives up its outer edge only to keep a column that matters (rank 2).
    if plain is not None and (edged is None or any(ranks[i] <= 2 for i in set(plain) - set(edged))):
        kept, edge = plain, False
    elif edged is not None:
        kept, edge = edged, True
    else:
        return None
    spare = width - frame_width(len(kept), edge=edge)
    return Fit(kept, _spread([naturals[i] for i in kept], [minimums[i] for i in kept], spare), edge)


def _keep(
    ranks: Sequence[int], minimums: Sequence[int], width: int, *, edge: bool
) -> tuple[int, ...] | None:
    kept = list(range(len(ranks)))
    while sum(minimums[i] for i in kept) + frame_width(len(kept), edge=edge) > width:
        droppable = [i for i in kept if ranks[i] > 1]
        if not droppable:
            return None
        kept.remove(max(droppable, key=lambda i: (ranks[i], i)))
    return tuple(kept)


def _spread(naturals: Sequence[int], minimums: Sequence[int], spare: int) -> tuple[int, ...]:
    """Widths from the minimums towards the natural widths, the spare cells shared in
    proportion to what each column lacks."""
    lacking = [natural - least for natural, least in zip(naturals, minimums, strict=True)]
    room = spare - sum(minimums)
    if room >= sum(lacking):
        return tuple(naturals)
    total = sum(lacking)
    widths = [least + lack * room // total for least, lack in zip(minimums, lacking, strict=True)]
    # The cells lost to rounding go to the columns that lack the most.
    left = room - sum(widths) + sum(minimums)
    for index in sorted(range(len(widths)), key=lambda i: widths[i] - naturals[i])[:left]:
        widths[index] += 1
    return tuple(widths)


def cut(value: str, width: int) -> str:
    """``value`` in at most ``width`` cells, ending in "…" when it had to be cut."""
    if display_width(value) <= width:
        return value
    shown, used = [], 0
    for char in value:
        size = display_width(char)
        if used + size > width - 1:
            break
        shown.append(char)
        used += size
    return "".join(shown).rstrip() + "…"


def cut_distinct(values: Sequence[str], width: int) -> list[str]:
    """Each value cut to ``width`` cells, except that two different values never look
    alike: when they would (上海华联 and 上海电气 both as "上海…"), both are shown
    longer, as far as it takes to tell them apart."""
    shown = {value: cut(value, width) for value in set(values)}
    alike: dict[str, list[str]] = defaultdict(list)
    for value, text in shown.items():
        alike[text].append(value)
    for group in alike.values():
        if len(group) < 2:
            continue
        longest = max(map(display_width, group))
        texts = {value: value for value in group}
        for wider in range(width + 1, longest + 1):
            texts = {value: cut(value, wider) for value in group}
            if len(set(texts.values())) == len(group):
                break
        shown.update(texts)
    return [shown[value] for value in values]
