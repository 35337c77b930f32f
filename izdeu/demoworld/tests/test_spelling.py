import random
from datetime import date

import pytest

from izdeu.demoworld import spelling


@pytest.mark.parametrize(
    ("kazakh", "russified"),
    [
        ("Зағыпаров Нұрлан Серікұлы", "Загипаров Нурлан Серикулы"),
        ("Әсел", "Асель"),
        ("Әділ", "Адиль"),
        ("Гүлмира", "Гульмира"),
        ("Айгүл", "Айгуль"),
        ("Бауыржан", "Бауржан"),
        ("Құсайынов", "Кусаинов"),
        ("Нұрпейісов", "Нурпеисов"),
        ("Ербол", "Ербол"),
        ("ЖҰМАБАЕВ", "ЖУМАБАЕВ"),
    ],
)
def test_russified_spelling_folds_kazakh_letters_as_lists_do(kazakh, russified):
    assert spelling.russify(kazakh) == russified


@pytest.mark.parametrize(
    ("write", "cyrillic", "latin"),
    [
        (lambda t: spelling.to_bgn_pcgn(t, kazakh=True), "Зағыпаров Нұрлан Серікұлы", "Zaghyparov Nurlan Serikuly"),
        (lambda t: spelling.to_bgn_pcgn(t, kazakh=False), "Щербаков Юрий Григорьев", "Shcherbakov Yuriy Grigor’yev"),
        (spelling.to_passport, "Есенов Ерлан", "YESSENOV YERLAN"),
        (spelling.to_passport, "Қасымов Жандос", "KASSYMOV ZHANDOS"),
        (spelling.to_latin_2021, "Нұрлан Жаңаөзен", "Nūrlan Jañaözen"),
        (spelling.to_latin_2021, "Іздеу Иса", "Izdeu İsa"),
        (spelling.to_latin_2017, "Зағыпаров Әсел", "Zag'yparov A'sel"),
    ],
)
def test_latin_schemes_follow_their_tables(write, cyrillic, latin):
    assert write(cyrillic) == latin


def test_press_style_writes_final_iy_as_y():
    assert spelling.to_press("Дмитрий", random.Random(1)) == "Dmitry"


def test_ascii_keeps_one_typists_choices_for_a_whole_name():
    table = spelling.ascii_table(random.Random(4))
    surname, given = spelling.to_ascii("Жанбулатов Жандос", table).split()
    assert (surname + given).isascii()
    # ж is written the same way (zh or j) in both words.
    assert surname[:2] == given[:2]


@pytest.mark.parametrize("kind", spelling.TYPO_KINDS)
def test_a_typo_changes_the_word_but_keeps_its_length_within_one(kind):
    rng = random.Random(9)
    word = "Сулейменов"
    typo = spelling.make_typo(word, kind, rng)
    assert typo != word
    assert abs(len(typo) - len(word)) <= 1


def test_homoglyph_typo_puts_a_latin_letter_in_a_cyrillic_word():
    typo = spelling.make_typo("Айгерім", "homoglyph", random.Random(2))
    assert any("a" <= ch.lower() <= "z" for ch in typo)


def test_iin_typo_changes_exactly_one_digit():
    typo = spelling.iin_with_typo("900101300007", random.Random(5))
    assert sum(a != b for a, b in zip(typo, "900101300007", strict=True)) == 1


@pytest.mark.parametrize(
    ("style", "text"),
    [("dmy_dots", "12.03.1992"), ("year", "1992 г.р."), ("dmy_slash_short", "12/03/92"), ("iso", "1992-03-12"), ("age", "29 лет")],
)
def test_birth_dates_are_written_in_the_forms_lists_use(style, text):
    assert spelling.format_birth(date(1992, 3, 12), style, on=date(2022, 1, 7)) == text


@pytest.mark.parametrize(("years", "text"), [(21, "21 год"), (22, "22 года"), (25, "25 лет"), (11, "11 лет"), (14, "14 лет")])
def test_ages_agree_with_russian_numerals(years, text):
    assert spelling.russian_years(years) == text
