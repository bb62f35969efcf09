"""Personal data in any text: mainland ID numbers and mobile numbers, found after normalising
the ways people write them, and masked wherever a text must still be shown.

One screen serves every surface: the check that stops publishing (``rules``), the site's
hand-written pages and settings, the built site's text (``jixiao.postbuild.personal_audit``)
and the revision history, whose commit messages and older versions may still hold what the
data no longer does.  A text is read as a reader sees it: NFKC first (full-width digits,
no-break, thin and figure spaces, the small hyphen-minus become their plain forms), the
invisible format characters (Unicode category Cf: zero-width spaces and joiners, the word
joiner, soft hyphens, LRM/RLM and the other bidi controls) dropped, and any run of separators
(spaces of every kind, tabs, dots, hyphens, dashes and minus signs) taken as one.  A number
may then carry a +86 or 0086 prefix, and an ID number an X as its check character.  Positions
are kept, so a masked text is the original with the digits in the middle starred.
A number that only looks like one (a document number starting 13…) is declared in the
year's ``not_personal`` with its reason, and is then neither flagged nor masked.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from jixiao.model.tree import FieldPath

# Separators a number may be split by, once NFKC has made the spaces plain: spaces and tabs,
# dots (the middle dots too), and hyphens, dashes and minus signs of every kind.
_DOTS = frozenset(".·•‧・∙")
_MINUS = frozenset("\u2212\u2796\u207b\u208b")
# One character stands for each run of separators in the text the patterns read.
_SEP = r"[ .\-]?"
_DIGIT = _SEP + r"[0-9]"
MOBILE = re.compile(rf"(?<![0-9])(?:(?:\+|00)?86{_SEP})?1[3-9](?:{_DIGIT}){{9}}(?![0-9])")
ID_18 = re.compile(rf"(?<![0-9])[1-9](?:{_DIGIT}){{16}}{_SEP}[0-9Xx](?![0-9A-Za-z])")
ID_15 = re.compile(rf"(?<![0-9])[1-9](?:{_DIGIT}){{14}}(?![0-9])")
FEWEST_DIGITS = 11  # a mobile number's; an ID number has more
# Enough digits with nothing between them but what reading may drop or join (separators and
# format characters are neither letters nor digits): a text without this holds no number.
_DIGITS_APART = re.compile(rf"[0-9](?:\W*[0-9]){{{FEWEST_DIGITS - 1}}}")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

Kind = Literal["身份证号", "手机号"]


@dataclass(frozen=True)
class Personal:
    kind: Kind
    start: int  # in the text as given
    end: int
    digits: str  # the number alone: no separators, no country code

    @property
    def masked(self) -> str:
        return self.digits[:3] + "*" * (len(self.digits) - 7) + self.digits[-4:]


def _separator(char: str) -> str | None:
    """The character standing for a separator in the read text, or None for any other."""
    if char in " \t" or unicodedata.category(char) == "Zs":
        return " "
    if char in _DOTS:
        return "."
    if char in _MINUS or unicodedata.category(char) == "Pd":
        return "-"
    return None


@dataclass(frozen=True)
class Reading:
    """A text as the patterns read it, with where each of its characters came from."""

    text: str
    starts: list[int]  # for each character read, the first original character it stands for
    ends: list[int]  # and the end of the last


def read_as_shown(text: str) -> Reading:
    """NFKC, format characters dropped, each run of separators one character ('-' if the run
    holds a dash, else '.' if a dot, else ' ')."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, original in enumerate(text):
        for char, sep in _read_char(original):
            # dropped format characters aside, the last character read came just before
            if sep is not None and out and out[-1] in " .-":
                out[-1] = max(out[-1], sep, key=" .-".index)
                ends[-1] = index + 1
                continue
            out.append(sep or char)
            starts.append(index)
            ends.append(index + 1)
    return Reading("".join(out), starts, ends)


@functools.lru_cache(maxsize=1 << 16)  # few distinct characters: each read once per process
def _read_char(original: str) -> tuple[tuple[str, str | None], ...]:
    """What one character reads as: each character of its NFKC form that is not a format
    character, with the separator it stands for (None for any other character)."""
    if unicodedata.category(original) == "Cf":
        return ()
    normal = unicodedata.normalize("NFKC", original)
    return tuple((char, _separator(char)) for char in normal if unicodedata.category(char) != "Cf")


def digits_of(text: str) -> str:
    read = unicodedata.normalize("NFKC", text)
    return re.sub(r"[^0-9Xx]", "", read).upper()


def is_id_card(digits: str) -> bool:
    """An 18-character mainland ID number whose check character is right, or a 15-digit one
    (issued before 1999) whose birth date is a date."""
    if len(digits) == 18 and digits[:17].isdigit():
        total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
        return _ID_CHECK[total % 11] == digits[17].upper()
    if len(digits) == 15 and digits.isdigit():
        try:
            datetime.date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
        except ValueError:
            return False
        return True
    return False


def find_personal(text: str, allowed: Iterable[str] = ()) -> list[Personal]:
    """Every ID or mobile number in text, except the numbers declared not personal."""
    plain = unicodedata.normalize("NFKC", text)
    if sum(map(plain.count, "0123456789")) < FEWEST_DIGITS or not _DIGITS_APART.search(plain):
        return []  # most texts: too few digits for any number, no reading needed
    read = read_as_shown(text)
    exempt = {digits_of(number) for number in allowed}
    # a number declared with its country code is the same number without it
    exempt |= {d[-11:] for d in exempt if len(d) in (13, 15) and d.startswith(("86", "0086"))}
    found: list[Personal] = []
    spans: list[tuple[int, int]] = []
    for pattern, kind in ((ID_18, "身份证号"), (ID_15, "身份证号"), (MOBILE, "手机号")):
        for match in pattern.finditer(read.text):
            digits = digits_of(match.group())
            if kind == "手机号":
                digits = digits[-11:]  # the country code (86, +86, 0086) is not part of it
            if kind == "身份证号" and not is_id_card(digits):
                continue
            if any(s < match.end() and match.start() < e for s, e in spans):
                continue
            spans.append((match.start(), match.end()))
            if digits in exempt:
                continue
            start, end = read.starts[match.start()], read.ends[match.end() - 1]
            found.append(Personal(kind, start, end, digits))  # type: ignore[arg-type]
    return sorted(found, key=lambda f: f.start)


def mask_personal(text: str, allowed: Iterable[str] = ()) -> str:
    """The text with every personal number masked: 138****5678."""
    for found in reversed(find_personal(text, allowed)):
        text = text[: found.start] + found.masked + text[found.end :]
    return text


# What a screened piece of the data is, for the message: text, a key, a figure's value.
Surface = Literal["文字", "键名", "数值"]


def screened_texts(report: object) -> Iterator[tuple[FieldPath, str, Surface]]:
    """Every piece of a report that reaches a page or a download: each string (ids and names
    included), each mapping key (a section's key is its anchor and its place in the downloads)
    and each figure's value where its printed words do not already say it (``一个`` read as
    13812345678 is published as that number)."""
    # Imported here: the site's own texts and the built site are screened without the model.
    from jixiao.model.figures import Correction, Figure
    from jixiao.model.tree import descend

    printed: dict[FieldPath, str] = {}
    for path, node in descend(report):
        if isinstance(node, str):
            yield path, node, "文字"
        elif isinstance(node, dict):
            yield from (((*path, key), key, "键名") for key in node if isinstance(key, str))
        elif isinstance(node, Figure | Correction):
            printed[path] = node.printed if isinstance(node, Figure) else node.to
        elif isinstance(node, Decimal):
            value = format(node, "f")
            if digits_of(value.split(".")[0]) not in digits_of(printed.get(path[:-1], "")):
                yield path, value, "数值"
