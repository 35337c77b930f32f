"""The matching engine: which list entries and search requests are about the same person.

Plain Python, no Django, so that it runs in a bare worker process. In layers:

- ``names``: keys for one name token in any script or transliteration, parsing a full name
  into surname, given name and patronymic whatever their order, and comparing two names part
  by part into levels with human-readable evidence;
- later: comparison of the other fields (birth date and age, IIN, sex, places and dates), the
  model that weighs the levels into a match probability, and linking into persons.
"""

from izdeu.matching.names import (
    FatherLevel,
    GivenLevel,
    NameComparison,
    PartComparison,
    PersonName,
    SexSource,
    SurnameLevel,
    compare_names,
    names_agree,
    parse_name,
    reduced_key,
    skeleton_key,
    token_key,
)

__all__ = [
    "FatherLevel", "GivenLevel", "NameComparison", "PartComparison", "PersonName", "SexSource",
    "SurnameLevel", "compare_names", "names_agree", "parse_name", "reduced_key", "skeleton_key", "token_key",
]  # fmt: skip
