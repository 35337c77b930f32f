"""A full name split into surname, given name and patronymic, lightly.

Only the order is decided here; spelling and transliteration belong to the matching engine.
No token is ever dropped: what cannot be placed goes into `unparsed`. Formula-looking cells are
neutralised at export time by `izdeu.exports.files.safe_cell`, not here.
"""

import re
from dataclasses import dataclass
from typing import Literal

from izdeu.lists.values.sex import sex_from_patronymic, sex_from_surname

Order = Literal["surname_first", "given_first", "unknown"]

# "Ерлан Серік ұлы": the Kazakh patronymic word is sometimes written apart from the father's name.
PATRONYMIC_WORDS = frozenset({"ұлы", "улы", "uly", "қызы", "кызы", "kyzy", "qyzy"})
_INITIAL = re.compile(r"^[^\W\d_]\.?$")


@dataclass(frozen=True)
class NameParts:
    """`order` "unknown" means no evidence either way; the parts then follow the official-list
    convention (surname first) and the matcher should also try them swapped."""

    surname: str | None
    given_name: str | None
    patronymic: str | None
    initials: bool
    order: Order
    unparsed: tuple[str, ...] = ()


def split_full_name(text: str) -> NameParts:
    tokens = _tokens(text)
    initials = [t for t in tokens if _INITIAL.match(t)]
    words = [t for t in tokens if not _INITIAL.match(t)]
    patronymic = _patronymic(words)
    if patronymic is not None:
        words.remove(patronymic)
    if initials:
        return _with_initials(tokens, words, initials, patronymic)
    return _with_words(tokens, words, patronymic)


def _tokens(text: str) -> list[str]:
    # "Н.С.Загипаров" → "Н." "С." "Загипаров"; commas and stray dots after words go.
    spaced = re.sub(r"([^\W\d_])\.", r"\1. ", str(text).replace(",", " ").replace(";", " "))
    raw = [t if _INITIAL.match(t) else t.rstrip(".") for t in spaced.split()]
    tokens: list[str] = []
    for token in filter(None, raw):
        if token.lower() in PATRONYMIC_WORDS and tokens:
            tokens[-1] = f"{tokens[-1]} {token}"
        else:
            tokens.append(token)
    return tokens


def _patronymic(words: list[str]) -> str | None:
    # The last word with a patronymic ending, when at least one other word is left for the names:
    # a lone "Серікұлы" is more likely the surname the 1996 decree allows.
    candidates = [w for w in words if sex_from_patronymic(w)]
    return candidates[-1] if candidates and len(words) > 1 else None


def _with_initials(tokens: list[str], words: list[str], initials: list[str], patronymic: str | None) -> NameParts:
    given = _initial(initials[0])
    second = _initial(initials[1]) if len(initials) > 1 else patronymic
    surname = words[0] if words else None
    order: Order = "unknown"
    if surname:
        order = "surname_first" if tokens.index(surname) < tokens.index(initials[0]) else "given_first"
    unparsed = tuple(initials[2:]) + tuple(words[1:]) + ((patronymic,) if patronymic and len(initials) > 1 else ())
    return NameParts(surname, given, second, initials=True, order=order, unparsed=unparsed)


def _with_words(tokens: list[str], words: list[str], patronymic: str | None) -> NameParts:
    if len(words) == 1 and _looks_like_surname(words[0], tokens):
        return NameParts(words[0], None, patronymic, initials=False, order="unknown")
    if len(words) == 1 and patronymic:
        # "Ерлан Серік ұлы": a given name and the father's, the Kazakh form without a surname.
        return NameParts(None, words[0], patronymic, initials=False, order="unknown")
    if len(words) < 2:
        return NameParts(None, None, patronymic, initials=False, order="unknown", unparsed=tuple(words))
    first, second = words[0], words[1]
    order = _order(tokens, first, second, patronymic)
    surname, given = (second, first) if order == "given_first" else (first, second)
    return NameParts(surname, given, patronymic, initials=False, order=order, unparsed=tuple(words[2:]))


def _order(tokens: list[str], first: str, second: str, patronymic: str | None) -> Order:
    first_says, second_says = _looks_like_surname(first, tokens), _looks_like_surname(second, tokens)
    if first_says != second_says:
        return "surname_first" if first_says else "given_first"
    if patronymic:
        # "Нурлан Серикович Загипаров": the patronymic follows the given name.
        between = tokens.index(first) < tokens.index(patronymic) < tokens.index(second)
        return "given_first" if between else "surname_first"
    return "unknown"


def _looks_like_surname(word: str, tokens: list[str]) -> bool:
    # Official lists capitalise the surname ("ЗАГИПАРОВ Нурлан"); a name typed all in capitals
    # says nothing, so capitals count only when some other word is not in capitals.
    shouting = word.isupper() and len(word) > 1 and not all(t.isupper() for t in tokens)
    return shouting or sex_from_surname(word) is not None


def _initial(token: str) -> str:
    return token.rstrip(".") + "."
