import pytest

from izdeu.lists.values.sex import parse_sex, sex_from_patronymic, sex_from_surname


@pytest.mark.parametrize(
    "text",
    [
        "м",
        "М",
        "М.",
        "муж",
        "муж.",
        "Мужской",
        "мужчина",
        "ер",
        "Ер адам",
        "еркек",
        "ұл",
        "ул",
        "ер бала",
        "male",
        "Male",
        "m",
        "M",
        " м ",
    ],
)
def test_male(text):
    assert parse_sex(text) == "male"


@pytest.mark.parametrize(
    "text",
    [
        "ж",
        "Ж",
        "Ж.",
        "жен",
        "жен.",
        "Женский",
        "женщина",
        "әйел",
        "ӘЙЕЛ",
        "айел",
        "әйел адам",
        "қыз",
        "кыз",
        "female",
        "F",
        "f",
        "w",
        "W",
        "woman",
    ],
)
def test_female(text):
    assert parse_sex(text) == "female"


@pytest.mark.parametrize("text", ["", "?", "н/д", "x", "мж", "1", "неизвестно"])
def test_unknown(text):
    assert parse_sex(text) is None


@pytest.mark.parametrize("text, sex", [
    ("Серикович", "male"), ("Жумабаевич", "male"), ("Ильич", "male"), ("Кузьмич", "male"), ("Серікұлы", "male"),
    ("Серикулы", "male"), ("Serik uly", "male"), ("Serikuly", "male"), ("Серік ұлы", "male"), ("Serikovich", "male"),
    ("Нурлановна", "female"), ("Сергеевна", "female"), ("Ильинична", "female"), ("Никитична", "female"),
    ("Серікқызы", "female"), ("Серіккызы", "female"), ("Serik kyzy", "female"), ("Serikqyzy", "female"),
    ("Serikovna", "female"), ("СЕРИКОВНА", "female"),
    ("Нурлан", None), ("", None), ("С.", None),
])  # fmt: skip
def test_sex_from_patronymic(text, sex):
    assert sex_from_patronymic(text) == sex


@pytest.mark.parametrize("text, sex", [
    ("Сулейменова", "female"), ("Жумабаева", "female"), ("Мусина", "female"), ("Ковальская", "female"),
    ("Suleimenova", "female"), ("СУЛЕЙМЕНОВА", "female"), ("Сулейменов", "male"), ("Жумабаев", "male"),
    ("Мусин", "male"), ("Ильин", "male"), ("Ковальский", "male"), ("Suleimenov", "male"),
    ("Ким", None), ("Пак", None), ("Ли", None), ("Цой", None), ("Шин", None), ("Тен", None),
    ("Жанбулат", None), ("Шевчук", None), ("", None),
])  # fmt: skip
def test_sex_from_surname(text, sex):
    assert sex_from_surname(text) == sex
