import pytest

from izdeu.demoworld import names
from izdeu.demoworld.spelling import russify


@pytest.mark.parametrize(
    ("father", "sex", "patronymic"),
    [
        ("Серик", "male", "Серикович"),
        ("Серик", "female", "Сериковна"),
        ("Жумабай", "male", "Жумабаевич"),
        ("Сергей", "male", "Сергеевич"),
        ("Юрий", "female", "Юрьевна"),
        ("Адиль", "male", "Адилевич"),
        ("Иса", "male", "Исаевич"),
        ("Али", "male", "Алиевич"),
        ("Павел", "male", "Павлович"),
        ("Илья", "female", "Ильинична"),
    ],
)
def test_russian_patronymics_are_made_from_the_fathers_name(father, sex, patronymic):
    assert names.russian_patronymic(father, sex) == patronymic


def test_kazakh_patronymics_are_one_word():
    assert names.kazakh_patronymic("Серік", "male") == "Серікұлы"
    assert names.kazakh_patronymic("Серік", "female") == "Серікқызы"


@pytest.mark.parametrize(
    ("surname", "root"),
    [("Жанбулатов", "Жанбулат"), ("Жұмабаев", "Жұмабай"), ("Сейітқалиев", "Сейітқали"), ("Әбішев", "Әбіш"), ("Мусин", "")],
)
def test_derussified_roots_drop_the_russian_ending(surname, root):
    assert names.derussified_root(surname) == root
    if root:
        assert names.russified_from_root(root) == surname


@pytest.mark.parametrize(
    ("masculine", "feminine"),
    [("Сулейменов", "Сулейменова"), ("Мусин", "Мусина"), ("Вишневский", "Вишневская"), ("Ким", "Ким"), ("Сұлтанұлы", "Сұлтанқызы")],
)
def test_surnames_take_the_feminine_form_and_back(masculine, feminine):
    assert names.surname_for_sex(masculine, "female") == feminine
    assert names.masculine_form(feminine) == masculine


def test_name_lists_are_read_from_mimesis_files():
    assert names.mimesis_person_file("kk").is_file()
    kazakh = names.origin_named("kazakh")
    # Айбарша and Айбаржан come from mimesis's kk list, not from our hand-written names.
    assert "Айбарша" in kazakh.female
    assert "Айбаржан" in kazakh.male
    assert any(surname.kazakh == "Бүркітбаев" for surname in kazakh.surnames.items)


def test_kazakh_surnames_keep_one_spelling_per_russified_form():
    kazakh = names.origin_named("kazakh")
    russified = [russify(s.kazakh) for s in kazakh.surnames.items]
    assert len(russified) == len(set(russified))
    # Есімов is kept rather than its Russified twin Есимов.
    spellings = {s.kazakh for s in kazakh.surnames.items}
    assert "Есімов" in spellings and "Есимов" not in spellings


def test_political_leaders_are_not_among_the_surnames():
    for origin in names.origins():
        assert not {s.kazakh for s in origin.surnames.items} & names.EXCLUDED_SURNAMES
