"""Assembles the demo world: people, their custody paths, the lists, the search requests."""

import random
from collections import defaultdict

from izdeu.demoworld import custody
from izdeu.demoworld.facilities import facilities as all_facilities
from izdeu.demoworld.lists import ListWriter
from izdeu.demoworld.model import Person, World
from izdeu.demoworld.people import Population
from izdeu.demoworld.search_requests import RequestWriter, choose_sought

# Sizes at scale 1.0, after the January 2022 figures: about 12,000 detained, about 238 dead.
DETENTIONS = 12_000
STREET_INJURED = 450
STREET_KILLED = 140
SEARCH_REQUESTS = 2_000
# Share of requests about people on no list at all (still missing).
MISSING_SHARE = 0.105
# Hard cases injected at scale 1.0 (at least two of each at any scale).
SIBLING_GROUPS = 120
TWIN_PAIRS = 12
FATHERS_WITH_SONS = 40
NAMESAKES = 30
MALE_SHARE = {"detained": 0.93, "street_injured": 0.85, "street_killed": 0.9, "missing": 0.85}


def generate(seed: int = 2022, scale: float = 1.0) -> World:
    """The demo world for a seed and a scale; the same arguments always give the same world."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    rng = random.Random(seed)
    population = Population(rng)
    groups = _detained_people(population, rng, scale)
    for _ in range(round(STREET_INJURED * scale)):
        custody.street_injury(population.add_single("street_injured", MALE_SHARE["street_injured"]), rng)
    for _ in range(round(STREET_KILLED * scale)):
        custody.street_death(population.add_single("street_killed", MALE_SHARE["street_killed"]), rng)
    missing = [population.add_single("missing", MALE_SHARE["missing"]) for _ in range(round(SEARCH_REQUESTS * scale * MISSING_SHARE))]
    for person in missing:
        person.fate = "missing"

    facilities = all_facilities()
    sources = ListWriter(rng, facilities, population.persons).write()
    listed = {entry.person for source in sources for entry in source.entries}
    hard_case_keys = {key for members in groups.values() for group in members for key in group}
    writer = RequestWriter(rng)
    for person, count in choose_sought(population.persons, listed, rng, round(SEARCH_REQUESTS * scale), missing, hard_case_keys):
        writer.write_for(person, count)
    writer.requests.sort(key=lambda request: (request.created_at, request.key))

    hard_cases = groups | _namesakes(population.persons) | _request_hard_cases(writer)
    return World(seed, scale, facilities, population.persons, sources, writer.requests, hard_cases)


def _at_least_two(size: float, scale: float) -> int:
    return max(2, round(size * scale))


def _detained_people(population: Population, rng: random.Random, scale: float) -> dict[str, list[tuple[str, ...]]]:
    """Create the detained, hard cases first, and give each their custody path.

    Relatives detained together share the day and the station most of the time.
    """
    groups: dict[str, list[list[Person]]] = {"siblings": [], "twins": [], "father_and_son": []}
    for _ in range(_at_least_two(SIBLING_GROUPS, scale)):
        groups["siblings"].append(population.add_siblings("detained"))
    for _ in range(_at_least_two(TWIN_PAIRS, scale)):
        groups["twins"].append(population.add_twins("detained"))
    for _ in range(_at_least_two(FATHERS_WITH_SONS, scale)):
        groups["father_and_son"].append(population.add_father_and_son("detained"))
    namesakes = []
    target = round(DETENTIONS * scale)
    singles_needed = target - len(population.persons) - _at_least_two(NAMESAKES, scale)
    singles = [population.add_single("detained", MALE_SHARE["detained"]) for _ in range(max(0, singles_needed))]
    for model in rng.sample(singles, min(len(singles), _at_least_two(NAMESAKES, scale))):
        namesakes.append(population.add_namesake(model, "detained"))

    for members in (group for kind in groups.values() for group in kind):
        day, station = custody.pick_day(rng, custody.DETENTION_DAY_WEIGHTS), custody.pick_station(rng)
        for person in members:
            together = rng.random() < 0.7
            custody.detain(
                person,
                day if together else custody.pick_day(rng, custody.DETENTION_DAY_WEIGHTS),
                station if together else custody.pick_station(rng),
                rng,
            )
    for person in singles + namesakes:
        custody.detain(person, custody.pick_day(rng, custody.DETENTION_DAY_WEIGHTS), custody.pick_station(rng), rng)
    return {kind: [tuple(p.key for p in group) for group in members] for kind, members in groups.items()}


def _namesakes(persons: list[Person]) -> dict[str, list[tuple[str, ...]]]:
    """Groups of different people with the same surname and given name, as lists write them."""
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for person in persons:
        by_name[(person.name_ru.surname, person.name_ru.given_name)].append(person.key)
    return {"namesakes": [tuple(keys) for keys in by_name.values() if len(keys) > 1]}


def _request_hard_cases(writer: RequestWriter) -> dict[str, list[tuple[str, ...]]]:
    """People sought under another form of their surname than their documents carry."""
    feminine: dict[str, None] = {}
    other_form: dict[str, None] = {}
    for request in writer.requests:
        if "masculine_surname" in request.traits:
            feminine[request.person] = None
        if "russified_surname" in request.traits or "derussified_surname" in request.traits:
            other_form[request.person] = None
    return {
        "feminine_surname_requests": [(key,) for key in feminine],
        "derussified_surname": [(key,) for key in other_form],
    }
