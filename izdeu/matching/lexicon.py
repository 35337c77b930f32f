"""Given names the matcher knows, and surnames that carry no Russian ending.

The lexicon answers two questions: "is this token a given name?" (to place tokens whatever
their order) and "are these two similar spellings two different names?" (Нуржан and Нурлан
differ by one letter but are different people). It holds names, not keys, so that a change in
the key recipe needs no regeneration; keys are computed once, on first use, in ``names.py``.

Sources:

- ``_mimesis_names.py``: the given names of mimesis 22.x (``datasets/kk`` and ``datasets/ru``,
  ``names.male``/``names.female``), written out by ``python -m izdeu.matching.lexicon`` so that
  the matcher never reads mimesis at run time and does not change when mimesis does.
- The lists below, written by hand: mimesis's Kazakh lists stop early in the alphabet (no
  Нұрлан, no Ерлан), and lack the Central Asian and Tatar names common in Kazakhstan. These are
  ordinary, frequent names, not people.
"""

import json
import sys
from pathlib import Path

COMMON_KAZAKH_MALE = """
Абай Абылай Азамат Айбар Айбек Айдар Айдос Айдын Айтжан Ақжол Ақылбек Алдияр Алибек Әли Әлихан
Әлібек Алмас Алмат Алмаз Аманжол Амангелді Ануар Арман Арсен Арслан Асан Асқар Асқат Асхат
Асылбек Асылхан Ахмет Әбіш Әділ Әділет Бағдат Бақыт Бақытжан Бақдәулет Батыр Бауыржан Бейбіт
Бекболат Бекжан Бекзат Бекнұр Бексұлтан Болат Берік Бердібек Ғабит Ғалым Ғалымжан Ғани Дамир
Данияр Дастан Дархан Дәулет Дәурен Дидар Дінмұхаммед Думан Ербол Ерболат Ерғали Ерден Ержан Ерік
Еркебұлан Еркін Ерлан Ермек Ерназар Ернар Ерасыл Ерсін Ерсұлтан Есен Есет Жақсылық Жандос
Жанболат Жанбұлат Жанат Жасұлан Жеңіс Жомарт Жұмабай Жұмабек Жұмағали Жүсіп Исмаил Ислам Ілияс
Иса Қайрат Қайсар Қали Қанат Қасым Қуаныш Қуандық Құдайберген Мағжан Мақсат Марат Мейірлан
Мейрам Мирас Мұрат Мұхтар Мұса Мұхаммед Мұқағали Назар Нұрбол Нұрболат Нұрлан Нұржан Нұрсұлтан
Нұрлыбек Нұрасыл Нұрдәулет Нұртас Олжас Омар Оразбек Оспан Өмірзақ Рауан Руслан Рустем Сабыр
Сайлау Самат Санжар Сапар Сағындық Сәкен Серік Серікбай Серікбол Сейіт Сейітқали Сүлеймен Сұлтан
Талғат Тамерлан Темірлан Тимур Тоқтар Төлеген Тұрсын Ұлан Үсен Хасен Шерхан Шыңғыс
""".split()

COMMON_KAZAKH_FEMALE = """
Айгерім Айгүл Айжан Айдана Айнұр Айсұлу Айым Ақбота Ақерке Ақмарал Әсел Әсем Әлия Әлима Аружан Ару
Аяулым Асия Балжан Бибігүл Ботагөз Гаухар Гүлзат Гүлмира Гүлнара Гүлназ Гүлжан Гүлшат Гүлнұр Дана
Динара Дариға Дилназ Жазира Жанар Жанна Жансая Жібек Жұлдыз Зарина Индира Інжу Камила Қарлығаш
Күнсұлу Ләззат Ләйлә Мадина Мақпал Меруерт Мөлдір Назгүл Назерке Назым Нұргүл Райхан Раушан Роза
Сабина Салтанат Самал Сәуле Сая Сымбат Тоғжан Толғанай Томирис Ұлжан Ұлпан Фатима Шолпан Шынар
Эльмира
""".split()

# Uighur, Tatar, Uzbek and other names frequent in Kazakhstan, in Russian spelling.
COMMON_OTHER_MALE = """
Рустам Ринат Ренат Ильдар Рамиль Ильхам Дильшат Шухрат Азиз Фаррух Улугбек Бахтиёр Анвар Эркин
Рашид Азат Ильяс Адиль Алишер Жасур Нодир Дилшод Ойбек Равшан Рахим Карим Салим Эльдар Тахир
""".split()
COMMON_OTHER_FEMALE = """
Гузель Лейсан Альфия Эльвира Зульфия Дильноза Нодира Феруза Гулноза Шахноза Мохира Лилия Регина
""".split()

# Surnames without a Russian ending, common in Kazakhstan (mostly Korean). They count as
# surname-shaped, and are never given names (mimesis lists the Soviet given name Ким).
INVARIANT_SURNAMES = """
Ким Пак Ли Цой Тен Тян Хван Шин Югай Нам Хегай Огай Когай Тигай Дегай Кан Лим Пен Ан Чой Ни Мун
Сон Лян Хан Ко Чен Ян Тё Пяк
""".split()

_GENERATED = Path(__file__).with_name("_mimesis_names.py")


def given_names() -> list[tuple[str, str]]:
    """(name, "male"/"female") for every given name the lexicon knows, hand lists first."""
    from izdeu.matching import _mimesis_names

    pairs = [(n, "male") for n in COMMON_KAZAKH_MALE + COMMON_OTHER_MALE]
    pairs += [(n, "female") for n in COMMON_KAZAKH_FEMALE + COMMON_OTHER_FEMALE]
    pairs += [(n, "male") for n in _mimesis_names.MALE]
    pairs += [(n, "female") for n in _mimesis_names.FEMALE]
    invariant = set(INVARIANT_SURNAMES)
    return [(name, sex) for name, sex in pairs if name not in invariant]


def render_generated() -> str:
    """The text of ``_mimesis_names.py`` from the installed mimesis's data files."""
    import importlib.util

    spec = importlib.util.find_spec("mimesis")
    if spec is None or spec.origin is None:
        raise RuntimeError("regenerating the lexicon needs the mimesis package")
    root = Path(spec.origin).parent / "datasets"
    male: set[str] = set()
    female: set[str] = set()
    for locale in ("kk", "ru"):
        names = json.loads((root / locale / "person.json").read_text(encoding="utf-8"))["names"]
        # One- and two-letter entries (Ай, Ия) are nicknames or syllables, not names to rely on.
        male.update(n for n in names["male"] if len(n) > 2 and " " not in n)
        female.update(n for n in names["female"] if len(n) > 2 and " " not in n)
    header = (
        '"""Given names from mimesis 22.x (locales kk and ru). Generated by\n'
        '``python -m izdeu.matching.lexicon``; do not edit by hand."""'
    )
    return f"{header}\n\nMALE = {_wrapped(sorted(male))}.split()\n\nFEMALE = {_wrapped(sorted(female))}.split()\n"


def _wrapped(names: list[str]) -> str:
    # One string split on spaces: short, and left alone by formatters.
    lines, line = [], ""
    for name in names:
        if line and len(line) + len(name) + 1 > 100:
            lines.append(line)
            line = ""
        line = f"{line} {name}" if line else name
    lines.append(line)
    return '"""\n' + "\n".join(lines) + '\n"""'


def main() -> None:
    _GENERATED.write_text(render_generated(), encoding="utf-8")
    sys.stdout.write(f"wrote {_GENERATED}\n")


if __name__ == "__main__":
    main()
