"""How people write names: Russified Cyrillic, the Latin schemes, typos, and birth dates.

These tables model what volunteers and relatives type (see ``research/r4_names.md`` §1). They
are written for the demo world alone and share nothing with the matcher, so that the matcher
is measured against spellings it did not produce.
"""

import random
import re
from datetime import date

KAZAKH_TO_RUSSIAN = str.maketrans("әғқңөұүіһӘҒҚҢӨҰҮІҺ", "агкноууихАГКНОУУИХ")
KAZAKH_LETTERS = set("әғқңөұүіһӘҒҚҢӨҰҮІҺ")
CYRILLIC_VOWELS = set("аәеёиоөуұүыіэюя")
FRONT_VOWELS = set("еәіүө")

SCHEMES = (
    "kazakh_cyrillic",     # Нұрлан Серікұлы Зағыпаров
    "russified_cyrillic",  # Нурлан Серикович Загипаров
    "bgn_pcgn",            # Nurlan Zaghyparov (BGN/PCGN 1979; Russian BGN for Russian names)
    "passport",            # NURLAN ZAGYPAROV (ICAO 9303 as Kazakhstan's passports write it)
    "latin_2021",          # Nūrlan Zağyparov
    "latin_2017",          # Nurlan Zag'yparov
    "press",               # Nurlan Zagghiparov (English-language press)
    "ascii",               # Nurlan Zagiparov (typed on a phone with a Latin keyboard)
)
LATIN_SCHEMES = SCHEMES[2:]


def _restore_case(original: str, lowered: str) -> str:
    if len(original) > 1 and original.isupper():
        return lowered.upper()
    if original[:1].isupper():
        return lowered[:1].upper() + lowered[1:]
    return lowered


def russify_word(word: str) -> str:
    """One word in Russified Cyrillic, as Russian-language lists write Kazakh names.

    Kazakh letters fold onto Russian ones (the official instruction: Ә→А, Ғ→Г, Қ→К, Ң→Н,
    Ө→О, Ұ/Ү→У, І→И, Һ→Х, ЙЫ/ЙІ→И), and spellers add the soft sign after a front vowel at the
    end of a word and in -гүл-/-күл- (Әсел → Асель, Әділ → Адиль, Гүлмира → Гульмира).
    The ы of -уыр- is dropped (Бауыржан → Бауржан), and ғы becomes ги because Russian
    spelling avoids гы (Зағыпаров → Загипаров).
    """
    lower = word.lower()
    if len(lower) > 2 and lower.endswith("л") and lower[-2] in FRONT_VOWELS:
        lower += "ь"
    lower = re.sub(r"([гк])үл(?=[бвгджзйклмнпрстфхцчшщңғқһ])", r"\1үль", lower)
    lower = lower.replace("уыр", "ур").replace("йы", "и").replace("йі", "и").replace("ғы", "ги")
    return _restore_case(word, lower.translate(KAZAKH_TO_RUSSIAN))


def russify(text: str) -> str:
    """Text in Russified Cyrillic, word by word (hyphens and spaces kept)."""
    return re.sub(r"[^\s\-.]+", lambda m: russify_word(m.group(0)), text)


def has_kazakh_letters(text: str) -> bool:
    return any(ch in KAZAKH_LETTERS for ch in text)


# --- Latin schemes -------------------------------------------------------------------------

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "ъ": "",
    "ь": "",
}
BGN_KAZAKH = _COMMON | {
    "ә": "ä", "ғ": "gh", "ё": "yo", "ж": "zh", "и": "ī", "й": "y", "қ": "q", "ң": "ng", "ө": "ö",
    "у": "ū", "ұ": "u", "ү": "ü", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ы": "y", "і": "i", "э": "ė", "ю": "yu", "я": "ya", "ъ": "\u201d", "ь": "\u2019",
}
BGN_RUSSIAN = _COMMON | {
    "ё": "ë", "ж": "zh", "и": "i", "й": "y", "у": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ы": "y", "э": "e", "ю": "yu", "я": "ya", "ъ": "\u201d", "ь": "\u2019",
}
PASSPORT = _COMMON | {
    "ә": "a", "ғ": "g", "ё": "yo", "ж": "zh", "и": "i", "й": "y", "қ": "k", "ң": "n", "ө": "o",
    "у": "u", "ұ": "u", "ү": "u", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ы": "y", "і": "i", "э": "e", "ю": "yu", "я": "ya",
}
LATIN_2021 = _COMMON | {
    "ә": "ä", "ғ": "ğ", "ё": "io", "ж": "j", "и": "i", "й": "i", "қ": "q", "ң": "ñ", "ө": "ö",
    "у": "u", "ұ": "ū", "ү": "ü", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "ş",
    "ы": "y", "і": "ı", "э": "e", "ю": "iu", "я": "ia",
}
# The 2021 alphabet writes the capitals of и/й as İ and of і as plain I.
LATIN_2021_CAPITALS = {"и": "İ", "й": "İ", "і": "I"}
LATIN_2017 = _COMMON | {
    "ә": "a'", "ғ": "g'", "ё": "io", "ж": "j", "и": "i'", "й": "i'", "қ": "q", "ң": "n'", "ө": "o'",
    "у": "y'", "ұ": "u", "ү": "u'", "х": "h", "һ": "h", "ц": "ts", "ч": "c'", "ш": "s'", "щ": "s'",
    "ы": "y", "і": "i", "э": "e", "ю": "i'y'", "я": "i'a",
}
PRESS = _COMMON | {
    "ә": "a", "ғ": "gh", "ё": "yo", "ж": "zh", "и": "i", "й": "y", "қ": "k", "ң": "ng", "ө": "o",
    "у": "u", "ұ": "u", "ү": "u", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ы": "y", "і": "i", "э": "e", "ю": "yu", "я": "ya",
}
ASCII_BASE = _COMMON | {"ё": "e", "и": "i", "у": "u", "ч": "ch", "ш": "sh", "э": "e"}
# Letters a phone typist writes in more than one way; one choice is kept for a whole request.
ASCII_CHOICES = {
    "ж": ("zh", "j"), "х": ("h", "kh"), "ц": ("ts", "c"), "щ": ("sh", "sch"), "ю": ("yu", "iu"),
    "я": ("ya", "ia"), "й": ("y", "i"), "ы": ("y", "i"),
}


def _latin(
    text: str,
    table: dict[str, str],
    *,
    ye_initial: bool = False,
    ss_between_vowels: bool = False,
    final_iy: str | None = None,
    capitals: dict[str, str] | None = None,
) -> str:
    """Cyrillic text in Latin letters through a letter table and a few context rules.

    ``ye_initial`` writes е as "ye" at the start of a word and after a vowel or sign (Yerlan,
    Tokayev); ``ss_between_vowels`` doubles с between vowels (Yessenov, Kassymov);
    ``final_iy`` replaces a word-final -ий (Dmitry).
    """
    out = []
    chars = list(text)
    i = 0
    while i < len(chars):
        ch = chars[i]
        low = ch.lower()
        prev = chars[i - 1].lower() if i > 0 and chars[i - 1].isalpha() else ""
        nxt = chars[i + 1].lower() if i + 1 < len(chars) and chars[i + 1].isalpha() else ""
        if low not in table:
            out.append(ch)
            i += 1
            continue
        if final_iy is not None and low == "и" and nxt == "й" and not (i + 2 < len(chars) and chars[i + 2].isalpha()):
            piece = final_iy
            i += 1
        elif ye_initial and low == "е" and (not prev or prev in CYRILLIC_VOWELS or prev in "ъь"):
            piece = "ye"
        elif ss_between_vowels and low == "с" and prev in CYRILLIC_VOWELS and nxt in CYRILLIC_VOWELS:
            piece = "ss"
        else:
            piece = table[low]
        if ch != low:
            piece = capitals[low] if capitals and low in capitals else piece[:1].upper() + piece[1:]
        out.append(piece)
        i += 1
    return "".join(out)


def to_bgn_pcgn(text: str, kazakh: bool) -> str:
    """BGN/PCGN 1979: the Kazakh table for Kazakh names, the Russian one for Russian names."""
    if kazakh:
        return _latin(text, BGN_KAZAKH)
    return _latin(text, BGN_RUSSIAN, ye_initial=True)


def to_passport(text: str) -> str:
    """Passport style: capitals, ZH, KH, YE- at the start, SS between vowels (YESSENOV)."""
    return _latin(text, PASSPORT, ye_initial=True, ss_between_vowels=True).upper()


def to_latin_2021(text: str) -> str:
    return _latin(text, LATIN_2021, capitals=LATIN_2021_CAPITALS)


def to_latin_2017(text: str) -> str:
    return _latin(text, LATIN_2017)


def to_press(text: str, rng: random.Random) -> str:
    """English-press style; some writers double ғ as "ggh" (Zagghiparov) or write ы as i."""
    table = dict(PRESS)
    if rng.random() < 0.3:
        table["ғ"] = "ggh"
    if rng.random() < 0.5:
        table["ы"] = "i"
    return _latin(text, table, ye_initial=True, final_iy="y")


def ascii_table(rng: random.Random) -> dict[str, str]:
    """One typist's habits: a choice for each letter that has several ASCII spellings."""
    table = dict(ASCII_BASE)
    for letter, options in ASCII_CHOICES.items():
        table[letter] = rng.choice(options)
    return table


def to_ascii(text: str, table: dict[str, str]) -> str:
    """Plain ASCII from (Russified) Cyrillic, with one typist's letter choices."""
    return _latin(text.translate(KAZAKH_TO_RUSSIAN), table)


# --- Typos --------------------------------------------------------------------------------

# Latin letters that look like Cyrillic ones; typists mix them in when switching keyboards.
HOMOGLYPHS = {
    "А": "A", "а": "a", "В": "B", "Е": "E", "е": "e", "К": "K", "М": "M", "Н": "H", "О": "O",
    "о": "o", "Р": "P", "р": "p", "С": "C", "с": "c", "Т": "T", "у": "y", "Х": "X", "х": "x",
    "і": "i", "І": "I",
}
TYPO_KINDS = ("transposition", "dropped_letter", "doubled_letter", "homoglyph")


def make_typo(word: str, kind: str, rng: random.Random) -> str:
    """The word with one typo of the given kind; the first letter is kept unless it is a homoglyph."""
    if len(word) < 4:
        return word
    if kind == "transposition":
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "dropped_letter":
        i = rng.randrange(1, len(word))
        return word[:i] + word[i + 1 :]
    if kind == "doubled_letter":
        i = rng.randrange(1, len(word))
        return word[: i + 1] + word[i] + word[i + 1 :]
    positions = [i for i, ch in enumerate(word) if ch in HOMOGLYPHS]
    if not positions:
        return word
    i = rng.choice(positions)
    return word[:i] + HOMOGLYPHS[word[i]] + word[i + 1 :]


def typo_changes(word: str, kind: str) -> bool:
    """Whether a typo of this kind can change the word (short words and some letters cannot)."""
    if len(word) < 4:
        return False
    if kind == "homoglyph":
        return any(ch in HOMOGLYPHS for ch in word)
    if kind == "transposition":
        return any(word[i] != word[i + 1] for i in range(1, len(word) - 1))
    return True


def iin_with_typo(iin: str, rng: random.Random) -> str:
    """The IIN with one digit changed, as when it is copied by hand."""
    i = rng.randrange(len(iin))
    digit = rng.choice([d for d in "0123456789" if d != iin[i]])
    return iin[:i] + digit + iin[i + 1 :]


# --- Birth dates and ages -----------------------------------------------------------------


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def russian_years(n: int) -> str:
    """"30 лет", "31 год", "32 года"."""
    if n % 10 == 1 and n % 100 != 11:
        word = "год"
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = "года"
    else:
        word = "лет"
    return f"{n} {word}"


def format_birth(birth: date, style: str, on: date) -> str:
    """A birth date as a list writes it: 12.03.1992, 1992 г.р., 12/03/92, 1992-03-12, 30 лет."""
    if style == "dmy_dots":
        return birth.strftime("%d.%m.%Y")
    if style == "year":
        return f"{birth.year} г.р."
    if style == "dmy_slash_short":
        return birth.strftime("%d/%m/%y")
    if style == "iso":
        return birth.isoformat()
    if style == "age":
        return russian_years(age_on(birth, on))
    raise ValueError(style)
