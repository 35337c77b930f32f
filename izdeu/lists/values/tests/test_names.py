import pytest

from izdeu.lists.values.names import NameParts, split_full_name


@pytest.mark.parametrize("text, expected", [
    ("ЗАГИПАРОВ Нурлан Серикович", NameParts("ЗАГИПАРОВ", "Нурлан", "Серикович", False, "surname_first")),
    ("Загипаров Нурлан Серикович", NameParts("Загипаров", "Нурлан", "Серикович", False, "surname_first")),
    ("ЗАГИПАРОВ НУРЛАН СЕРИКОВИЧ", NameParts("ЗАГИПАРОВ", "НУРЛАН", "СЕРИКОВИЧ", False, "surname_first")),
    ("Нурлан Серикович Загипаров", NameParts("Загипаров", "Нурлан", "Серикович", False, "given_first")),
    ("Загипаров Н.С.", NameParts("Загипаров", "Н.", "С.", True, "surname_first")),
    ("Загипаров Н. С.", NameParts("Загипаров", "Н.", "С.", True, "surname_first")),
    ("Загипаров Н С", NameParts("Загипаров", "Н.", "С.", True, "surname_first")),
    ("Загипаров Н.", NameParts("Загипаров", "Н.", None, True, "surname_first")),
    ("Н.С. Загипаров", NameParts("Загипаров", "Н.", "С.", True, "given_first")),
    ("Н.С.Загипаров", NameParts("Загипаров", "Н.", "С.", True, "given_first")),
    ("Ким А.В.", NameParts("Ким", "А.", "В.", True, "surname_first")),
    ("Нурлан Загипаров", NameParts("Загипаров", "Нурлан", None, False, "given_first")),
    ("Айгерім Сулейменова", NameParts("Сулейменова", "Айгерім", None, False, "given_first")),
    ("Сулейменова Айгерім Серікқызы", NameParts("Сулейменова", "Айгерім", "Серікқызы", False, "surname_first")),
    ("Асанов Ерлан Серикұлы", NameParts("Асанов", "Ерлан", "Серикұлы", False, "surname_first")),
    ("Асанов Ерлан Серік ұлы", NameParts("Асанов", "Ерлан", "Серік ұлы", False, "surname_first")),
    ("Ерлан Серік ұлы", NameParts(None, "Ерлан", "Серік ұлы", False, "unknown")),
    ("Ким Сергей Владимирович", NameParts("Ким", "Сергей", "Владимирович", False, "surname_first")),
    ("  Загипаров,  Нурлан   Серикович ", NameParts("Загипаров", "Нурлан", "Серикович", False, "surname_first")),
    ("Suleimenova Aigerim Serikkyzy", NameParts("Suleimenova", "Aigerim", "Serikkyzy", False, "surname_first")),
    ("Ким Алексей", NameParts("Ким", "Алексей", None, False, "unknown")),
    ("Сулейменов", NameParts("Сулейменов", None, None, False, "unknown")),
    ("Серікұлы", NameParts("Серікұлы", None, None, False, "unknown")),
    ("Нурлан", NameParts(None, None, None, False, "unknown", ("Нурлан",))),
    ("", NameParts(None, None, None, False, "unknown")),
    ("Загипаров Нурлан Серикович Алматы", NameParts("Загипаров", "Нурлан", "Серикович", False, "surname_first",
                                                     ("Алматы",))),
])  # fmt: skip
def test_split_full_name(text, expected):
    assert split_full_name(text) == expected


@pytest.mark.parametrize("text", [
    "ЗАГИПАРОВ Нурлан Серикович", "Загипаров Н.С.", "Ерлан Серік ұлы", "А Б В Г Д", "Ким Пак Ли Цой Тен",
    "Загипаров Нурлан Серикович Алматы 1992", "Н. Загипаров Серикович", "Ли", "Иванова-Петрова Анна Сергеевна",
])  # fmt: skip
def test_no_token_is_ever_dropped(text):
    parts = split_full_name(text)
    kept = [p for p in (parts.surname, parts.given_name, parts.patronymic, *parts.unparsed) if p]
    letters = sorted("".join(kept).replace(".", "").replace(" ", ""))
    assert letters == sorted(text.replace(".", "").replace(" ", ""))
