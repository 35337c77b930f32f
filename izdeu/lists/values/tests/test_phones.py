import pytest

from izdeu.lists.values.phones import Phone, normalise_phone, normalise_phones
from izdeu.lists.values.problems import Problem


@pytest.mark.parametrize("text", [
    "8 701 555 01 42", "+7 (701) 555-01-42", "87015550142", "7015550142", "+77015550142", "8(701)5550142",
    "8-701-555-01-42", "7 701 555 01 42", "77015550142", "+7 701 555 0142", "тел: 8 701 555 01 42",
    "моб. +7 701 555 01 42", "00 7 701 555 01 42", "8.701.555.01.42",
])  # fmt: skip
def test_kazakh_mobile_in_every_common_writing(text):
    assert normalise_phone(text) == Phone(e164="+77015550142", country="KZ", kind="mobile")


@pytest.mark.parametrize("text, e164, kind", [
    ("8 747 123 45 67", "+77471234567", "mobile"), ("8 705 000 11 22", "+77050001122", "mobile"),
    ("8 751 234 56 78", "+77512345678", "mobile"), ("8 777 987 65 43", "+77779876543", "mobile"),
    ("8 727 255 55 55", "+77272555555", "landline"), ("+7 7172 55 44 33", "+77172554433", "landline"),
])  # fmt: skip
def test_kazakh_operators_and_landlines(text, e164, kind):
    assert normalise_phone(text) == Phone(e164=e164, country="KZ", kind=kind)


def test_a_local_almaty_number_needs_the_city():
    assert normalise_phone("255-55-55") == Problem("phone_incomplete", "255-55-55")
    assert normalise_phone("255-55-55", city_code="727") == Phone(e164="+77272555555", country="KZ", kind="landline")
    assert normalise_phone("55-44-33", city_code="7172") == Phone(e164="+77172554433", country="KZ", kind="landline")


@pytest.mark.parametrize("text, e164, kind", [
    ("+7 916 123-45-67", "+79161234567", "mobile"), ("8 916 123 45 67", "+79161234567", "mobile"),
    ("9161234567", "+79161234567", "mobile"), ("+7 (495) 123-45-67", "+74951234567", "landline"),
])  # fmt: skip
def test_russian_numbers_stay_on_plus_7(text, e164, kind):
    assert normalise_phone(text) == Phone(e164=e164, country="RU", kind=kind)


def test_the_default_country_dials_ten_digits_without_a_prefix():
    assert normalise_phone("9161234567", default_country="RU").e164 == "+79161234567"


@pytest.mark.parametrize("text, e164", [
    ("+996 555 123 456", "+996555123456"), ("+998 (90) 123-45-67", "+998901234567"),
    ("0049 30 1234567", "+49301234567"), ("+90 532 123 45 67", "+905321234567"),
])  # fmt: skip
def test_other_international_numbers_keep_their_digits(text, e164):
    assert normalise_phone(text) == Phone(e164=e164, country=None, kind="unknown")


@pytest.mark.parametrize("text, code", [
    ("8 701 555 01", "phone_too_short"), ("701 555 014", "phone_too_short"), ("8701555014", "phone_too_short"),
    ("12", "phone_too_short"), ("+1 212", "phone_too_short"), ("+7 701 555 01", "phone_too_short"),
    ("+7 701 555 01 42 1", "phone_too_long"), ("8 701 555 01 42 77", "phone_too_long"),
    ("+123 4567 8901 23456", "phone_too_long"),
    ("555-01-42", "phone_incomplete"), ("5550142", "phone_incomplete"), ("25 55 55", "phone_incomplete"),
    ("1234567890", "phone_unknown_prefix"), ("+7 123 456 78 90", "phone_unknown_prefix"),
    ("нет", "phone_not_a_number"), ("", "phone_not_a_number"), ("+", "phone_not_a_number"),
    ("8 701 555 01 42, 8 777 123 45 67", "phone_not_a_number"), ("=HYPERLINK(1)", "phone_not_a_number"),
])  # fmt: skip
def test_problems(text, code):
    assert normalise_phone(text) == Problem(code, text)


def test_several_numbers_in_one_cell_are_all_read():
    phones = normalise_phones("8 701 555 01 42, +7 (727) 255-55-55 и 8-701-555-01-43; моб. 87015550144")
    assert [p.e164 for p in phones] == ["+77015550142", "+77272555555", "+77015550143", "+77015550144"]


def test_one_bad_number_among_several_is_reported_alone():
    phones = normalise_phones("87015550142 / звонить матери")
    assert phones[0].e164 == "+77015550142" and phones[1].code == "phone_not_a_number"
