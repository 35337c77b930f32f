"""What happened to each person from 6 to 15 January 2022: the custody paths.

A detained person is held at a district police station, then released or moved to the
temporary detention centre (ИВС); within about three days a court orders criminal arrest (to
the СИЗО), administrative arrest (to the special reception centre) or release. Some are taken
to hospital with injuries, a few die. Others never reach custody: injured or killed in the
streets, they appear only in hospital and morgue lists.
"""

import random
from datetime import date, timedelta

from izdeu.demoworld import facilities as places
from izdeu.demoworld.model import Person, Stay

FIRST_DAY = date(2022, 1, 6)
LAST_DAY = date(2022, 1, 15)
DAYS = [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
# Detentions peaked on 7–8 January and went on for a week with "sweeps".
DETENTION_DAY_WEIGHTS = (8, 18, 20, 15, 12, 9, 7, 5, 3.5, 2.5)
STREET_DAY_WEIGHTS = (45, 35, 15, 5)
# Morgue bodies stay on its cumulative list until the end of the period.
END = date(2022, 1, 31)

INJURIES = (
    "огнестрельное ранение бедра",
    "огнестрельное ранение плеча",
    "ЗЧМТ, сотрясение головного мозга",
    "множественные ушибы мягких тканей",
    "перелом рёбер",
    "перелом предплечья",
    "резаная рана",
    "ожоги кистей рук",
)
CRIMINAL_ARTICLES = ("ст. 272 ч. 2 УК РК", "ст. 272 ч. 2 УК РК", "ст. 269 ч. 2 УК РК", "ст. 255 ч. 4 УК РК")
ADMINISTRATIVE_ARTICLE = "ст. 488 ч. 6 КоАП РК"
RELEASE_DECISIONS = (
    "штраф 20 МРП, освобождён в зале суда",
    "предупреждение, освобождён",
    "домашний арест",
    "в удовлетворении ходатайства об аресте отказано",
)


def day_after(day: date, days: int = 1) -> date:
    return day + timedelta(days=days)


def pick_day(rng: random.Random, weights: tuple[float, ...]) -> date:
    return rng.choices(DAYS[: len(weights)], weights=weights)[0]


def pick_station(rng: random.Random) -> str:
    districts = places.DISTRICTS
    district = rng.choices([d[0] for d in districts], weights=[d[4] for d in districts])[0]
    return places.police_station_key(district)


def detain(person: Person, day: date, station: str, rng: random.Random) -> None:
    """Give a detained person their path from the police station onwards."""
    person.detained_on = day
    last = day_after(day) if rng.random() < 0.3 else day
    person.stays.append(Stay(station, day, last, "held"))
    r = rng.random()
    if r < 0.38:
        _release(person, station, last, "released_from_station")
    elif r < 0.41:
        _hospitalise(person, last, rng)
    elif r < 0.413:
        _die(person, last, "умер под стражей, причина устанавливается", rng)
    else:
        _temporary_detention(person, day_after(last) if rng.random() < 0.7 else last, rng)


def _temporary_detention(person: Person, first: date, rng: random.Random) -> None:
    last = day_after(first, rng.randint(0, 2))
    person.stays.append(Stay(places.IVS, first, last, "held"))
    if rng.random() < 0.02:
        _hospitalise(person, last, rng)
        return
    _court(person, last, rng)


def _court(person: Person, hearing: date, rng: random.Random) -> None:
    r = rng.random()
    if r < 0.33:
        article = rng.choice(CRIMINAL_ARTICLES)
        person.stays.append(Stay(places.CRIMINAL_COURT, hearing, hearing, "hearing", f"арест 2 мес., {article}"))
        person.stays.append(Stay(places.SIZO, day_after(hearing), END, "held", article))
        person.fate = "criminal_arrest"
    elif r < 0.70:
        days = rng.choice((5, 10, 10, 15, 15))
        court = places.ADMINISTRATIVE_COURT if rng.random() < 0.7 else places.DISTRICT_COURT
        decision = f"административный арест {days} суток, {ADMINISTRATIVE_ARTICLE}"
        person.stays.append(Stay(court, hearing, hearing, "hearing", decision))
        release_day = day_after(hearing, days)
        person.stays.append(Stay(places.SPECIAL_RECEPTION, day_after(hearing), release_day, "held", ADMINISTRATIVE_ARTICLE))
        person.fate = "administrative_arrest"
        if release_day <= LAST_DAY:
            person.released_on, person.released_from = release_day, places.SPECIAL_RECEPTION
    else:
        court = rng.choice((places.ADMINISTRATIVE_COURT, places.DISTRICT_COURT, places.CRIMINAL_COURT))
        person.stays.append(Stay(court, hearing, hearing, "hearing", rng.choice(RELEASE_DECISIONS)))
        _release(person, places.IVS, hearing, "released_by_court")


def _release(person: Person, facility: str, day: date, fate: str) -> None:
    person.released_on, person.released_from, person.fate = day, facility, fate


def _hospitalise(person: Person, day: date, rng: random.Random) -> None:
    person.injury = rng.choice(INJURIES)
    last = day_after(day, rng.randint(2, 10))
    person.stays.append(Stay(rng.choice(places.HOSPITALS), day, last, "admitted", person.injury))
    if rng.random() < 0.06:
        _die(person, last, f"скончался в больнице: {person.injury}", rng)
    else:
        person.fate = "discharged"


def _die(person: Person, day: date, detail: str, rng: random.Random) -> None:
    arrival = day_after(day, rng.randint(0, 1))
    person.stays.append(Stay(places.MORGUE, arrival, END, "body", detail))
    person.fate = "died"


def street_injury(person: Person, rng: random.Random) -> None:
    """Someone injured in the streets and taken straight to hospital."""
    _hospitalise(person, pick_day(rng, STREET_DAY_WEIGHTS), rng)


def street_death(person: Person, rng: random.Random) -> None:
    """Someone killed in the streets: they appear only in morgue lists."""
    _die(person, pick_day(rng, STREET_DAY_WEIGHTS), "огнестрельное ранение", rng)
