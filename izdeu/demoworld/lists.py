"""The lists volunteers receive, and each row as it was written.

Each facility publishes the people it holds on some days (the same list re-published the next
day is a new version of it); courts publish their decisions, the police their release lists;
volunteers at the gates write down names they hear; a forwarded list of doubtful origin goes
round; months later an official statement lists the dead by surname and initials.

Rows are written as volunteers receive them: Russified Cyrillic, surnames in capitals, initials
only, typos, Latin look-alike letters, birth dates in several forms or only an age. The parsed
fields keep what the row says, typos included; only ``person`` says who it really is.
"""

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from izdeu.demoworld import facilities as places
from izdeu.demoworld.custody import DAYS, LAST_DAY
from izdeu.demoworld.model import Facility, ListEntry, Person, Source, Stay
from izdeu.demoworld.spelling import (
    TYPO_KINDS,
    age_on,
    format_birth,
    iin_with_typo,
    make_typo,
    russian_years,
    typo_changes,
)

# Almaty was at UTC+6 in January 2022.
ALMATY = timezone(timedelta(hours=6))
OFFICIAL_STATEMENT_DAY = date(2022, 8, 15)
# Chance that a facility publishes its list on a given day.
PUBLISH_CHANCE = {
    "police_station": 0.75,
    "temporary_detention": 0.8,
    "pretrial_detention": 0.5,
    "hospital": 0.7,
    "morgue": 0.8,
    "court": 0.9,
    "release": 0.6,
    "volunteer_report": 0.3,
}
# Chance that a re-published list keeps a person's row as it was (otherwise it is retyped).
ROW_KEPT_CHANCE = 0.85
RELIABILITY = {
    "police_station": "usually_reliable",
    "temporary_detention": "reliable",
    "pretrial_detention": "official_document",
    "court": "official_document",
    "hospital": "reliable",
    "morgue": "official_document",
    "release": "usually_reliable",
    "volunteer_report": "unconfirmed",
    "official_statement": "official_document",
}
PROVIDERS = {
    "police_station": ("Фото списка на двери УП, прислала родственница", "Дежурная часть УП, по телефону", "Адвокат у здания УП"),
    "temporary_detention": ("Адвокат, получено в ИВС",),
    "pretrial_detention": ("Адвокатская группа, список из СИЗО",),
    "court": ("Адвокат из зала суда", "Канцелярия суда"),
    "hospital": ("Волонтёр-медик в приёмном покое", "Управление здравоохранения г. Алматы"),
    "morgue": ("Список у входа в морг (фото)",),
    "release": ("Пресс-служба ДП г. Алматы",),
    "volunteer_report": ("Волонтёры у здания",),
}
VOLUNTEER_NOTES = (
    "крикнул своё имя из окна автозака",
    "видели при доставлении",
    "со слов освобождённого",
    "передал записку через охрану",
    "",
)
WARDS = ("травматология", "хирургия", "реанимация", "нейрохирургия")


@dataclass(frozen=True)
class ListStyle:
    """How one facility's lists are written."""

    layout: str  # "fio": one name column; "split": surname, given name and patronymic columns
    name_column: str
    caps_surname: float
    all_caps: float
    initials: float
    no_patronymic: float
    given_first: float
    typo: float
    kazakh_letters: float
    dzh: float
    birth_column: str  # "" when the list gives no birth date or age
    birth_formats: tuple[tuple[str, float], ...]
    iin: float  # share of rows giving the IIN; 0 when the list has no IIN column
    alphabetical: bool
    file_extension: str
    sheet: str


def _style(rng: random.Random, kind: str) -> ListStyle:
    """A style for one facility's lists; facilities of one kind differ in their habits."""
    caps = rng.choice((0.0, 0.3, 0.9))
    split = rng.random() < 0.3
    sheet = rng.choice(("Лист1", "Sheet1", "Список"))
    all_dates = (("dmy_dots", 5), ("year", 2), ("dmy_slash_short", 1), ("iso", 1), ("age", 0.5), ("none", 0.5))
    common = dict(
        layout="split" if split else "fio", name_column="ФИО", caps_surname=caps, all_caps=0.03, initials=0.04,
        no_patronymic=0.08, given_first=0.0, typo=0.08, kazakh_letters=0.02, dzh=0.04, birth_column="Дата рождения",
        birth_formats=all_dates, iin=0.0, alphabetical=rng.random() < 0.5, file_extension="xlsx", sheet=sheet,
    )
    specific: dict[str, dict] = {
        "police_station": dict(typo=0.12, iin=0.1 if rng.random() < 0.5 else 0.0),
        "temporary_detention": dict(name_column="Ф.И.О.", iin=0.5, birth_column="Д.р."),
        "pretrial_detention": dict(caps_surname=0.9, iin=0.7, typo=0.04, alphabetical=True),
        "court": dict(layout="fio", birth_column="Г.р.", birth_formats=(("year", 6), ("dmy_dots", 2), ("none", 1)), iin=0.3),
        "hospital": dict(
            layout="fio", birth_column="Возраст", birth_formats=(("age", 8), ("none", 1), ("dmy_dots", 1)),
            no_patronymic=0.2, iin=0.1, typo=0.1,
        ),
        "morgue": dict(
            layout="fio", initials=0.9, caps_surname=0.5, birth_formats=(("year", 4), ("none", 2), ("dmy_dots", 1)),
            typo=0.05,
        ),
        "release": dict(layout="fio", typo=0.06),
        "volunteer_report": dict(
            layout="fio", name_column="Кто", given_first=0.7, no_patronymic=0.9, caps_surname=0.0, all_caps=0.0,
            typo=0.2, birth_column="Возраст", birth_formats=(("age_about", 5), ("age", 2), ("none", 3)),
            alphabetical=False, file_extension="csv", sheet="",
        ),
        "doubtful": dict(
            layout="fio", given_first=0.3, no_patronymic=0.5, typo=0.25, birth_column="Год рождения",
            birth_formats=(("year", 3), ("none", 4), ("age", 1)), alphabetical=False, file_extension="txt", sheet="",
        ),
        "official_statement": dict(
            layout="fio", name_column="Фамилия, инициалы", initials=1.0, caps_surname=0.0, all_caps=0.0, typo=0.03,
            birth_column="", birth_formats=(("none", 1),), alphabetical=True, file_extension="pdf", sheet="",
        ),
    }
    return ListStyle(**(common | specific[kind]))


class ListWriter:
    """Builds all the lists of the demo world from the people's custody paths."""

    def __init__(self, rng: random.Random, facilities: list[Facility], persons: list[Person]):
        self.rng = rng
        self.facilities = {facility.key: facility for facility in facilities}
        self.persons = persons
        self.sources: list[Source] = []
        self.styles: dict[str, ListStyle] = {}
        # The last row written for a person in a series of lists, reused when re-published.
        self.rows: dict[tuple[str, str], ListEntry] = {}
        self.previous: dict[str, str] = {}

    def write(self) -> list[Source]:
        held = self._index_stays()
        for day in DAYS:
            for facility in self.facilities.values():
                self._facility_lists(facility, day, held.get((facility.key, day), []))
            self._release_lists(day)
            if day.day in (7, 8, 10):
                self._doubtful_list(day)
        self._official_statement()
        return self.sources

    def _index_stays(self) -> dict[tuple[str, date], list[tuple[Person, Stay]]]:
        held: dict[tuple[str, date], list[tuple[Person, Stay]]] = {}
        for person in self.persons:
            for stay in person.stays:
                day = max(stay.first_day, DAYS[0])
                while day <= min(stay.last_day, LAST_DAY):
                    held.setdefault((stay.facility, day), []).append((person, stay))
                    day += timedelta(days=1)
        return held

    def _facility_lists(self, facility: Facility, day: date, present: list[tuple[Person, Stay]]) -> None:
        if not present:
            return
        kind = facility.kind
        if self.rng.random() < PUBLISH_CHANCE[kind]:
            # Courts publish each day's decisions: a new list, not a new version of yesterday's.
            series = "" if kind == "court" else facility.key
            self._publish(kind, facility.key, day, present, series=series, file_stem=facility.key)
        if kind == "police_station" and self.rng.random() < PUBLISH_CHANCE["volunteer_report"]:
            share = self.rng.uniform(0.15, 0.4)
            seen = [row for row in present if self.rng.random() < share]
            if seen:
                self._publish("volunteer_report", facility.key, day, seen, series="", file_stem=f"volunteers_{facility.key}")

    def _release_lists(self, day: date) -> None:
        released: dict[str, list[tuple[Person, Stay | None]]] = {}
        for person in self.persons:
            if person.released_on == day:
                released.setdefault(person.released_from, []).append((person, None))
        for facility_key, people in released.items():
            if self.rng.random() < PUBLISH_CHANCE["release"]:
                self._publish("release", facility_key, day, people, series="", file_stem=f"release_{facility_key}")

    def _doubtful_list(self, day: date) -> None:
        """A list forwarded in a messenger: real names, wrong places, no source."""
        detained = [p for p in self.persons if p.detained_on is not None and p.detained_on <= day]
        size = min(len(detained), max(3, round(len(self.persons) * 0.006)))
        if size:
            chosen = self.rng.sample(detained, size)
            self._publish("doubtful", "", day, [(person, None) for person in chosen], series="", file_stem="whatsapp")

    def _official_statement(self) -> None:
        dead = [(p, None) for p in self.persons if p.fate == "died"]
        if dead:
            self._publish("official_statement", "", OFFICIAL_STATEMENT_DAY, dead, series="", file_stem="official_list_of_dead")

    def _publish(
        self, kind: str, facility_key: str, day: date, people: list[tuple[Person, Stay | None]], *, series: str, file_stem: str
    ) -> None:
        style = self.styles.setdefault(f"{kind}:{facility_key}", _style(self.rng, kind))
        source_kind = "volunteer_report" if kind == "doubtful" else kind
        entries = [self._row(kind, series, style, person, stay, day) for person, stay in people]
        if style.alphabetical:
            entries.sort(key=lambda entry: entry.full_name.casefold())
        for number, entry in enumerate(entries, start=1):
            entry.row_number = number
            entry.raw = {"№": str(number)} | entry.raw
        key = f"{file_stem}_{day.isoformat()}"
        self.sources.append(
            Source(
                key=key,
                name=self._title(kind, facility_key, day),
                kind=source_kind,
                facility=facility_key,
                list_date=day,
                published_at=datetime.combine(day, time(self.rng.randint(9, 22), self.rng.choice((0, 15, 30, 45))), ALMATY),
                provided_by=self._provider(kind),
                reliability="doubtful" if kind == "doubtful" else RELIABILITY[kind],
                file_name=f"{key}.{style.file_extension}",
                sheet=style.sheet,
                previous_version=self.previous.get(series, "") if series else "",
                entries=entries,
            )
        )
        if series:
            self.previous[series] = key

    def _provider(self, kind: str) -> str:
        if kind == "doubtful":
            return "Переслано в WhatsApp, автор неизвестен"
        if kind == "official_statement":
            return "Генеральная прокуратура РК, официальное сообщение"
        return self.rng.choice(PROVIDERS[kind])

    def _title(self, kind: str, facility_key: str, day: date) -> str:
        when = day.strftime("%d.%m.%Y")
        if kind == "doubtful":
            return f"Список задержанных из WhatsApp (не проверен), {when}"
        if kind == "official_statement":
            return f"Список погибших в январских событиях, {when}"
        place = places.short_name(self.facilities[facility_key])
        titles = {
            "police_station": "Список задержанных",
            "temporary_detention": "Список содержащихся",
            "pretrial_detention": "Список содержащихся",
            "court": "Решения суда",
            "hospital": "Список поступивших",
            "morgue": "Список поступивших тел",
            "release": "Список освобождённых",
            "volunteer_report": "Волонтёры у здания",
        }
        return f"{titles[kind]} — {place}, {when}"

    def _row(self, kind: str, series: str, style: ListStyle, person: Person, stay: Stay | None, day: date) -> ListEntry:
        if series:
            kept = self.rows.get((series, person.key))
            if kept is not None and self.rng.random() < ROW_KEPT_CHANCE:
                # An age copied into today's list is read as an age on today's date.
                age_given_on = day if kept.age_on else None
                return replace(kept, raw=dict(kept.raw), traits=list(kept.traits), age_on=age_given_on)
        entry = RowWriter(self.rng, style, person, day).write(self._details(kind, person, stay, day))
        if series:
            self.rows[(series, person.key)] = entry
        return replace(entry, raw=dict(entry.raw), traits=list(entry.traits))

    def _details(self, kind: str, person: Person, stay: Stay | None, day: date) -> "RowDetails":
        """The columns beside the name and birth date, and what they say."""
        rng = self.rng
        if kind == "police_station" and stay:
            note = rng.choice(("", "", "доставлен патрулём", "задержан на площади"))
            return RowDetails({"Дата задержания": stay.first_day.strftime("%d.%m.%Y"), "Примечание": note}, note=note)
        if kind == "temporary_detention" and stay:
            if stay.facility == places.SPECIAL_RECEPTION:
                term = stay.detail
                return RowDetails({"Начало срока": stay.first_day.strftime("%d.%m.%Y"), "Основание": term}, article=term)
            origin = places.short_name(self.facilities[person.stays[0].facility])
            cells = {"Дата поступления": stay.first_day.strftime("%d.%m.%Y"), "Откуда доставлен": origin}
            return RowDetails(cells, place_text=origin)
        if kind == "pretrial_detention" and stay:
            return RowDetails({"Статья": stay.detail}, article=stay.detail)
        if kind == "court" and stay:
            article = stay.detail.split(", ", 1)[1] if ", ст." in stay.detail else ""
            return RowDetails({"Решение суда": stay.detail}, article=article, note=stay.detail)
        if kind == "hospital" and stay:
            cells = {
                "Пол": "м" if person.sex == "male" else "ж",
                "Дата поступления": stay.first_day.strftime("%d.%m.%Y"),
                "Диагноз": stay.detail,
                "Отделение": rng.choice(WARDS),
            }
            return RowDetails(cells, note=stay.detail, sex_column=True)
        if kind == "morgue" and stay:
            return RowDetails({"Дата поступления": stay.first_day.strftime("%d.%m.%Y"), "Примечание": ""})
        if kind == "release":
            place = places.short_name(self.facilities[person.released_from])
            return RowDetails({"Дата освобождения": day.strftime("%d.%m.%Y"), "Откуда": place}, place_text=place)
        if kind == "volunteer_report" and stay:
            note = rng.choice(VOLUNTEER_NOTES)
            place = places.short_name(self.facilities[stay.facility])
            when = f"{day:%d.%m} {rng.choice(('утром', 'днём', 'вечером'))}"
            return RowDetails({"Где": place, "Когда": when, "Комментарий": note}, place_text=place, note=note)
        if kind == "doubtful":
            # Forwarded lists often put people in the wrong station.
            station = person.stays[0].facility if person.stays and rng.random() < 0.6 else self._any_station()
            place = places.short_name(self.facilities[station])
            return RowDetails({"Где находится": place}, place_text=place)
        return RowDetails({})

    def _any_station(self) -> str:
        return self.rng.choice([key for key, f in self.facilities.items() if f.kind == "police_station"])


@dataclass
class RowDetails:
    cells: dict[str, str]
    place_text: str = ""
    article: str = ""
    note: str = ""
    sex_column: bool = False


class RowWriter:
    """Writes one person's row the way one list writes it, and reads its fields back."""

    def __init__(self, rng: random.Random, style: ListStyle, person: Person, day: date):
        self.rng = rng
        self.style = style
        self.person = person
        self.day = day
        self.traits: list[str] = []

    def write(self, details: RowDetails) -> ListEntry:
        surname, given, patronymic = self._spelling()
        surname, given = self._typo(surname, given)
        full_name, surname, given, patronymic = self._layout(surname, given, patronymic)
        raw = self._name_cells(full_name, surname, given, patronymic)
        birth_text, birth = self._birth()
        if self.style.birth_column:
            raw[self.style.birth_column] = birth_text
        iin = self._iin()
        if self.style.iin:
            raw["ИИН"] = iin
        raw |= details.cells
        sex = self.person.sex if details.sex_column else sex_as_written(surname, patronymic)
        return ListEntry(
            person=self.person.key, row_number=0, raw=raw, full_name=full_name, surname=surname, given_name=given,
            patronymic=patronymic, **birth, sex=sex, iin=iin, place_text=details.place_text, article=details.article,
            note=details.note, traits=self.traits,
        )

    def _chance(self, share: float) -> bool:
        return self.rng.random() < share

    def _spelling(self) -> tuple[str, str, str]:
        """The person's name as this list spells it, before layout and typos."""
        name = self.person.name_ru
        if self.person.origin == "kazakh" and self._chance(self.style.kazakh_letters):
            # Typed by a Kazakh speaker who kept the Kazakh letters.
            name = self.person.name_kk
            self.traits.append("kazakh_letters")
        surname, given, patronymic = name.surname, name.given_name, name.patronymic
        if surname.startswith("Ж") and self._chance(self.style.dzh):
            surname = "Дж" + surname[1:]
            self.traits.append("dzh")
        if "ь" in given and self._chance(0.15):
            given = given.replace("ь", "")
            self.traits.append("no_soft_sign")
        for suffix in ("улы", "кызы", "ұлы", "қызы"):
            if patronymic.endswith(suffix) and self._chance(0.3):
                patronymic = f"{patronymic[: -len(suffix)]} {suffix}"
                self.traits.append("patronymic_split")
                break
        return surname, given, patronymic

    def _typo(self, surname: str, given: str) -> tuple[str, str]:
        if not self._chance(self.style.typo):
            return surname, given
        kind = self.rng.choices(TYPO_KINDS, weights=(3, 3, 2, 2))[0]
        if self._chance(0.6) and typo_changes(surname, kind):
            surname = make_typo(surname, kind, self.rng)
        elif typo_changes(given, kind):
            given = make_typo(given, kind, self.rng)
        else:
            return surname, given
        self.traits.append(f"typo:{kind}")
        return surname, given

    def _layout(self, surname: str, given: str, patronymic: str) -> tuple[str, str, str, str]:
        """Full name as written, with the parts read from it."""
        style = self.style
        if patronymic and self._chance(style.no_patronymic):
            patronymic = ""
            self.traits.append("no_patronymic")
        initials = self._chance(style.initials)
        if initials:
            given = given[:1] + "."
            patronymic = patronymic[:1] + "." if patronymic else ""
            self.traits.append("initials")
        if self._chance(style.all_caps):
            surname, given, patronymic = surname.upper(), given.upper(), patronymic.upper()
            self.traits.append("all_caps")
        elif self._chance(style.caps_surname):
            surname = surname.upper()
            self.traits.append("caps_surname")
        if initials:
            gap = " " if self._chance(0.2) else ""
            return f"{surname} {given}{gap}{patronymic}".strip(), surname, given, patronymic
        if self._chance(style.given_first):
            self.traits.append("given_first")
            return " ".join(p for p in (given, patronymic, surname) if p), surname, given, patronymic
        return " ".join(p for p in (surname, given, patronymic) if p), surname, given, patronymic

    def _name_cells(self, full_name: str, surname: str, given: str, patronymic: str) -> dict[str, str]:
        if self.style.layout == "split" and "initials" not in self.traits:
            self.traits.append("split_columns")
            return {"Фамилия": surname, "Имя": given, "Отчество": patronymic}
        return {self.style.name_column: full_name}

    def _birth(self) -> tuple[str, dict]:
        """The birth cell and what it tells: a date, a year, or an age on the list's date."""
        formats, weights = zip(*self.style.birth_formats, strict=True)
        fmt = self.rng.choices(formats, weights=weights)[0]
        empty = dict(birth_date=None, birth_year=None, age_min=None, age_max=None, age_on=None)
        if fmt == "none" or not self.style.birth_column:
            self.traits.append("birth:none")
            return "", empty
        self.traits.append(f"birth:{fmt}")
        birth = self.person.birth_date
        if fmt in ("dmy_dots", "dmy_slash_short", "iso") and birth.day <= 12 and birth.day != birth.month and self._chance(0.03):
            # A clerk swapped day and month: the row now states another, valid date.
            birth = birth.replace(month=birth.day, day=birth.month)
            self.traits.append("birth_date_error")
        age = age_on(birth, self.day)
        if fmt == "age_about":
            return f"около {russian_years(age)}", empty | dict(age_min=age - 2, age_max=age + 2, age_on=self.day)
        if fmt == "age":
            text = str(age) if self.style.birth_column == "Возраст" and self._chance(0.5) else format_birth(birth, "age", self.day)
            return text, empty | dict(age_min=age, age_max=age, age_on=self.day)
        if fmt == "year":
            return format_birth(birth, fmt, self.day), empty | dict(birth_year=birth.year)
        return format_birth(birth, fmt, self.day), empty | dict(birth_date=birth, birth_year=birth.year)

    def _iin(self) -> str:
        if not self._chance(self.style.iin):
            return ""
        self.traits.append("iin")
        if self._chance(0.04):
            self.traits.append("iin_typo")
            return iin_with_typo(self.person.iin, self.rng)
        return self.person.iin


# -ин/-ын are left out: de-Russified surnames end that way for women too (Тұрсын, Құсайын).
MALE_ENDINGS = ("ов", "ев", "ёв", "ский", "цкий")
FEMALE_ENDINGS = ("ова", "ева", "ёва", "ина", "ына", "ая")


def sex_as_written(surname: str, patronymic: str) -> str:
    """What a careful reader can tell from the written name alone: male, female or unknown."""
    patronymic = patronymic.lower().replace(" ", "")
    if patronymic.endswith(("вич", "ич", "улы", "ұлы")):
        return "male"
    if patronymic.endswith(("вна", "чна", "кызы", "қызы")):
        return "female"
    surname = surname.lower()
    if surname.endswith(("кызы", "қызы")):
        return "female"
    if surname.endswith(("улы", "ұлы")):
        return "male"
    if surname.endswith(FEMALE_ENDINGS):
        return "female"
    if surname.endswith(MALE_ENDINGS):
        return "male"
    return "unknown"
