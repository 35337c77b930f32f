"""Name keys, name parsing and name comparison for Kazakh and Russian names in any script.

The recipe is ``research/r4_names.md`` §5. A *key* is a lowercase ASCII spelling on which the
spellings of one name agree: Зағыпаров, Загипаров, Zaghyparov, ZAGIPAROV and Zagghiparov all
give ``zagiparov``. Keys are built to agree, not to be read; the original spellings are kept
beside them for the reasons shown to people.

Plain Python: no Django, so that the engine can run in a bare worker process.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import Literal

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from izdeu.matching import lexicon as lexicon_names

Sex = Literal["male", "female"]

# --- token keys -----------------------------------------------------------------------------

# Step 3 of the recipe: Kazakh letters fold onto Russian ones, then a simple Latin. Neighbouring
# Cyrillic alphabets (Ukrainian, Uzbek, Tajik) appear in names of people born elsewhere.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "є": "e", "ї": "i", "ґ": "g", "ў": "u", "ҳ": "h", "ҷ": "zh", "ӣ": "i", "ӯ": "u", "ӏ": "",
}  # fmt: skip

# Step 4: the Latin letters with diacritics of every scheme in §1 (ISO 9, BGN, scientific,
# the 2017/2018/2021 Kazakh alphabets, QazAqparat). ISO 9 writes я as â and ю as û.
_LATIN = {
    **dict.fromkeys("äáàãåāăąǎəǝ", "a"), "â": "ia",
    **dict.fromkeys("öóòõōŏőøǒȯô", "o"),
    **dict.fromkeys("üúùūŭůűǔųǖǘǚǜ", "u"), "û": "iu",
    **dict.fromkeys("ıíìîīĭïǐįɨ", "i"),
    **dict.fromkeys("ğǵġģǧ", "g"),
    **dict.fromkeys("ñńŋņňǹ", "n"),
    **dict.fromkeys("şšŝș", "sh"), "ś": "s",
    **dict.fromkeys("çčĉć", "ch"),
    "ž": "zh", "ẑ": "zh", "ż": "z", "ź": "z",
    **dict.fromkeys("ėèéêëēĕěęẽ", "e"),
    "ý": "u", "ÿ": "i",  # 2018 alphabet: ý is у
    "ḥ": "h", "ħ": "h", "ķ": "k", "ļ": "l", "ł": "l", "đ": "d", "ð": "d", "ř": "r", "ť": "t",
    "ď": "d", "æ": "ae", "œ": "oe",
    # The 2017 alphabet's apostrophe, and what typists use for it; the rules below read it.
    **dict.fromkeys("’ʼ‘`´ʻ", "'"),
    # ISO 9 and BGN signs (ь ʹ ’, ъ ʺ ”) and quotes carry no sound of their own.
    **dict.fromkeys("ʹʺ”“\"″", ""),
}  # fmt: skip
_TABLE = str.maketrans(_CYRILLIC | _LATIN)

# Step 2: in a mostly Cyrillic token, Latin letters that look Cyrillic are typing slips
# ("Aйгерим" with a Latin A, "Айгерiм" with a Latin i), and the other way round.
_LATIN_LOOKALIKES = str.maketrans("aeocpxykmthbiə", "аеосрхукмтнвіә")
_CYRILLIC_LOOKALIKES = str.maketrans("аеосрхукмтнвіә", "aeocpxykmthbiə")

_VOWELS = "aeiouy"
# Steps 4–6, in order; each pass runs them all, and passes repeat until nothing changes.
# Keys write ж as "zh", never "j": a Latin j is й after a vowel and before a consonant or at the
# end (ISO 9 Sejtkali, Andrej) and ж elsewhere (2021 Janaozen, Soviet Djanbulatov), and keeping
# "j" out of keys is what lets a key be read again to itself.
_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # 2017 alphabet: s' = ш, c' = ч, y' = у; other apostrophes only mark a letter.
        (r"s'", "sh"), (r"c'", "ch"), (r"y'", "u"), (r"'", ""),
        (r"shch|sch|shh", "sh"),
        (r"(?<=[aeiouy])j(?![aeiouy])", "i"), (r"dj", "dzh"), (r"j", "zh"),
        # Soviet Дж: Джанбулатов = Жанбулатов at the start; inside, дж and тж are one sound
        # (Ахмеджан = Ахметжан), while Айжан and Айтжан stay apart.
        (r"^dzh", "zh"), (r"dzh", "tzh"),
        (r"kh", "h"), (r"gh", "g"),
        (r"tc(?!h)|cz|c(?!h)", "ts"),
        (r"ng", "n"), (r"w", "u"), (r"q", "k"), (r"x", "ks"),
        # Ye- and -yev (Yerlan, Tokayev, Grigor'yev); yo for ё after a consonant (Pyotr).
        (r"ye", "e"), (r"(?<![aeiouy])yo", "e"),
        (r"y", "i"),
        (r"^ie", "e"), (r"(?<=[aeiou])ie", "e"),
    )
)  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")
_NOT_KEY = re.compile(r"[^a-z']")
_HYPHENS = re.compile(r"[-‐‑‒–—]+")


def _script_repair(piece: str) -> str:
    cyrillic = sum(1 for ch in piece if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in piece if ch.isascii() and ch.isalpha())
    if cyrillic and latin:
        return piece.translate(_LATIN_LOOKALIKES if cyrillic > latin else _CYRILLIC_LOOKALIKES)
    return piece


def _transliterate(piece: str) -> str:
    """One hyphen-free piece in plain Latin letters and 2017 apostrophes (steps 1–4)."""
    text = _script_repair(unicodedata.normalize("NFC", piece).casefold()).translate(_TABLE)
    if not text.isascii():
        # Whatever the tables miss (İ's dot, ICU's ī̆): drop the marks, keep the letter.
        text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _NOT_KEY.sub("", text)


def _apply_rules(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def _settle(text: str, collapse: bool) -> str:
    # Rules can create a pattern another rule reads (collapsing "kkh" leaves "kh", which is h),
    # so passes repeat until the text is stable; that is also what makes keys idempotent.
    for _ in range(8):
        done = _apply_rules(text)
        if collapse:
            done = _DOUBLED.sub(r"\1", done)
        if done == text:
            break
        text = done
    return text


@lru_cache(maxsize=1 << 16)
def _raw_key(token: str) -> str:
    """The key before doubled letters collapse: suffixes are read on it, because collapsing
    would join a stem's last letter to its suffix (Серікқызы → serikkizi, not serikizi)."""
    pieces = [_settle(_transliterate(p), collapse=False) for p in _HYPHENS.split(token)]
    # Compounds are joined (Қасым-Жомарт = Kassym-Jomart, Али-Султан = Алисултан), and the
    # joined text is read again, as дж across the hyphen is дж inside a word.
    return _settle("".join(pieces), collapse=False) if len(pieces) > 1 else pieces[0]


@lru_cache(maxsize=1 << 16)
def token_key(token: str) -> str:
    """The matching key of one name token, in lowercase ASCII; "" if it has no letters.

    Зағыпаров, Загипаров, Zaghyparov and Zagghiparov → "zagiparov"; Есенов, YESSENOV → "esenov";
    Қасым-Жомарт, Kassym-Jomart → "kasimzhomart". Idempotent: ``token_key(token_key(t))`` is
    ``token_key(t)``.
    """
    return _settle(_raw_key(token), collapse=True)


@lru_cache(maxsize=1 << 16)
def reduced_key(key: str) -> str:
    """A weaker key on which common vowel variants agree (recipe §5 step 9).

    - ы after у drops (Бауыржан = Бауржан);
    - i after a syllable with u is u, as Kazakh rounding harmony writes it either way
      (Жулдыз = Жулдуз, Тұрсын = Турсун). Limiting u ≡ i to that position keeps Лина/Луна and
      Алия/Алуа apart, which a plain u ≡ i merges;
    - ё written io after a consonant (Artiom = Артём);
    - a final d is devoiced (Ахмед = Ахмет, Мухаммед = Мухаммет);
    - ж after a vowel and before a consonant reads as й, because a Latin j there is й in ISO 9
      (Sejtkali) but ж in the 2021 alphabet (Drujnikov = Дружников, Dejnev = Дежнев).
    Equal reduced keys are evidence of a variant, not of identity.
    """
    # Like keys, reduced keys are read until stable, so that they are idempotent too.
    while (reduced := _reduce_once(key)) != key:
        key = reduced
    return key


_REDUCTIONS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?<=[aeiou])zh(?=[^aeiou]|$)", "i"),
        (r"(?<=[aeo])ui(?=[^aeiou])", "u"),
        (r"(?<=[^aeiou])io", "e"),
        (r"(?<=u)([^aeiou]+)i", r"\1u"),
        (r"d$", "t"),
        (r"(.)\1+", r"\1"),
    )
)


def _reduce_once(text: str) -> str:
    for pattern, replacement in _REDUCTIONS:
        text = pattern.sub(replacement, text)
    return text


def skeleton_key(key: str) -> str:
    """A blocking key: the first letter, then the consonants ("zagiparov" → "zgprv")."""
    if not key:
        return ""
    return _DOUBLED.sub(r"\1", key[0] + re.sub(r"[aeiou]", "", key[1:]))


# --- patronymics and surnames ---------------------------------------------------------------


class PatronymicForm(StrEnum):
    RUSSIAN = "russian"  # Серикович, Сериковна
    KAZAKH = "kazakh"  # Серікұлы, Серікқызы (also Uzbek -ўғли/-qizi, Azerbaijani -оглы)


@dataclass(frozen=True, slots=True)
class Patronymic:
    father_key: str
    sex: Sex
    form: PatronymicForm


# (suffix of the raw key, sex, form); longer suffixes first. Kyrgyz -уулу, never -улу, which
# ends many Kazakh women's names (Жансұлу, Айсұлу).
_PATRONYMIC_SUFFIXES = (
    ("ovich", "male", PatronymicForm.RUSSIAN), ("evich", "male", PatronymicForm.RUSSIAN),
    ("ichna", "female", PatronymicForm.RUSSIAN), ("ich", "male", PatronymicForm.RUSSIAN),
    ("ovna", "female", PatronymicForm.RUSSIAN), ("evna", "female", PatronymicForm.RUSSIAN),
    ("uli", "male", PatronymicForm.KAZAKH), ("uulu", "male", PatronymicForm.KAZAKH),
    ("ogli", "male", PatronymicForm.KAZAKH), ("oglu", "male", PatronymicForm.KAZAKH),
    ("ugli", "male", PatronymicForm.KAZAKH), ("kizi", "female", PatronymicForm.KAZAKH),
)  # fmt: skip
# The Kazakh patronymic word written apart from the father's name ("Серік ұлы").
PATRONYMIC_WORDS = frozenset({"uli", "ulu", "uulu", "ogli", "oglu", "ugli", "kizi"})
# Russian fathers' names whose patronymic is irregular, by the stem left after the suffix.
_IRREGULAR_FATHERS = {
    "pavl": "pavel", "lv": "lev", "iakovl": "iakov", "il": "ilia", "ilin": "ilia",
    "kuzm": "kuzma", "kuzmin": "kuzma", "fom": "foma", "fomin": "foma", "nikit": "nikita",
    "luk": "luka", "lukin": "luka", "sav": "sava",
}  # fmt: skip


def _softened(stem: str) -> str:
    # -евич after a vowel stands for a name in -й: Сергеевич → Сергей, Жумабаевич → Жұмабай.
    # (Исаевич → "isai" for Иса: father keys are compared ignoring a final i.)
    return stem + "i" if stem[-1:] in _VOWELS else stem


@lru_cache(maxsize=1 << 16)
def read_patronymic(token: str) -> Patronymic | None:
    """The father's name key, sex and form of a patronymic, or None if it is not shaped as one.

    Серикович, Серікұлы, Serik uly, SERIKULY → "serik"; Сергеевич → "sergei";
    Жумабаевич and Жұмабайұлы → "zhumabai"; Нұрланқызы, Nurlanovna → "nurlan", female.
    """
    raw = _raw_key(token.replace(" ", ""))
    for suffix, sex, form in _PATRONYMIC_SUFFIXES:
        if raw.endswith(suffix) and len(raw) - len(suffix) >= 2:
            stem = raw[: -len(suffix)]
            if suffix.startswith("e"):
                stem = _softened(stem)
            stem = _IRREGULAR_FATHERS.get(stem, stem) if form is PatronymicForm.RUSSIAN else stem
            return Patronymic(token_key(stem), sex, form)  # type: ignore[arg-type]
    return None


@dataclass(frozen=True, slots=True)
class SurnameShape:
    masculine_key: str
    stem: str
    sex: Sex


# (feminine suffix, its masculine form); (masculine suffix, stem ending). On the raw key.
_FEMININE_SURNAME = (
    ("tskaia", "tskii"),
    ("skaia", "skii"),
    ("ova", "ov"),
    ("eva", "ev"),
    ("ina", "in"),
    ("kizi", "uli"),
)
_MASCULINE_SURNAME = ("tskii", "skii", "ski", "ov", "ev", "in", "uli")
# The stem must keep three letters, so that Шин, Ли or Ан are not read as -ин/-ов surnames.
_MIN_STEM = 3


@lru_cache(maxsize=1 << 16)
def read_surname(token: str) -> SurnameShape | None:
    """The masculine key, stem and sex of a surname with a Russian or Kazakh ending, or None.

    Сулейменова → ("suleimenov", "suleimen", female); Жумабаев → ("zhumabaev", "zhumabai", male);
    Серікқызы → ("serikuli", "serik", female). Ким, Жанбулат → None.
    """
    raw = _raw_key(token.replace(" ", ""))
    sex: Sex = "male"
    for feminine, masculine in _FEMININE_SURNAME:
        if raw.endswith(feminine) and len(raw) - len(feminine) >= _MIN_STEM:
            raw, sex = raw[: -len(feminine)] + masculine, "female"
            break
    for suffix in _MASCULINE_SURNAME:
        if raw.endswith(suffix) and len(raw) - len(suffix) >= _MIN_STEM:
            stem = raw[: -len(suffix)]
            # Жумабаев → Жұмабай, as the decree's de-Russified form writes it.
            stem = _softened(stem) if suffix == "ev" else stem
            return SurnameShape(token_key(raw), token_key(stem), sex)
    return None


def surname_stem(key: str) -> str:
    """The stem of a surname key, or the key itself when it has no Russian/Kazakh ending."""
    shape = read_surname(key)
    return shape.stem if shape else key


# --- the lexicon ----------------------------------------------------------------------------


@cache
def _given_lexicon() -> dict[str, str]:
    """Given-name key → "male", "female" or "either" (names given to both); built on first use
    (about 20 ms), as keys are not stored."""
    lexicon: dict[str, str] = {}
    for name, sex in lexicon_names.given_names():
        key = token_key(name)
        if key:
            lexicon[key] = sex if lexicon.get(key, sex) == sex else "either"
    return lexicon


@cache
def _invariant_surnames() -> frozenset[str]:
    return frozenset(token_key(name) for name in lexicon_names.INVARIANT_SURNAMES)


def given_name_sex(key: str) -> str | None:
    """ "male", "female" or "either" for a given name the lexicon knows; None otherwise."""
    return _given_lexicon().get(key)


# --- parsing --------------------------------------------------------------------------------


class SexSource(StrEnum):
    PATRONYMIC = "patronymic"
    SURNAME = "surname"  # the ending: -ова is firm, -ов is not (relatives write it for women)
    GIVEN_NAME = "given_name"  # the lexicon
    NONE = "none"


@dataclass(frozen=True, slots=True)
class PersonName:
    """One person's name, parsed. Keys are "" when the part is unknown.

    The original spellings (``surname``, ``given_name``, ``patronymic``, ``tokens``) are kept
    for the reasons shown to reviewers. ``order_certain`` is False when nothing said which of
    two words is the surname; ``compare_names`` then also tries them the other way round.
    """

    surname: str = ""
    given_name: str = ""  # a word, or an initial such as "Н."
    patronymic: str = ""  # "Серикович", "Серік ұлы", or an initial such as "С."
    surname_key: str = ""  # masculine form: Сулейменова → "suleimenov"
    surname_stem: str = ""  # without -ov/-ev/-in/-uly: "suleimen"; weak evidence
    surname_shaped: bool = False  # has a surname ending, or is a known invariant surname
    given_key: str = ""  # "" when only an initial is known
    given_known: bool = False  # in the lexicon of given names
    # The first letter of the key, whether the name is a word or an initial: "n" for Нурлан
    # and for Н.; "z" for Жандос, Zhandos and Ж. (One letter, so that columns compare equal.)
    given_initial: str = ""
    father_key: str = ""  # from the patronymic: Серикович, Серікұлы → "serik"
    patronymic_initial: str = ""
    patronymic_form: str = ""  # PatronymicForm, or "" when there is none
    sex: Sex | None = None
    sex_source: SexSource = SexSource.NONE
    order_certain: bool = True
    tokens: tuple[str, ...] = ()  # the words as written, in their order
    extra: tuple[str, ...] = ()  # words that could not be placed

    @property
    def sex_is_firm(self) -> bool:
        # A masculine ending alone is weak: relatives write Сулейменов for a woman too.
        return self.sex is not None and not (self.sex_source is SexSource.SURNAME and self.sex == "male")


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    key: str
    patronymic: Patronymic | None
    surname: SurnameShape | None
    lexicon: str | None  # given-name sex from the lexicon
    invariant_surname: bool
    initial: bool


_INITIAL = re.compile(r"^([^\W\d_]{1,2})\.$|^([^\W\d_])$")
# Two-letter initials are digraphs: Zh. for Ж, Sh. for Ш, Дж. for Дж.
_DIGRAPH_INITIALS = frozenset({"zh", "sh", "ch", "kh", "ts", "yu", "ya", "ye", "yo", "iu", "ia", "gh", "dj", "дж"})


@lru_cache(maxsize=1 << 16)
def _word(text: str) -> _Word:
    match = _INITIAL.match(text)
    letters = (match.group(1) or match.group(2)) if match else ""
    if match and (len(letters) == 1 or letters.casefold() in _DIGRAPH_INITIALS):
        return _Word(text, token_key(letters), None, None, None, False, initial=True)
    joined = text.replace(" ", "")
    key = token_key(joined)
    return _Word(
        text, key, read_patronymic(joined), read_surname(joined), given_name_sex(key),
        key in _invariant_surnames(), initial=False,
    )  # fmt: skip


_DOT_AFTER_LETTER = re.compile(r"(?<=[^\W\d_])\.")
_SEPARATORS = re.compile(r"[\s,;:/()\[\]«»<>|]+")


def _split(text: str) -> list[str]:
    """Words and initials: "Н.С.Загипаров" → Н. С. Загипаров; "Серік ұлы" stays one word."""
    spaced = _DOT_AFTER_LETTER.sub(". ", text)
    tokens: list[str] = []
    for raw in _SEPARATORS.split(spaced):
        token = raw.strip('-"«».').lstrip("'‘’") + ("." if raw.endswith(".") else "")
        token = token if _INITIAL.match(token) else token.rstrip(".")
        if not token_key(token.rstrip(".")):
            continue
        if tokens and token_key(token) in PATRONYMIC_WORDS and not _word(tokens[-1]).initial:
            tokens[-1] = f"{tokens[-1]} {token}"
        else:
            tokens.append(token)
    return tokens


def parse_name(full_name: str = "", *, surname: str = "", given_name: str = "", patronymic: str = "") -> PersonName:
    """A name parsed from a full name in any order, or from separate fields.

    Fields, when any is given, are trusted as they are labelled and ``full_name`` is ignored;
    a full name is placed by evidence: patronymic and surname endings, the lexicon of given
    names, a surname in capitals among words that are not, and initials.
    """
    if surname or given_name or patronymic:
        return _from_fields(surname, given_name, patronymic)
    return _parse_full_name(full_name)


@lru_cache(maxsize=1 << 14)
def _parse_full_name(text: str) -> PersonName:
    # Cached: the same list row comes back in every new version of its list.
    return _from_full_name(_split(text))


def _from_fields(surname: str, given_name: str, patronymic: str) -> PersonName:
    given_tokens, patronymic_tokens = _split(given_name), _split(patronymic)
    surname_text = " ".join(_split(surname))
    # "Нурлан Серикович" typed into the given-name field.
    if len(given_tokens) > 1 and not patronymic_tokens and _word(given_tokens[-1]).patronymic:
        patronymic_tokens = [given_tokens.pop()]
    given = _word(given_tokens[0]) if given_tokens else None
    father = _word(" ".join(patronymic_tokens)) if patronymic_tokens else None
    words = [w for w in (surname_text, *given_tokens, *patronymic_tokens) if w]
    return _build(
        _word(surname_text) if surname_text else None, given, father,
        order_certain=True, tokens=tuple(words), extra=tuple(given_tokens[1:]),
    )  # fmt: skip


def _from_full_name(tokens: list[str]) -> PersonName:
    words = [_word(t) for t in tokens]
    # Official lists capitalise the surname ("ЗАГИПАРОВ Нурлан"); all capitals say nothing.
    mixed = not all(t.isupper() for t in tokens)
    shouting = {w.text for w in words if mixed and w.text.isupper() and len(w.text) > 1}
    initials = [w for w in words if w.initial]
    names = [w for w in words if not w.initial]
    patronymic = _pick_patronymic(names, shouting)
    rest = [w for w in names if w is not patronymic]
    if initials:
        return _with_initials(tokens, rest, initials, patronymic, shouting)
    surname, given, certain = _place(tokens, rest, patronymic, shouting)
    extra = tuple(w.text for w in rest if w is not surname and w is not given)
    return _build(surname, given, patronymic, order_certain=certain, tokens=tuple(tokens), extra=extra)


def _pick_patronymic(names: list[_Word], shouting: set[str]) -> _Word | None:
    """The patronymic among the words, if one is shaped as a patronymic.

    A lone -ұлы word is more likely the surname the 1996 decree allows, and so is one in
    capitals. Of two candidates, a Russian -ович is the patronymic and an -ұлы the surname
    (Серікұлы Нұрлан Ерланович); of two -ұлы words, the patronymic is the one right after the
    given name (Нұрлан Айтқалиұлы Галиакберұлы, ГАЛИАКБЕРҰЛЫ Нұрлан Айтқалиұлы).
    """
    if len(names) < 2:
        return None
    # Жансұлу ends like a patronymic (-сұлу); a known given name is not one.
    candidates = [w for w in names if w.patronymic and w.text not in shouting and not w.lexicon]
    russian = [w for w in candidates if w.patronymic and w.patronymic.form is PatronymicForm.RUSSIAN]
    if russian:
        return russian[-1]
    after_name = [w for i, w in enumerate(names) if w in candidates and i and not names[i - 1].patronymic]
    return (after_name or candidates or [None])[-1]


def _evidence(word: _Word, shouting: set[str]) -> int:
    """How strongly a word says "surname": its ending or a known invariant surname, capitals."""
    return (2 if word.surname or word.invariant_surname else 0) + (2 if word.text in shouting else 0)


def _place(
    tokens: list[str], rest: list[_Word], patronymic: _Word | None, shouting: set[str]
) -> tuple[_Word | None, _Word | None, bool]:
    """Which of the remaining words is the surname and which the given name, and whether that
    is certain. Only endings, capitals and the patronymic's position make it certain: the
    lexicon alone does not, because de-Russified surnames are given names (Есен, Сүлеймен)."""
    if not rest:
        return None, None, True
    evidence = [_evidence(w, shouting) for w in rest]
    # Мадина ends like Мусина; a known given name is probably not the surname.
    scores = [e - (2 if w.lexicon else 0) for w, e in zip(rest, evidence, strict=True)]
    if len(rest) == 1:
        word = rest[0]
        # Beside a patronymic, a lone word is the given name of a Kazakh-style name (Хұсайын
        # Искалиұлы) unless capitals or a Korean surname say otherwise: -ын ends names too.
        firm = word.text in shouting or word.invariant_surname
        if scores[0] > 0 and (patronymic is None or firm):
            return word, None, True
        return None, word, False
    ranked = sorted(range(len(rest)), key=lambda i: -scores[i])
    first, second = rest[ranked[0]], rest[ranked[1]]
    if scores[ranked[0]] > scores[ranked[1]]:
        certain = evidence[ranked[0]] > evidence[ranked[1]]
        return first, _first_other(rest, first), certain
    first, second = sorted((first, second), key=rest.index)
    if patronymic is not None:
        # The given name comes right before the patronymic, whatever the order of the rest
        # ("ЗАГИПАРОВ Нурлан Серикович", "Нурлан Серикович Загипаров").
        at = tokens.index(patronymic.text)
        before = tokens[at - 1] if at else None
        if before in (first.text, second.text):
            given = first if first.text == before else second
            return (second if given is first else first), given, True
    # No evidence: official lists put the surname first; the comparison tries both.
    return first, second, False


def _first_other(rest: list[_Word], surname: _Word) -> _Word:
    return next(w for w in rest if w is not surname)


def _with_initials(
    tokens: list[str], rest: list[_Word], initials: list[_Word], patronymic: _Word | None, shouting: set[str]
) -> PersonName:
    """ "Загипаров Н.С.", "Н. С. Загипаров", "Нурлан С. Загипаров"."""
    if len(rest) >= 2:
        surname, given, certain = _place(tokens, rest, patronymic, shouting)
        father = patronymic or initials[0]
        extra = [w.text for w in rest if w is not surname and w is not given] + [w.text for w in initials[1:]]
        if patronymic:
            extra.append(initials[0].text)
        return _build(surname, given, father, order_certain=certain, tokens=tuple(tokens), extra=tuple(extra))
    surname = rest[0] if rest else None
    given = initials[0]
    father = patronymic or (initials[1] if len(initials) > 1 else None)
    extra = [w.text for w in initials[2 if not patronymic else 1 :]]
    return _build(surname, given, father, order_certain=True, tokens=tuple(tokens), extra=tuple(extra))


def _build(
    surname: _Word | None, given: _Word | None, father: _Word | None, *,
    order_certain: bool, tokens: tuple[str, ...], extra: tuple[str, ...],
) -> PersonName:  # fmt: skip
    fields: dict = {"order_certain": order_certain, "tokens": tokens, "extra": extra}
    if surname is not None:
        shape = surname.surname
        fields |= {
            "surname": surname.text,
            "surname_key": shape.masculine_key if shape else surname.key,
            "surname_stem": shape.stem if shape else surname.key,
            "surname_shaped": bool(shape) or surname.invariant_surname,
        }
    if given is not None:
        fields |= {
            "given_name": given.text,
            "given_key": "" if given.initial else given.key,
            "given_known": bool(given.lexicon),
            "given_initial": given.key[:1],
        }
    if father is not None:
        reading = None if father.initial else father.patronymic
        fields |= {
            "patronymic": father.text,
            # A bare father's name in a patronymic field is the father's name itself.
            "father_key": "" if father.initial else (reading.father_key if reading else father.key),
            "patronymic_initial": (reading.father_key if reading else father.key)[:1],
            "patronymic_form": reading.form.value if reading else "",
        }
    sex, source = _sex(surname, given, father)
    return PersonName(**fields, sex=sex, sex_source=source)


def _first_letter(text: str) -> str:
    return next((key for ch in text if (key := token_key(ch))), "")


def _sex(surname: _Word | None, given: _Word | None, father: _Word | None) -> tuple[Sex | None, SexSource]:
    # Firmest first: the patronymic, a feminine surname, the given name, a masculine surname.
    if father is not None and father.patronymic and not father.initial:
        return father.patronymic.sex, SexSource.PATRONYMIC
    shape = surname.surname if surname is not None else None
    if shape and shape.sex == "female":
        return "female", SexSource.SURNAME
    if given is not None and given.lexicon in ("male", "female") and not given.initial:
        return given.lexicon, SexSource.GIVEN_NAME  # type: ignore[return-value]
    if shape:
        return shape.sex, SexSource.SURNAME
    return None, SexSource.NONE


def swapped(name: PersonName) -> PersonName:
    """The same name with surname and given name exchanged (for an uncertain order); a lone
    word moves to the other role."""
    surname = _word(name.given_name) if name.given_key else None
    given = _word(name.surname) if name.surname else None
    father = _word(name.patronymic) if name.patronymic else None
    return _build(surname, given, father, order_certain=False, tokens=name.tokens, extra=name.extra)


@lru_cache(maxsize=1 << 14)
def other_readings(name: PersonName) -> tuple[PersonName, ...]:
    """Other plausible readings of a name's words, for the comparison to try:

    - surname and given name exchanged, when nothing fixed the order;
    - a Kazakh patronymic taken as the surname, when there is no other surname: since the
      1996 decree "Серікұлы Нұрлан" may be a surname and a given name.
    """
    readings = [] if name.order_certain else [swapped(name)]
    if not name.surname and name.patronymic_form == PatronymicForm.KAZAKH:
        given = _word(name.given_name) if name.given_name else None
        readings.append(
            _build(_word(name.patronymic), given, None, order_certain=False, tokens=name.tokens, extra=name.extra)
        )
    return tuple(readings)


# --- comparison -----------------------------------------------------------------------------


class SurnameLevel(StrEnum):
    EXACT = "exact"  # same key: same spelling, or same after transliteration
    REDUCED = "reduced"  # same reduced key: a vowel variant (Ахмедов/Ахметов)
    FUZZY = "fuzzy"  # a likely typo: Jaro-Winkler ≥ 0.90, or one edit in 6+ letters
    STEM = "stem"  # same root, one form de-Russified (Жанбулат/Жанбулатов); weak
    DIFFERENT = "different"
    MISSING = "missing"  # absent on one side or both


class GivenLevel(StrEnum):
    EXACT = "exact"
    REDUCED = "reduced"
    FUZZY = "fuzzy"
    INITIAL = "initial"  # only an initial on one side, and it agrees
    DIFFERENT = "different"
    MISSING = "missing"


class FatherLevel(StrEnum):
    SAME = "same"  # the patronymics name the same father (Серикович, Серікұлы)
    SIMILAR = "similar"  # one edit apart, not two known names: a likely typo
    INITIAL = "initial"
    DIFFERENT = "different"
    MISSING = "missing"


# For choosing between readings of one name: only agreement counts, so that a reading cannot
# win by moving a word where it meets nothing (Асан → surname, to avoid Асан ≠ Үсен).
_RANK = {
    "exact": 6,
    "same": 6,
    "reduced": 5,
    "fuzzy": 4,
    "similar": 4,
    "stem": 3,
    "initial": 2,
    "missing": 0,
    "different": 0,
}
_FUZZY_JW = 0.90
_FUZZY_MIN_LEN = 6
# Levels at which two spellings are taken for one name (STEM and INITIAL are weaker).
_AGREEING = frozenset({"exact", "reduced", "fuzzy"})


@dataclass(frozen=True, slots=True)
class PartComparison:
    """How one part of two names compares: the level, and the two spellings as written."""

    part: Literal["surname", "given_name", "father"]
    level: SurnameLevel | GivenLevel | FatherLevel
    a: str
    b: str

    @property
    def one_sided(self) -> bool:
        return bool(self.a) != bool(self.b)


@dataclass(frozen=True, slots=True)
class NameComparison:
    surname: PartComparison
    given_name: PartComparison
    father: PartComparison
    sex_conflict: bool
    # One record's patronymic names the other's given name, under the same surname: a father
    # and his son (Загипаров Серик / Загипаров Нурлан Серикович). For the model, not a verdict.
    father_is_other: bool = False
    # The best comparison read one side's words in other roles (see ``other_readings``).
    reread: bool = False

    @property
    def parts(self) -> tuple[PartComparison, PartComparison, PartComparison]:
        return (self.surname, self.given_name, self.father)

    def rank(self) -> int:
        return sum(_RANK[p.level.value] for p in self.parts)

    def describe(self) -> list[str]:
        """The comparison in plain English, one line per part (for logs and tests; the web
        layer translates from the structured fields instead)."""
        lines = [_describe_part(p) for p in self.parts]
        if self.sex_conflict:
            lines.append("sex differs between the two names")
        if self.father_is_other:
            lines.append("one name's patronymic is the other's given name (father and son?)")
        if self.reread:
            lines.append("one name's words were read in other roles (order, or -uly as surname)")
        return lines


_PHRASES = {
    "exact": "same after transliteration", "same": "name the same father",
    "reduced": "spelling variants of one name", "fuzzy": "similar spelling, possibly a typo",
    "similar": "similar spelling, possibly a typo", "stem": "same root, one without -ov/-ev/-uly",
    "initial": "initial agrees", "different": "different",
}  # fmt: skip


def _describe_part(p: PartComparison) -> str:
    label = p.part.replace("_", " ")
    if p.level.value == "missing":
        return f"{label}: {'only on one side' if p.one_sided else 'on neither side'}"
    if p.part == "father" and p.level is FatherLevel.SAME:
        return f"father: {p.a} and {p.b} name the same father"
    if p.level.value == "exact" and p.a.casefold() == p.b.casefold():
        return f"{label}: {p.a} = {p.b} (same spelling)"
    if p.part == "surname" and p.level is SurnameLevel.EXACT:
        return f"surname: {p.a} ~ {p.b} (same surname after transliteration or feminine ending)"
    sign = "≠" if p.level.value == "different" else "~"
    return f"{label}: {p.a} {sign} {p.b} ({_PHRASES[p.level.value]})"


def _fuzzy(x: str, y: str) -> bool:
    if JaroWinkler.similarity(x, y) >= _FUZZY_JW:
        return True
    return min(len(x), len(y)) >= _FUZZY_MIN_LEN and DamerauLevenshtein.distance(x, y) <= 1


def _known_and_different(x: str, y: str) -> bool:
    """Guard (a): two different entries of the lexicon are two names, however close."""
    return x != y and bool(given_name_sex(x)) and bool(given_name_sex(y)) and reduced_key(x) != reduced_key(y)


def _compare_surname(a: PersonName, b: PersonName) -> SurnameLevel:
    x, y = a.surname_key, b.surname_key
    if not x or not y:
        return SurnameLevel.MISSING
    if x == y:
        return SurnameLevel.EXACT
    if reduced_key(x) == reduced_key(y):
        return SurnameLevel.REDUCED
    # Russified surnames are fathers' names plus -ов: Жумабаев and Жумабеков are the
    # families of Жұмабай and Жұмабек, one letter apart but different.
    if _known_and_different(a.surname_stem, b.surname_stem):
        return SurnameLevel.DIFFERENT
    if _fuzzy(x, y):
        return SurnameLevel.FUZZY
    if a.surname_stem == b.surname_stem:
        return SurnameLevel.STEM
    return SurnameLevel.DIFFERENT


def _initials_agree(x: str, y: str) -> bool:
    n = min(len(x), len(y))
    return n > 0 and x[:n] == y[:n]


def _initial_matches(x_key: str, x_text: str, y_key: str, y_text: str) -> bool:
    """An initial agrees with a name if it starts the name's key (Ж. and Zh. ~ Жандос) or is
    its first letter as written (Д. ~ Джессика, whose key starts "zh"; Y. ~ Yerlan)."""
    # An initial's own key may have two letters: Ш. is "sh", and does not agree with Сапар.
    x_form, y_form = x_key or token_key(x_text), y_key or token_key(y_text)
    return _initials_agree(x_form, y_form) or _first_letter(x_text) == _first_letter(y_text) != ""


def _compare_given(a: PersonName, b: PersonName) -> GivenLevel:
    x, y = a.given_key, b.given_key
    if x and y:
        if x == y:
            return GivenLevel.EXACT
        if reduced_key(x) == reduced_key(y):
            return GivenLevel.REDUCED
        if _known_and_different(x, y):
            return GivenLevel.DIFFERENT
        return GivenLevel.FUZZY if _fuzzy(x, y) else GivenLevel.DIFFERENT
    if a.given_initial and b.given_initial:
        ok = _initial_matches(x, a.given_name, y, b.given_name)
        return GivenLevel.INITIAL if ok else GivenLevel.DIFFERENT
    return GivenLevel.MISSING


def same_father(x: str, y: str) -> bool:
    """Father keys agree, ignoring a final i: Юрьевич gives "iur" for Юрий "iuri", Исаевич
    "isai" for Иса "isa"; the patronymic does not say whether the name ended in -й."""
    return x == y or x.rstrip("i") == y.rstrip("i") or reduced_key(x) == reduced_key(y)


def _compare_father(a: PersonName, b: PersonName) -> FatherLevel:
    x, y = a.father_key, b.father_key
    if x and y:
        if same_father(x, y):
            return FatherLevel.SAME
        if _known_and_different(x, y):
            return FatherLevel.DIFFERENT
        # Only one edit, and on longer names: Серик and Сериккали share their start.
        close = min(len(x), len(y)) >= 5 and DamerauLevenshtein.distance(x, y) <= 1
        return FatherLevel.SIMILAR if close else FatherLevel.DIFFERENT
    if a.patronymic_initial and b.patronymic_initial:
        ok = _initial_matches(x, a.patronymic, y, b.patronymic)
        return FatherLevel.INITIAL if ok else FatherLevel.DIFFERENT
    return FatherLevel.MISSING


def _names_father(father: PersonName, child: PersonName) -> bool:
    return bool(child.father_key and father.given_key) and same_father(child.father_key, father.given_key)


def _compare_fixed(a: PersonName, b: PersonName, reread: bool) -> NameComparison:
    surname = _compare_surname(a, b)
    family = surname.value in _AGREEING
    return NameComparison(
        surname=PartComparison("surname", surname, a.surname, b.surname),
        given_name=PartComparison("given_name", _compare_given(a, b), a.given_name, b.given_name),
        father=PartComparison("father", _compare_father(a, b), a.patronymic, b.patronymic),
        sex_conflict=a.sex_is_firm and b.sex_is_firm and a.sex != b.sex,
        father_is_other=family and (_names_father(a, b) or _names_father(b, a)),
        reread=reread,
    )


def compare_names(a: PersonName, b: PersonName) -> NameComparison:
    """Part by part, role by role. A surname is only ever compared with a surname (guard (b):
    Серикбаев Мухтар is not Мухтаров Серикбай); when one side's words can be read otherwise
    (``other_readings``), those readings are tried too and the best comparison kept."""
    best = _compare_fixed(a, b, False)
    readings = [(x, b) for x in other_readings(a)] + [(a, y) for y in other_readings(b)]
    for x, y in readings:
        other = _compare_fixed(x, y, True)
        if other.rank() > best.rank():
            best = other
    return best


def names_agree(cmp: NameComparison) -> bool:
    """The name-only verdict: nothing differs, no sex conflict, and surname and given name
    agree at least as a likely typo. An initial is enough for a given name written only as an
    initial; a surname may be absent from both names (Kazakh-style "Айгерім Сұлтанқызы")."""
    if cmp.sex_conflict or any(p.level.value == "different" for p in cmp.parts):
        return False
    surname_ok = cmp.surname.level in _AGREEING or (
        cmp.surname.level is SurnameLevel.MISSING and not cmp.surname.a and not cmp.surname.b
    )
    given_ok = cmp.given_name.level in _AGREEING or cmp.given_name.level is GivenLevel.INITIAL
    return surname_ok and given_ok


__all__ = [
    "FatherLevel", "GivenLevel", "NameComparison", "PartComparison", "Patronymic", "PatronymicForm",
    "PersonName", "SexSource", "SurnameLevel", "SurnameShape", "compare_names", "given_name_sex",
    "names_agree", "parse_name", "read_patronymic", "read_surname", "reduced_key", "same_father",
    "other_readings", "skeleton_key", "surname_stem", "swapped", "token_key",
]  # fmt: skip
