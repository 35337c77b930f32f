"""Phone numbers to E.164 ("+77015550142"), Kazakhstan by default.

Kazakhstan and Russia share country code 7: after it, 6xx/7xx are Kazakh and 3xx/4xx/8xx/9xx
Russian. Inside Kazakhstan numbers are dialled with the trunk prefix 8 ("8 701 555 01 42").
"""

import re
from dataclasses import dataclass
from typing import Literal

from izdeu.lists.values.problems import Problem

Country = Literal["KZ", "RU"]
Kind = Literal["mobile", "landline", "unknown"]

# Kazakh mobile operators: 700–709, 747, 750–759, 771–779.
_KZ_MOBILE = re.compile(r"^(70\d|747|75\d|77\d)")
NATIONAL_LENGTH = 10  # digits after +7
E164_MAX = 15
SHORTEST_INTERNATIONAL = 8
SHORTEST_LOCAL = 5  # the shortest local numbers of small Kazakh towns
# Country code dialled before a national number written without one. Both share the +7 plan,
# which is the only national plan these rules know (trunk prefix 8, ten national digits).
COUNTRY_CODES: dict[str, str] = {"KZ": "7", "RU": "7"}

_LABEL = re.compile(r"^\s*(тел|телефон|моб|сот|ұялы|tel|phone|mob|mobile)\.?\s*[:№]?", re.IGNORECASE)
_WRITING = re.compile(r"^\+?[\d\s\-().]+$")


@dataclass(frozen=True)
class Phone:
    e164: str
    country: Country | None  # None for numbers outside the +7 plan
    kind: Kind


def normalise_phone(text: str, default_country: Country = "KZ", city_code: str | None = None) -> Phone | Problem:
    """Read one phone number.

    `city_code` (e.g. "727" for Almaty) completes local numbers such as "255-55-55"; without it
    they are `phone_incomplete`, because guessing the city would give a stranger's number.
    `default_country` gives the country code of ten digits written without one.
    """
    written = _LABEL.sub("", str(text)).strip()
    if not _WRITING.match(written) or not any(c.isdigit() for c in written):
        return Problem("phone_not_a_number", str(text))
    digits = re.sub(r"\D", "", written)
    if written.startswith("+") or digits.startswith("00"):
        result = _international(digits.removeprefix("00"))
    else:
        result = _national(digits, default_country, city_code)
    return result if isinstance(result, Phone) else Problem(result.code, str(text))


def _international(digits: str) -> Phone | Problem:
    if digits.startswith("7"):
        return _plan_seven(digits[1:])
    if len(digits) < SHORTEST_INTERNATIONAL:
        return Problem("phone_too_short")
    if len(digits) > E164_MAX:
        return Problem("phone_too_long")
    return Phone(e164="+" + digits, country=None, kind="unknown")


def _national(digits: str, default_country: Country, city_code: str | None) -> Phone | Problem:
    if len(digits) == NATIONAL_LENGTH + 1 and digits[0] in "78":
        return _plan_seven(digits[1:])  # 8 701… (trunk) or 7 701… (country code without +)
    if len(digits) == NATIONAL_LENGTH and digits[0] != "8":
        return _international(COUNTRY_CODES[default_country] + digits)
    if city_code and len(city_code) + len(digits) == NATIONAL_LENGTH:
        return _plan_seven(city_code + digits)
    if len(digits) > NATIONAL_LENGTH + 1:
        return Problem("phone_too_long")
    if SHORTEST_LOCAL <= len(digits) < NATIONAL_LENGTH - 2:
        return Problem("phone_incomplete")
    return Problem("phone_too_short")


def _plan_seven(national: str) -> Phone | Problem:
    """Ten digits after +7, read as Kazakh or Russian from their first digit."""
    if len(national) < NATIONAL_LENGTH:
        return Problem("phone_too_short")
    if len(national) > NATIONAL_LENGTH:
        return Problem("phone_too_long")
    if national[0] in "67":
        kind: Kind = (
            "mobile" if _KZ_MOBILE.match(national) else "landline" if national[:2] in ("71", "72") else "unknown"
        )
        return Phone(e164="+7" + national, country="KZ", kind=kind)
    if national[0] in "3489":
        return Phone(e164="+7" + national, country="RU", kind="mobile" if national[0] == "9" else "landline")
    return Problem("phone_unknown_prefix")


# Between two numbers in one cell: "8 701 555 01 42, 8 727 255 55 55" or "…42 / …55" or "…42 и …55".
_SEVERAL = re.compile(r"\s*(?:[,;/\n]|\s(?:и|или|және|and)\s)\s*", re.IGNORECASE)


def normalise_phones(text: str, default_country: Country = "KZ", city_code: str | None = None) -> list[Phone | Problem]:
    """Every number in a cell that may hold several, in the order written."""
    return [normalise_phone(part, default_country, city_code) for part in _SEVERAL.split(str(text)) if part.strip()]
