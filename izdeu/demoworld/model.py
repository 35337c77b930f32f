"""The demo world as plain data: facilities, people with their custody paths, lists, requests.

Every list entry and every search request names the person it is really about (``person``),
so that the matcher can be scored against the truth.
"""

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any


@dataclass(slots=True)
class Facility:
    key: str  # "up_almaly"
    kind: str  # police_station, temporary_detention, pretrial_detention, court, hospital, morgue
    name_kk: str
    name_ru: str
    name_en: str
    city: str
    district: str = ""
    address: str = ""


@dataclass(slots=True)
class Name:
    surname: str
    given_name: str
    patronymic: str


@dataclass(slots=True)
class Stay:
    """A span of days a person spent at one facility (a court hearing lasts one day)."""

    facility: str
    first_day: date
    last_day: date
    # held, hearing, admitted (hospital) or body (morgue)
    status: str
    # What the facility's list says about them: a court decision, a diagnosis, a charge.
    detail: str = ""


@dataclass(slots=True)
class Person:
    """One fictional human: their true names, birth and IIN, and what happened to them."""

    key: str  # "P000123"
    sex: str  # male or female
    origin: str  # kazakh, russian, uighur, korean, tatar, uzbek
    name_kk: Name  # in Kazakh Cyrillic, as a Kazakh speaker writes it
    name_ru: Name  # in Russified Cyrillic, as Russian-language lists write it
    father_name: str  # in Kazakh Cyrillic
    surname_style: str  # russified (Жанбулатов), derussified (Жанбулат), uly (Жанбулатұлы), invariant (Ким)
    patronymic_style: str  # russian (Серикович) or kazakh (Серікұлы)
    birth_date: date
    iin: str
    # detained, street_injured, street_killed or missing (never on any list)
    circumstance: str
    # How their path ends: released_from_station, released_by_court, administrative_arrest,
    # criminal_arrest, discharged, died, missing
    fate: str = ""
    detained_on: date | None = None
    stays: list[Stay] = field(default_factory=list)
    released_on: date | None = None
    released_from: str = ""
    injury: str = ""
    family: str = ""  # shared by siblings, twins, and fathers with their sons


@dataclass(slots=True)
class ListEntry:
    """One row of a list: the row as a volunteer received it, and the fields read from it."""

    person: str  # ground truth: the person this row is about
    row_number: int
    raw: dict[str, str]
    full_name: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: date | None
    birth_year: int | None
    age_min: int | None
    age_max: int | None
    age_on: date | None
    sex: str  # male, female or unknown: what the row lets a reader tell
    iin: str
    place_text: str = ""
    article: str = ""
    note: str = ""
    # How the row departs from a clean copy: caps_surname, all_caps, initials, typo:<kind>,
    # birth:<format>, iin, iin_typo, dzh, no_patronymic, given_first, split_columns…
    traits: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    """A list: one facility's entries on one day, or a report, release list or statement."""

    key: str
    name: str
    kind: str
    facility: str  # facility key, "" when the list is not about one facility
    list_date: date
    published_at: datetime
    provided_by: str
    reliability: str
    file_name: str
    sheet: str
    previous_version: str  # key of the same list's previous publication, or ""
    entries: list[ListEntry] = field(default_factory=list)


@dataclass(slots=True)
class Requester:
    name: str
    relationship: str
    phone: str
    email: str
    telegram: str
    preferred_channel: str
    language: str
    sharing_scope: str
    reachable_when: str


@dataclass(slots=True)
class SearchRequest:
    """What a relative files, in their own spelling, about the person they seek."""

    key: str  # "R00042"
    person: str  # ground truth: the person sought
    requester: Requester
    scheme: str  # which spelling the name is written in (spelling.SCHEMES)
    channel: str  # web, telegram or phone
    created_at: datetime
    full_name: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: date | None
    birth_year: int | None
    age_min: int | None
    age_max: int | None
    age_on: date | None
    sex: str
    iin: str
    phone: str
    description: str
    last_seen_place: str
    last_seen_at: datetime | None
    circumstances: str
    health_needs: str
    is_minor: bool
    # How the request departs from the person's document name: masculine_surname,
    # derussified_surname, russified_surname, kazakh_patronymic, given_first, age_only…
    traits: list[str] = field(default_factory=list)


@dataclass
class World:
    seed: int
    scale: float
    facilities: list[Facility]
    persons: list[Person]
    sources: list[Source]
    requests: list[SearchRequest]
    # Hard cases for the matcher, by name: tuples of the persons' keys.
    hard_cases: dict[str, list[tuple[str, ...]]]

    def person(self, key: str) -> Person:
        return self._persons_by_key[key]

    @cached_property
    def _persons_by_key(self) -> dict[str, Person]:
        return {person.key: person for person in self.persons}

    def entries(self) -> list[tuple[Source, ListEntry]]:
        return [(source, entry) for source in self.sources for entry in source.entries]

    def counts(self) -> dict[str, int]:
        """Sizes of the world, for the loader to print and for the benchmarks to report."""
        listed = {entry.person for source in self.sources for entry in source.entries}
        sought = {request.person for request in self.requests}
        return {
            "facilities": len(self.facilities),
            "persons": len(self.persons),
            "detentions": sum(1 for p in self.persons if p.detained_on is not None),
            "deaths": sum(1 for p in self.persons if p.fate == "died"),
            "hospitalised": sum(1 for p in self.persons if any(s.status == "admitted" for s in p.stays)),
            "sources": len(self.sources),
            "list_entries": sum(len(source.entries) for source in self.sources),
            "listed_persons": len(listed),
            "search_requests": len(self.requests),
            "sought_persons": len(sought),
            "sought_persons_on_no_list": len(sought - listed),
        } | {f"hard_cases_{name}": len(groups) for name, groups in self.hard_cases.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def serialise(world: World) -> str:
    """The world as JSON text; two equal worlds give identical text."""
    return json.dumps(dataclasses.asdict(world), ensure_ascii=False, sort_keys=True, default=_plain)
