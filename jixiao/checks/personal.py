"""Personal data in any text: mainland ID numbers and mobile numbers, found after normalising
the ways people write them, and masked wherever a text must still be shown.

One place screens every surface: the check that stops publishing (``rules``), and the
revision history, whose commit messages and older versions may still hold what the data
no longer does.  Normalisation keeps positions: full-width digits and signs become ASCII
one for one; the patterns then allow a space or hyphen between any two digits (138 1234
5678, 138-1234-5678), a +86 or 0086 prefix, and an X as an ID number's check character.
A number that only looks like one (a document number starting 13…) is declared in the
year's ``not_personal`` with its reason, and is then neither flagged nor masked.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－Ｘｘ\u3000‐–—", "0123456789+-Xx " + "---")
_SEP = r"[ \-]?"
_DIGIT = _SEP + r"[0-9]"
MOBILE = re.compile(rf"(?<![0-9])(?:(?:\+|00)?86{_SEP})?1[3-9](?:{_DIGIT}){{9}}(?![0-9])")
ID_18 = re.compile(rf"(?<![0-9])[1-9](?:{_DIGIT}){{16}}{_SEP}[0-9Xx](?![0-9A-Za-z])")
ID_15 = re.compile(rf"(?<![0-9])[1-9](?:{_DIGIT}){{14}}(?![0-9])")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

Kind = Literal["身份证号", "手机号"]


@dataclass(frozen=True)
class Personal:
    kind: Kind
    start: int
    end: int
    digits: str  # the number alone: no separators, no country code

    @property
    def masked(self) -> str:
        return self.digits[:3] + "*" * (len(self.digits) - 7) + self.digits[-4:]


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text.translate(_FULL_WIDTH)).upper()


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
    plain = text.translate(_FULL_WIDTH)
    exempt = {digits_of(number) for number in allowed}
    found: list[Personal] = []
    for pattern, kind in ((ID_18, "身份证号"), (ID_15, "身份证号"), (MOBILE, "手机号")):
        for match in pattern.finditer(plain):
            digits = digits_of(match.group())
            if kind == "手机号" and len(digits) == 13:
                digits = digits[2:]  # the country code is not part of the number
            if kind == "身份证号" and not is_id_card(digits):
                continue
            if digits in exempt or any(
                f.start < match.end() and match.start() < f.end for f in found
            ):
                continue
            found.append(Personal(kind, match.start(), match.end(), digits))  # type: ignore[arg-type]
    return sorted(found, key=lambda f: f.start)


def mask_personal(text: str, allowed: Iterable[str] = ()) -> str:
    """The text with every personal number masked: 138****5678."""
    for found in reversed(find_personal(text, allowed)):
        text = text[: found.start] + found.masked + text[found.end :]
    return text
