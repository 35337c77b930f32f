import re
from pathlib import Path

from django.utils import translation

from izdeu.lists import importing
from izdeu.lists.problems import SENTENCES, describe

PACKAGES = Path(__file__).resolve().parent.parent
# Problem("code", …) in the value parsers, result.add("code", …) in the reader.
EMITTED = re.compile(r"""(?:\bProblem|\.add)\(\s*["']([a-z_]+)["']""")


def emitted_codes() -> set[str]:
    found = set()
    for package in ("reading", "values"):
        for path in (PACKAGES / package).glob("*.py"):
            found.update(EMITTED.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_scan_finds_the_codes_it_should():
    assert {"too_large", "mixed_encoding", "duplicate_header", "iin_bad_check_digit", "phone_incomplete"} <= emitted_codes()


def test_every_code_the_reader_and_parsers_emit_has_a_sentence():
    assert emitted_codes() - set(SENTENCES) == set()


def test_every_code_the_import_uses_has_a_sentence():
    assert importing.FATAL_READING | importing.BAD_BIRTH <= set(SENTENCES)
    assert {"no_name", "value_too_long", "unknown_column"} <= set(SENTENCES)


def test_a_sentence_is_translated_and_an_unknown_code_shown_as_is():
    with translation.override("en"):
        assert describe("iin_bad_check_digit").startswith("The IIN's last digit")
    assert describe("something_new") == "something_new"
