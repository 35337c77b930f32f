"""Sex from a "пол / жынысы / sex" cell, from a patronymic and from a Russified surname.

Each function answers "male", "female" or None: None means the text does not say, which is
normal (Korean and Kazakh bare surnames carry no sex) and is never a problem in itself.
"""

import re
from typing import Literal

Sex = Literal["male", "female"]

SPELLINGS: dict[str, Sex] = {
    # Russian
    "м": "male", "муж": "male", "мужской": "male", "мужчина": "male", "мальчик": "male",
    "ж": "female", "жен": "female", "женский": "female", "женщина": "female", "девочка": "female",
    # Kazakh, also as typed on a Russian keyboard (ә→а, қ→к, ұ→у)
    "ер": "male", "ер адам": "male", "еркек": "male", "ер бала": "male", "ұл": "male", "ул": "male",
    "ұл бала": "male", "ул бала": "male",
    "әйел": "female", "айел": "female", "әйел адам": "female", "айел адам": "female", "қыз": "female",
    "кыз": "female", "қыз бала": "female", "кыз бала": "female",
    # English, and "w" (weiblich) from German-made forms
    "m": "male", "male": "male", "man": "male", "boy": "male",
    "f": "female", "female": "female", "w": "female", "woman": "female", "girl": "female",
}  # fmt: skip

# Patronymic endings, Cyrillic and Latin. "-ич" covers -ович/-евич/-ьич (Ильич);
# "-вна"/"-чна" cover -овна/-евна/-ична/-инична.
_MALE_PATRONYMIC = ("ич", "ұлы", "улы", "uly", "uli", "ulı", "ich")
_FEMALE_PATRONYMIC = ("вна", "чна", "қызы", "кызы", "kyzy", "qyzy", "kizi", "qizi", "vna", "chna")

# Russified surname endings; the stem must keep three letters so that Шин or Ли stay unknown.
_FEMALE_SURNAME = (
    "ова",
    "ева",
    "ёва",
    "ина",
    "ына",
    "ская",
    "цкая",
    "ova",
    "eva",
    "ina",
    "skaya",
    "qyzy",
    "kyzy",
    "қызы",
    "кызы",
)
_MALE_SURNAME = (
    "ов",
    "ев",
    "ёв",
    "ин",
    "ын",
    "ский",
    "цкий",
    "ov",
    "ev",
    "in",
    "skiy",
    "skii",
    "sky",
    "ұлы",
    "улы",
    "uly",
)
MIN_STEM = 3


def parse_sex(text: str) -> Sex | None:
    """ "М.", "муж", "әйел", "F"… → "male"/"female"; anything else → None."""
    key = " ".join(re.sub(r"[.,:;]", " ", str(text).lower()).split())
    return SPELLINGS.get(key)


def sex_from_patronymic(text: str) -> Sex | None:
    """ "Серикович", "Серікқызы", "Serik uly" → sex; the last word decides."""
    words = str(text).lower().split()
    if not words:
        return None
    word = words[-1].strip(".,")
    if word.endswith(_FEMALE_PATRONYMIC):
        return "female"
    if word.endswith(_MALE_PATRONYMIC):
        return "male"
    return None


def sex_from_surname(text: str) -> Sex | None:
    """ "Сулейменова" → female, "Мусин" → male, "Ким", "Жанбулат" → None."""
    word = str(text).lower().strip(" .,")
    for endings, sex in ((_FEMALE_SURNAME, "female"), (_MALE_SURNAME, "male")):
        ending = next((e for e in endings if word.endswith(e)), None)
        if ending and len(word) - len(ending) >= MIN_STEM:
            return sex
    return None
