"""The fictional people of the demo world, with the families that make matching hard:
siblings, twins, fathers detained with their sons, and namesakes.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from izdeu.demoworld.iin import IinRegistry
from izdeu.demoworld.model import Name, Person
from izdeu.demoworld.names import (
    Origin,
    Surname,
    feminine_surname,
    kazakh_patronymic,
    origin_named,
    pick_origin,
    russian_patronymic,
)
from izdeu.demoworld.spelling import russify

# Ages are counted on the first day of the lists.
REFERENCE_DAY = date(2022, 1, 6)
# Mostly young men; a few minors and some older people (ages in years, share).
AGE_BANDS = (((16, 17), 0.015), ((18, 24), 0.30), ((25, 34), 0.38), ((35, 45), 0.20), ((46, 60), 0.08), ((61, 70), 0.025))
# Traditional names for twin boys; the first pair is the classic Асан/Үсен (Hasan/Husayn).
TWIN_NAMES = (("Асан", "Үсен"), ("Айдар", "Айдос"), ("Ерлан", "Ержан"), ("Нұрлан", "Нұржан"), ("Хасен", "Хұсайын"))


@dataclass(slots=True)
class Family:
    """What relatives share: the surname and how it is written, and (for siblings) the father."""

    key: str
    origin: Origin
    surname: Surname
    surname_style: str
    father_name: str
    patronymic_style: str


class Population:
    """Creates people one by one, keeping IINs unique and remembering each person's family."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.iins = IinRegistry()
        self.persons: list[Person] = []
        self.families: dict[str, Family] = {}

    def new_family(self, origin: Origin | None = None, *, kazakh_surname_forms: bool = True) -> Family:
        rng = self.rng
        origin = origin or pick_origin(rng)
        surname = origin.surnames.pick(rng)
        style = "russified" if surname.gendered else "invariant"
        if origin.kazakh and surname.root and kazakh_surname_forms:
            r = rng.random()
            style = "derussified" if r < 0.08 else "uly" if r < 0.11 else style
        patronymic_style = "kazakh" if origin.kazakh and rng.random() < 0.2 else "russian"
        family = Family(f"F{len(self.families) + 1:05d}", origin, surname, style, origin.fathers.pick(rng), patronymic_style)
        self.families[family.key] = family
        return family

    def add(self, family: Family, sex: str, birth_date: date, circumstance: str, given_name: str = "") -> Person:
        given_name = given_name or (family.origin.male if sex == "male" else family.origin.female).pick(self.rng)
        person = Person(
            key=f"P{len(self.persons) + 1:06d}",
            sex=sex,
            origin=family.origin.name,
            name_kk=_kazakh_name(family, sex, given_name),
            name_ru=_russified_name(family, sex, given_name),
            father_name=family.father_name,
            surname_style=family.surname_style,
            patronymic_style=family.patronymic_style,
            birth_date=birth_date,
            iin=self.iins.issue(birth_date, sex, self.rng),
            circumstance=circumstance,
            family=family.key,
        )
        self.persons.append(person)
        return person

    def add_single(self, circumstance: str, male_share: float) -> Person:
        sex = "male" if self.rng.random() < male_share else "female"
        return self.add(self.new_family(), sex, self.random_birth_date(), circumstance)

    def random_birth_date(self, ages: tuple[int, int] | None = None) -> date:
        if ages is None:
            ages = self.rng.choices([band for band, _ in AGE_BANDS], weights=[w for _, w in AGE_BANDS])[0]
        return birth_date_for_age(self.rng.randint(*ages), self.rng)

    def add_siblings(self, circumstance: str) -> list[Person]:
        """Two or three children of one father, mostly brothers, a few years apart."""
        family = self.new_family()
        eldest = self.rng.randint(22, 40)
        count = 2 if self.rng.random() < 0.8 else 3
        members = []
        names_taken: set[str] = set()
        for index in range(count):
            sex = "female" if index > 0 and self.rng.random() < 0.25 else "male"
            given = self._new_given_name(family, sex, names_taken)
            age = max(16, eldest - index * self.rng.randint(1, 6))
            members.append(self.add(family, sex, birth_date_for_age(age, self.rng), circumstance, given))
        return members

    def add_twins(self, circumstance: str) -> list[Person]:
        """Twin brothers: one birth date and father, traditional paired names."""
        family = self.new_family(origin_named("kazakh"))
        first, second = self.rng.choice(TWIN_NAMES)
        birth = birth_date_for_age(self.rng.randint(18, 35), self.rng)
        return [self.add(family, "male", birth, circumstance, first), self.add(family, "male", birth, circumstance, second)]

    def add_father_and_son(self, circumstance: str) -> list[Person]:
        """A father and his son: the son's patronymic is made from the father's given name."""
        # Only -ов/-ев surnames: an -ұлы surname is the grandfather's name and would not pass on.
        fathers_family = self.new_family(kazakh_surname_forms=False)
        father_age = self.rng.randint(44, 62)
        father = self.add(fathers_family, "male", birth_date_for_age(father_age, self.rng), circumstance)
        sons_family = Family(
            f"F{len(self.families) + 1:05d}", fathers_family.origin, fathers_family.surname,
            fathers_family.surname_style, father.name_kk.given_name, fathers_family.patronymic_style,
        )
        self.families[sons_family.key] = sons_family
        son_age = self.rng.randint(18, min(30, father_age - 20))
        son = self.add(sons_family, "male", birth_date_for_age(son_age, self.rng), circumstance)
        # Both families are one household: give the son the father's family key.
        son.family = father.family
        return [father, son]

    def add_namesake(self, of: Person, circumstance: str) -> Person:
        """Someone with the same surname and given name, another father and birth date."""
        model = self.families[of.family]
        family = self.new_family(model.origin)
        family.surname, family.surname_style = model.surname, model.surname_style
        return self.add(family, of.sex, self.random_birth_date(), circumstance, of.name_kk.given_name)

    def _new_given_name(self, family: Family, sex: str, taken: set[str]) -> str:
        pool = family.origin.male if sex == "male" else family.origin.female
        while True:
            name = pool.pick(self.rng)
            if name not in taken:
                taken.add(name)
                return name


def birth_date_for_age(age: int, rng: random.Random) -> date:
    """A birth date at which someone is exactly ``age`` years old on the reference day."""
    latest = REFERENCE_DAY.replace(year=REFERENCE_DAY.year - age)
    earliest = latest.replace(year=latest.year - 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def _surname(family: Family, sex: str) -> str:
    surname = family.surname
    if family.surname_style == "derussified":
        return surname.root
    if family.surname_style == "uly":
        return kazakh_patronymic(surname.root, sex)
    return surname.kazakh if sex == "male" else feminine_surname(surname)


def _kazakh_name(family: Family, sex: str, given_name: str) -> Name:
    if family.patronymic_style == "kazakh":
        patronymic = kazakh_patronymic(family.father_name, sex)
    else:
        patronymic = russian_patronymic(family.father_name, sex)
    return Name(_surname(family, sex), given_name, patronymic)


def _russified_name(family: Family, sex: str, given_name: str) -> Name:
    """The name as Russian-language documents and lists write it."""
    if not family.origin.kazakh:
        # Russian, Korean, Uighur, Tatar and Uzbek names are already in Russian spelling.
        return _kazakh_name(family, sex, given_name)
    father = russify(family.father_name)
    if family.patronymic_style == "kazakh":
        patronymic = russify(kazakh_patronymic(family.father_name, sex))
    else:
        patronymic = russian_patronymic(father, sex)
    return Name(russify(_surname(family, sex)), russify(given_name), patronymic)
