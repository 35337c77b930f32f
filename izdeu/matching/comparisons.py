"""What izdeu compares between two records, and the levels of agreement it tells apart.

Each comparison is a Fellegi–Sunter comparison: an ordered list of levels, the first that
applies wins; the first level is "missing" and the last "anything else". The model learns how
likely each level is among true matches (m) and among random pairs (u); their ratio is the
level's weight. Transliterated spellings of one name are levels of one comparison, never two
comparisons, because they are the same evidence seen twice (research/r3_linkage.md §1.8).

Names follow research/r4_names.md §5 and izdeu.matching.names: keys agree across scripts, a
reduced key is weaker, two different names the lexicon knows are never a typo of each other.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl

from izdeu.matching.conditions import (
    All,
    Any_,
    Condition,
    Crossed,
    DayMonthSwapped,
    Edits,
    Flag,
    InitialsCrossed,
    Long,
    Missing,
    Differs,
    NoInitialAlone,
    Not,
    YearApartSameDay,
    RangesMeet,
    Same,
    Shares,
    Similar,
)

# A likely typo: Jaro-Winkler at least 0.90, or one edit in a word of four letters or more.
# Short names are mistyped too (Мраат for Марат, Тлгат for Талгат, Смат for Самат); two known
# names a letter apart (Асель, Асем) meet the `two_names` level before this one.
TYPO_SIMILARITY = 0.90
TYPO_LETTERS = 4


def _typo(column: str) -> Condition:
    return Any_((Similar(column, TYPO_SIMILARITY), All((Long(column, TYPO_LETTERS), Edits(column, 1)))))


# Both records' words say which is the surname (``records._marked``): the names cannot have
# changed places, and two records with them in the other order are two families.
ORDER_FIXED = Flag("surname_marked")

# One side gives only an initial for the given name ("ТОЛЕГЕН Ж.").
INITIAL_ALONE = Not(NoInitialAlone("given_initial", "given_key"))

# The two names in the other order, one of them mistyped or without -ов ("Elan Esen" and
# "Есенов Ерлан"): they share a key of one typo (``records._name_typos``) while the surnames,
# as written, are nothing alike.
OTHER_ORDER_TYPO = All((
    InitialsCrossed(), Differs("surname_stem"), Not(Similar("surname_key", 0.8)), Not(ORDER_FIXED), Shares("name_typos"),
))


@dataclass(frozen=True)
class Level:
    """`name` is stable (it is saved with the model and read by the reasons); `tf` names the
    column whose frequency weakens agreement on a common value (Ахметов counts for less)."""

    name: str
    condition: Condition
    tf: str | None = None


@dataclass(frozen=True)
class Comparison:
    name: str
    # The columns of both records a reason quotes, as written.
    shows: tuple[str, ...]
    levels: tuple[Level, ...]
    else_name: str = "different"
    # Levels whose m (and u) probability is fixed rather than learned: {level: (m, u or None)}.
    fixed: dict[str, tuple[float, float | None]] = field(default_factory=dict)

    def level_of(self, left: dict[str, Any], right: dict[str, Any]) -> str:
        for test, name in self._tests:
            if test(left, right):
                return name
        return self.else_name

    @cached_property
    def _tests(self) -> tuple:
        return tuple((level.condition.test, level.name) for level in self.levels)

    @property
    def level_names(self) -> list[str]:
        """Top to bottom, as Splink numbers them: the missing level, then the rest, "else" last."""
        return [level.name for level in self.levels] + [self.else_name]

    def splink(self) -> cl.CustomComparison:
        levels = []
        for number, level in enumerate(self.levels):
            creator = level.condition.level().configure(label_for_charts=level.name)
            if number == 0 and level.name == "missing":
                creator = creator.configure(is_null_level=True)
            if level.tf:
                creator = creator.configure(tf_adjustment_column=level.tf, tf_adjustment_weight=1.0)
            levels.append(self._fix(creator, level.name))
        levels.append(self._fix(_else(self.else_name), self.else_name))
        return cl.CustomComparison(comparison_levels=levels, output_column_name=self.name)


    def _fix(self, creator, name: str):
        """Fix the m (and u) probability of a level the data cannot teach (None: learned as usual)."""
        m, u = self.fixed.get(name, (None, None))
        if m is not None:
            creator = creator.configure(m_probability=m, fix_m_probability=True)
        if u is not None:
            creator = creator.configure(u_probability=u, fix_u_probability=True)
        return creator


def _else(name: str):
    return cll.ElseLevel().configure(label_for_charts=name)


SURNAME = Comparison("surname", ("surname_written_display",), (
    Level("missing", Missing(("surname_key",))),
    Level("same", Same("surname_key"), tf="surname_key"),
    # Names by their root: in the written order, the roots agree and a later level applies.
    Level("other_order", All((Shares("name_orders"), Differs("surname_stem"), Not(ORDER_FIXED)))),
    # "Jandos Tolegen" and "ТОЛЕГЕН Ж.": the surname and the initial, in the other order.
    Level("other_order_initial", All((INITIAL_ALONE, Shares("initials_orders"), Differs("surname_stem"), Not(ORDER_FIXED)))),
    Level("other_order_typo", OTHER_ORDER_TYPO),
    # One record's surname is the other's given name, and their other names differ.
    Level("crossed", Crossed("surname_key", "given_key")),
    Level("close_variant", Same("surname_reduced")),
    # Жумабаев and Жумабеков: the families of two different fathers' names, one letter apart.
    Level("different_families", All((Flag("surname_stem_known"), Differs("surname_stem")))),
    Level("typo", _typo("surname_key")),
    Level("same_root", Same("surname_stem")),
# Names in the other order beside a surname and initials are too rare among EM's pairs for it
# to learn how often one person is written so (it drifts to the floor); it is counted instead:
# 12 of the demo world's 9,252 true pairs meet this way.
), fixed={"other_order_initial": (0.0013, None)})  # fmt: skip

# A name written out on one side and only its initial on the other is compared by the initial
# alone (GIVEN_INITIAL, FATHER_INITIAL), not as a level of the name: how often initials agree
# by chance is then learned among such pairs only, not diluted by how rare initials are.
GIVEN_NAME = Comparison("given_name", ("given_written_display",), (
    Level("missing", Missing(("given_key",))),
    Level("same", Same("given_key"), tf="given_key"),
    Level("other_order", All((Shares("name_orders"), Not(ORDER_FIXED)))),
    Level("crossed", Crossed("surname_key", "given_key")),
    Level("close_variant", Same("given_reduced")),
    Level("other_order_typo", OTHER_ORDER_TYPO),
    # Нуржан and Нурлан, Асель and Асем: two names, not a typo.
    Level("two_names", Flag("given_known")),
    Level("typo", _typo("given_key")),
# Two names in the other order agree once, on the surname's "other_order" or "crossed" level;
# here the same agreement weighs nothing, or it would count twice.
), fixed={"other_order": (0.01, 0.01), "crossed": (0.01, 0.01), "other_order_typo": (0.01, 0.01)})  # fmt: skip

GIVEN_INITIAL = Comparison("given_initial", ("given_written_display",), (
    Level("missing", NoInitialAlone("given_initial", "given_key")),
    Level("same", Same("given_initial"), tf="given_initial"),
    # Джессика and "Д.": the key of a Дж- name begins with zh, the clerk's initial with д.
    Level("soviet_dzh", Crossed("given_initial_dzh", "given_initial")),
    # "Жандос Толеген" and "ТОЛЕГЕН Ж.": the surname's "crossed" level has counted it already.
    Level("other_order", All((Shares("initials_orders"), Differs("surname_stem"), Not(ORDER_FIXED)))),
# The clerk's "Д." is the initial of the name as its papers spell it, as telling as an initial
# in common (m/u about 0.99/0.15); too rare for EM to learn, it would take the floors' +10.
), fixed={"other_order": (0.01, 0.01), "soviet_dzh": (0.01, 0.0015)})  # fmt: skip

FATHER = Comparison("father", ("patronymic_written_display",), (
    Level("missing", Missing(("father_key",))),
    Level("same", Same("father_key"), tf="father_key"),
    Level("close_variant", Same("father_reduced")),
    Level("two_names", Flag("father_known")),
    Level("typo", All((Long("father_key", 5), Edits("father_key", 1)))),
))  # fmt: skip

FATHER_INITIAL = Comparison("father_initial", ("patronymic_written_display",), (
    Level("missing", NoInitialAlone("father_initial", "father_key")),
    Level("same", Same("father_initial"), tf="father_initial"),
))  # fmt: skip

# A father and his son share the surname, and the son's patronymic is the father's name
# (Загипаров Серик, Загипаров Нурлан Серикович): a sign of two people, whatever else agrees.
GENERATION = Comparison("generation", ("given_written_display", "patronymic_written_display"), (
    Level("father_and_child", All((Crossed("father_key", "given_as_father"), Differs("given_key")))),
), else_name="no_sign")  # fmt: skip

BIRTH = Comparison("birth", ("written_birth",), (
    Level("missing", Missing(("birth_year_min",))),
    Level("same_day", Same("birth_date")),
    Level("day_month_swapped", DayMonthSwapped("birth_date")),
    Level("year_apart_same_day", YearApartSameDay("birth_date")),
    Level("one_typo", Edits("birth_date", 1)),
    Level("same_year_other_day", All((Flag("birth_has_day"), Same("birth_year_min")))),
    Level("same_year", All((Flag("birth_from_age", on_neither=True), RangesMeet("birth_year_min", "birth_year_max")))),
    Level("fits_age", RangesMeet("birth_year_min", "birth_year_max")),
    # A year out is a slip where one side gives only a year or an age; two whole dates a year
    # and some months apart (06.08.2002, 18.11.2003) are two people's dates.
    Level("year_apart", All((Not(Flag("birth_has_day")), RangesMeet("birth_year_min", "birth_year_max", slack=1)))),
    # A relative's guess of an age can be far off; two written dates or years rarely are.
    Level("age_far_off", Flag("birth_from_age", either=True)),
# Dates further apart than a typo are two people far more often than one person written
# wrongly; EM cannot teach this (namesakes fill the training pairs), so it is fixed, unless
# records sharing an IIN or a document show how often it happens (``linking.birth_error_rate``).
), fixed={"different": (0.001, None)})  # fmt: skip

SEX = Comparison("sex", ("sex",), (
    Level("missing", Missing(("sex",))),
    Level("same", Same("sex")),
))  # fmt: skip

IIN = Comparison("iin", ("iin",), (
    Level("missing", Missing(("iin",))),
    Level("same", Same("iin")),
    # One mistyped digit, or two swapped: weak evidence of one person, not proof of two.
    Level("one_typo", Edits("iin", 1)),
))  # fmt: skip

DOCUMENT = Comparison("document", ("document",), (
    Level("missing", Missing(("document",))),
    Level("same", Same("document")),
    Level("one_typo", Edits("document", 1)),
))  # fmt: skip

PHONE = Comparison("phone", ("phones",), (
    Level("missing", Missing(("phones",))),
    Level("shared", Shares("phones")),
))  # fmt: skip

PLACE = Comparison("place", ("city", "address"), (
    Level("missing", Missing(("city", "address"))),
    Level("same_address", Same("address")),
    Level("similar_address", Similar("address", 0.9)),
    Level("same_city", Same("city")),
))  # fmt: skip

# Most telling first: scoring one record against many gives a pair up as soon as it cannot match.
COMPARISONS: tuple[Comparison, ...] = (
    SURNAME, GIVEN_NAME, GIVEN_INITIAL, BIRTH, FATHER, FATHER_INITIAL, GENERATION, SEX, IIN, DOCUMENT, PHONE, PLACE,
)
