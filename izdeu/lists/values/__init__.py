"""Parsers for the values typed into lists and requests: birth dates and ages, IINs, phones, sex, names.

Plain Python, no Django: bad input gives a `Problem` with a code, never an exception.
"""

from izdeu.lists.values.dates import Birth, parse_birth
from izdeu.lists.values.iin import Iin, check_digit, cross_check, parse_iin
from izdeu.lists.values.names import NameParts, split_full_name
from izdeu.lists.values.phones import Phone, normalise_phone, normalise_phones
from izdeu.lists.values.problems import Problem
from izdeu.lists.values.sex import parse_sex, sex_from_patronymic, sex_from_surname

__all__ = [
    "Birth", "Iin", "NameParts", "Phone", "Problem", "check_digit", "cross_check", "normalise_phone",
    "normalise_phones",
    "parse_birth", "parse_iin", "parse_sex", "sex_from_patronymic", "sex_from_surname", "split_full_name",
]  # fmt: skip
