"""Name lists for the demo world and the rules that build a person's names from them.

Where each list comes from:

- Kazakh given names: ``mimesis/datasets/kk/person.json`` (mimesis 22.x), keys ``names.male`` and
  ``names.female``, in Kazakh Cyrillic.
- Kazakh surnames: the same file, key ``surnames.male``; the feminine forms are made by rule.
  Where the file holds both a Kazakh and a Russified spelling of one surname (Есімов, Есимов),
  the Kazakh spelling is kept and the Russified one is made by :func:`spelling.russify`.
- Russian given names and surnames: ``mimesis/datasets/ru/person.json``, keys ``names.male``,
  ``names.female`` and ``surnames.male``.
- Written here by hand, because mimesis lacks them: the most common Kazakh and Russian given
  names (mimesis's Kazakh lists stop early in the alphabet, so Нұрлан or Ерлан are missing), a
  few common Kazakh surnames, fathers' names of the parents' generation, and short lists of
  common Korean, Uighur, Tatar and Uzbek names and surnames. These are ordinary names, not
  people.

The JSON files are read directly, never through mimesis's own random generator, so that the
world depends only on our seed. Names are drawn with Zipf-like weights: the hand-written common
names first, then the mimesis names in an order shuffled once with a fixed seed, so that a few
names are frequent (as in real lists) and namesakes occur naturally.
"""

import importlib.util
import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from izdeu.demoworld.spelling import russify

T = TypeVar("T")

# Surnames of political leaders: a demo that shows them among the detained would read as a
# statement, not as a fictional world.
EXCLUDED_SURNAMES = {
    "Назарбаев", "Кулибаев", "Кунаев", "Қонаев", "Тоқаев", "Масимов",
    "Андропов", "Брежнев", "Горбачёв", "Ельцин", "Ленин", "Путин", "Сталин", "Хрущёв",
}
# Entries of mimesis's Kazakh male surname list that are feminine, plural or misspelt.
MIMESIS_KK_NOISE = {"Бабаева", "Кабаева", "Ниязова", "Қабаева", "Темирбулатовы", "Құррманов", "Бабаеваа"}

COMMON_KAZAKH_MALE = [
    "Нұрлан", "Ерлан", "Ержан", "Нұржан", "Дәурен", "Ербол", "Данияр", "Мұрат", "Марат", "Қайрат",
    "Бауыржан", "Асхат", "Дархан", "Ғалымжан", "Жандос", "Ерасыл", "Бекзат", "Еркебұлан", "Нұрсұлтан",
    "Әділет", "Олжас", "Талғат", "Мейірлан", "Дінмұхаммед", "Азамат", "Арман", "Мирас", "Рауан",
    "Алмат", "Жасұлан", "Темірлан", "Санжар", "Ернар", "Думан", "Ерік", "Серік", "Айдос", "Айдар",
    "Асан", "Үсен", "Руслан", "Самат", "Алмас", "Әлихан", "Нұрбол", "Ерназар", "Бағдат", "Ақжол",
]
COMMON_KAZAKH_FEMALE = [
    "Айгерім", "Әсел", "Әсем", "Гүлмира", "Гүлнара", "Жұлдыз", "Салтанат", "Меруерт", "Аружан", "Динара",
    "Сәуле", "Жанар", "Айдана", "Мөлдір", "Назерке", "Балжан", "Гүлназ", "Айжан", "Ләззат", "Мадина",
    "Камила", "Томирис", "Ақбота", "Інжу", "Айгүл", "Әлия", "Жансая", "Дана",
]
# Fathers of people born 1955–2005: names common in the 1940s–1980s.
KAZAKH_FATHERS = [
    "Серік", "Болат", "Қайрат", "Марат", "Мұрат", "Ерлан", "Нұрлан", "Ержан", "Бақыт", "Ғалым",
    "Жұмабай", "Сайлау", "Талғат", "Амангелді", "Бейбіт", "Сәкен", "Қанат", "Мұхтар", "Әділ",
    "Асқар", "Ахмет", "Тұрсын", "Өмірзақ", "Жақсылық", "Ермек", "Нұрбол", "Бекболат", "Сейітқали",
    "Әбіш", "Мұса", "Сағындық", "Бауыржан", "Ерік", "Қуаныш", "Жеңіс", "Асылбек", "Әли", "Аманжол",
]
COMMON_KAZAKH_SURNAMES = [
    "Ахметов", "Омаров", "Есенов", "Жанбулатов", "Серікбаев", "Төлегенов", "Сұлтанов", "Байменов",
    "Кенжебеков", "Әбенов", "Дүйсенов", "Ержанов", "Жақсылықов", "Тұрлыбеков", "Қайратов", "Болатов",
    "Нұрланов", "Жұмабеков", "Оразов", "Тоқтаров", "Әміров", "Сейітқалиев", "Ақылбеков", "Мұратов",
    "Бейсенов", "Досымов", "Қасымов", "Жұмабаев", "Исмағұлов", "Зағыпаров", "Сәрсенбаев", "Мұқанов",
]
COMMON_RUSSIAN_MALE = [
    "Александр", "Дмитрий", "Сергей", "Андрей", "Алексей", "Максим", "Евгений", "Денис", "Владимир",
    "Артём", "Иван", "Николай", "Роман", "Павел", "Михаил", "Игорь", "Виталий", "Антон", "Константин",
    "Вадим", "Виктор", "Олег",
]
COMMON_RUSSIAN_FEMALE = [
    "Анна", "Екатерина", "Елена", "Ольга", "Наталья", "Татьяна", "Юлия", "Анастасия", "Ирина",
    "Светлана", "Мария", "Дарья", "Виктория", "Алина", "Кристина",
]
# Russian fathers' names with their irregular patronymics (masculine, feminine); regular
# names (Александр → Александрович) are handled by :func:`russian_patronymic`.
IRREGULAR_PATRONYMICS = {
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Лев": ("Львович", "Львовна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Яков": ("Яковлевич", "Яковлевна"),
    "Илья": ("Ильич", "Ильинична"),
    "Никита": ("Никитич", "Никитична"),
    "Фома": ("Фомич", "Фоминична"),
    "Кузьма": ("Кузьмич", "Кузьминична"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Георгий": ("Георгиевич", "Георгиевна"),
}
RUSSIAN_FATHERS = [
    "Александр", "Сергей", "Владимир", "Николай", "Андрей", "Виктор", "Юрий", "Игорь", "Олег",
    "Валерий", "Евгений", "Михаил", "Анатолий", "Геннадий", "Василий", "Павел", "Пётр", "Иван",
    "Алексей", "Дмитрий", "Борис", "Вячеслав", "Леонид", "Константин", "Григорий", "Фёдор", "Илья",
]

KOREAN_SURNAMES = ["Ким", "Пак", "Ли", "Цой", "Тен", "Хван", "Шин", "Югай", "Нам", "Хегай", "Огай", "Кан"]
UIGHUR_SURNAMES = ["Мамутов", "Исмаилов", "Турсунов", "Хамраев", "Нурахунов", "Абдурахманов", "Розахунов", "Сабитов", "Ясенов", "Кадыров"]
UIGHUR_MALE = ["Ильхам", "Дильшат", "Алим", "Рахман", "Абдулла", "Адиль", "Ильяс", "Шухрат", "Эркин", "Анвар", "Арслан", "Муса"]
UIGHUR_FEMALE = ["Зульфия", "Гульнара", "Дильназ", "Мадина", "Шахида", "Айгуль", "Назира", "Патигуль"]
TATAR_SURNAMES = ["Хабибуллин", "Сафин", "Валиев", "Гарипов", "Шарипов", "Галиев", "Хайруллин", "Зарипов", "Гильмутдинов", "Садыков"]
TATAR_MALE = ["Ринат", "Рустам", "Ильдар", "Марат", "Айдар", "Руслан", "Тимур", "Рашид", "Рамиль", "Азат"]
TATAR_FEMALE = ["Гузель", "Альфия", "Лейсан", "Дина", "Эльвира", "Резеда", "Алсу", "Лилия"]
UZBEK_SURNAMES = ["Юлдашев", "Рахимов", "Усманов", "Мирзаев", "Алимов", "Абдуллаев", "Холматов", "Каримов", "Турдиев", "Назаров"]
UZBEK_MALE = ["Шухрат", "Бахтиёр", "Ойбек", "Фаррух", "Улугбек", "Азиз", "Жасур", "Нодир", "Дилшод", "Рустам"]
UZBEK_FEMALE = ["Дилноза", "Нодира", "Гулноза", "Мохира", "Шахноза", "Феруза", "Зарина"]

GENDERED_ENDINGS = ("ов", "ев", "ёв", "ин", "ын")
VOWELS = "аәеёиоөуұүыіэюя"


class Pool(Generic[T]):
    """A list of choices with Zipf-like weights: earlier items are drawn more often."""

    def __init__(self, items: list[T], exponent: float = 1.0, offset: float = 4.0):
        if not items:
            raise ValueError("a name pool cannot be empty")
        self.items = list(items)
        total = 0.0
        self.cum_weights = []
        for rank in range(len(items)):
            total += 1.0 / (rank + offset) ** exponent
            self.cum_weights.append(total)

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]

    def __contains__(self, item: object) -> bool:
        return item in self.items


@dataclass(frozen=True, slots=True)
class Surname:
    """A family name in Kazakh Cyrillic, masculine form (Сұлтанов, Ким)."""

    kazakh: str
    # The feminine form adds -а (Сұлтанова); Korean surnames and some others never change.
    gendered: bool
    # The form without the Russian ending, as Decree 2923 allows (Жанбулатов → Жанбулат).
    root: str


@dataclass(frozen=True)
class Origin:
    """Where a family's names come from, and how often such families appear in the lists."""

    name: str
    share: float
    male: Pool[str]
    female: Pool[str]
    fathers: Pool[str]
    surnames: Pool[Surname]
    # Only Kazakh families may drop -ов or use -ұлы/-қызы.
    kazakh: bool


def mimesis_person_file(locale: str) -> Path:
    """Path of mimesis's person.json for a locale, found without importing mimesis."""
    spec = importlib.util.find_spec("mimesis")
    if spec is None or spec.origin is None:
        raise RuntimeError("the demo world needs the mimesis package (pip install mimesis)")
    return Path(spec.origin).parent / "datasets" / locale / "person.json"


def _read_person_file(locale: str) -> dict:
    return json.loads(mimesis_person_file(locale).read_text(encoding="utf-8"))


def derussified_root(surname: str) -> str:
    """The surname without its Russian ending, or "" when it has no clear root.

    Жанбулатов → Жанбулат, Жұмабаев → Жұмабай, Сейітқалиев → Сейітқали, Әбішев → Әбіш.
    Surnames in -ин are left alone: their roots end in -а or -ы (Мусин ← Мұса, Бегалин ←
    Бегалы) and cannot be guessed.
    """
    if surname.endswith("ов"):
        return surname[:-2]
    if surname.endswith("ев"):
        stem = surname[:-2]
        return stem + "й" if stem[-1] in VOWELS and stem[-1] not in "иі" else stem
    return ""


def russified_from_root(root: str) -> str:
    """The -ов/-ев surname a de-Russified one came from: Жанбулат → Жанбулатов, Жұмабай → Жұмабаев."""
    if root.endswith("й"):
        return root[:-1] + "ев"
    if root.endswith(("ж", "ш", "ч", "щ", "ц", "и", "і")):
        return root + "ев"
    return root + "ов"


FEMININE_ENDINGS = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")


def masculine_form(surname: str) -> str:
    """The masculine form of a surname: Сулейменова → Сулейменов, Серікқызы → Серікұлы."""
    if surname.endswith(("ская", "цкая")):
        return surname[:-2] + "ий"
    if surname.endswith(FEMININE_ENDINGS):
        return surname[:-1]
    for feminine, masculine in (("қызы", "ұлы"), ("кызы", "улы")):
        if surname.endswith(feminine):
            return surname[: -len(feminine)] + masculine
    return surname


def surname_for_sex(masculine: str, sex: str) -> str:
    """The form of a masculine surname for a man or a woman (Сулейменов → Сулейменова)."""
    if sex == "male":
        return masculine
    for male, female in (("ұлы", "қызы"), ("улы", "кызы")):
        if masculine.endswith(male):
            return masculine[: -len(male)] + female
    if masculine.endswith(("ский", "цкий")):
        return masculine[:-2] + "ая"
    if masculine.endswith(GENDERED_ENDINGS):
        return masculine + "а"
    return masculine


def feminine_surname(surname: Surname) -> str:
    return surname_for_sex(surname.kazakh, "female") if surname.gendered else surname.kazakh


def russian_patronymic(father: str, sex: str) -> str:
    """The Russian patronymic from a father's name in Russified spelling.

    Серик → Серикович/Сериковна, Жумабай → Жумабаевич, Сергей → Сергеевич, Юрий → Юрьевич,
    Иса → Исаевич, Адиль → Адилевич, with the irregular Russian ones from a table.
    """
    male, female = 0, 1
    if father in IRREGULAR_PATRONYMICS:
        return IRREGULAR_PATRONYMICS[father][male if sex == "male" else female]
    if father.endswith("ий"):
        stem = father[:-2] + "ье"
    elif father.endswith(("й", "ь")):
        stem = father[:-1] + "е"
    elif father.endswith(("а", "я", "и", "і")):
        stem = father + "е"
    elif father.endswith(("ж", "ш", "ч", "щ", "ц")):
        stem = father + "е"
    else:
        stem = father + "о"
    return stem + ("вич" if sex == "male" else "вна")


def kazakh_patronymic(father: str, sex: str) -> str:
    """The Kazakh patronymic, written as one word: Серікұлы, Серікқызы."""
    return father + ("ұлы" if sex == "male" else "қызы")


def _can_father(name: str) -> bool:
    # Names ending in other vowels (Айке, Алау) have no settled Russian patronymic.
    return name[-1] not in "еёоуұүыіэю"


def _shuffled(items: list[str], rng: random.Random) -> list[str]:
    items = list(items)
    rng.shuffle(items)
    return items


def _ranked(common: list[str], rest: list[str], rng: random.Random) -> list[str]:
    """The common names first, then the others in a fixed shuffled order, without repeats."""
    seen = dict.fromkeys(common)
    for name in _shuffled(rest, rng):
        seen.setdefault(name)
    return list(seen)


def _kazakh_surnames(mimesis_male: list[str], rng: random.Random) -> list[Surname]:
    """Kazakh surnames in -ов/-ев/-ин, one per Russified spelling, keeping the Kazakh one."""
    by_russified: dict[str, str] = {}
    for name in COMMON_KAZAKH_SURNAMES + _shuffled(mimesis_male, rng):
        if name in MIMESIS_KK_NOISE or name in EXCLUDED_SURNAMES or " " in name:
            continue
        if not re.fullmatch(r"[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһі]+(ов|ев|ин)", name):
            continue
        russified = russify(name)
        if russified in EXCLUDED_SURNAMES:
            continue
        known = by_russified.get(russified)
        # Prefer the spelling with Kazakh letters: it is the one Kazakh speakers write.
        if known is None or (known == russified and name != russified):
            by_russified[russified] = name
    return [Surname(kazakh=name, gendered=True, root=derussified_root(name)) for name in by_russified.values()]


def _russian_surnames(mimesis_male: list[str], rng: random.Random) -> list[Surname]:
    result = []
    for name in _shuffled(mimesis_male, rng):
        if name in EXCLUDED_SURNAMES:
            continue
        if name.endswith(GENDERED_ENDINGS) or name.endswith(("ский", "цкий")):
            result.append(Surname(kazakh=name, gendered=True, root=""))
        elif name.endswith(("ко", "ук", "юк")):
            result.append(Surname(kazakh=name, gendered=False, root=""))
    return result


def _gendered(names: list[str]) -> list[Surname]:
    return [Surname(kazakh=n, gendered=n.endswith(GENDERED_ENDINGS), root="") for n in names]


@cache
def origins() -> tuple[Origin, ...]:
    """The origins of the families in the demo world, with their shares of the detained.

    Shares follow Almaty's population (Kazakhs about 60%, Russians 27%, Uighurs 6%, Koreans 2%,
    Tatars 1.5%) shifted towards Kazakhs, who were most of the detained in January 2022.
    """
    kk = _read_person_file("kk")
    ru = _read_person_file("ru")
    # A fixed seed: name frequencies are part of the lexicon, the same for every world.
    rng = random.Random(1)
    kazakh_male = [n for n in _ranked(COMMON_KAZAKH_MALE, kk["names"]["male"], rng) if _can_father(n)]
    kazakh_female = _ranked(COMMON_KAZAKH_FEMALE, [n for n in kk["names"]["female"] if n != "Әигерім"], rng)
    russian_male = _ranked(COMMON_RUSSIAN_MALE, ru["names"]["male"], rng)
    russian_female = _ranked(COMMON_RUSSIAN_FEMALE, ru["names"]["female"], rng)
    russian_fathers = Pool(RUSSIAN_FATHERS)
    return (
        Origin(
            "kazakh", 0.82, Pool(kazakh_male), Pool(kazakh_female),
            Pool(_ranked(KAZAKH_FATHERS, kazakh_male, rng), exponent=1.1),
            Pool(_kazakh_surnames(kk["surnames"]["male"], rng), exponent=0.9, offset=8.0), kazakh=True,
        ),
        Origin(
            "russian", 0.09, Pool(russian_male), Pool(russian_female), russian_fathers,
            Pool(_russian_surnames(ru["surnames"]["male"], rng), exponent=0.8, offset=10.0), kazakh=False,
        ),
        Origin("uighur", 0.04, Pool(UIGHUR_MALE), Pool(UIGHUR_FEMALE), Pool(UIGHUR_MALE), Pool(_gendered(UIGHUR_SURNAMES)), kazakh=False),
        Origin("korean", 0.02, Pool(russian_male[:40]), Pool(russian_female[:40]), russian_fathers, Pool(_gendered(KOREAN_SURNAMES)), kazakh=False),
        Origin("tatar", 0.015, Pool(TATAR_MALE), Pool(TATAR_FEMALE), Pool(TATAR_MALE), Pool(_gendered(TATAR_SURNAMES)), kazakh=False),
        Origin("uzbek", 0.015, Pool(UZBEK_MALE), Pool(UZBEK_FEMALE), Pool(UZBEK_MALE), Pool(_gendered(UZBEK_SURNAMES)), kazakh=False),
    )


def origin_named(name: str) -> Origin:
    return next(origin for origin in origins() if origin.name == name)


def pick_origin(rng: random.Random) -> Origin:
    pool = origins()
    return rng.choices(pool, weights=[origin.share for origin in pool])[0]
