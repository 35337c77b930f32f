"""The demo world as two CSV-shaped tables for the matcher, with the truth kept apart.

LEFT is the search requests as relatives wrote them, RIGHT the list rows as volunteers received
them; only text as written goes in, the person each row is about goes into the truth pairs. Used
by the matching benchmark (bench/) and by the matching engine's tests.
"""

import random
from dataclasses import dataclass

from izdeu.demoworld.generate import generate

# The cells in which lists write the name, the birth date or age, the sex and the IIN.
NAME_CELLS = ("ФИО", "Ф.И.О.", "Кто", "Фамилия, инициалы")
SPLIT_CELLS = ("Фамилия", "Имя", "Отчество")
BIRTH_CELLS = ("Дата рождения", "Д.р.", "Г.р.", "Возраст", "Год рождения")
SEX_CELL = {"м": "male", "ж": "female"}


@dataclass(frozen=True)
class Benchmark:
    left: list[dict[str, str]]
    right: list[dict[str, str]]
    truth: list[tuple[str, str]]


def request_birth_text(request, rng: random.Random) -> str:
    """The birth date or age as the relative typed it.

    The demo world keeps what a request states (a date, misremembered or not, a year, an age or
    an age range on the day it was written) but not the text; it is written here in the forms
    relatives use in their language, chosen by a seeded generator so the files are reproducible.
    """
    language = request.requester.language
    if request.birth_date is not None:
        day = request.birth_date
        return rng.choices((f"{day:%d.%m.%Y}", f"{day:%Y-%m-%d}", f"{day:%Y%m%d}", f"{day:%d/%m/%Y}"),
                           weights=(8, 1, 1, 1))[0]  # fmt: skip
    if request.birth_year is not None:
        suffix = {"ru": rng.choice(("", " г.р.", " года рождения")), "kk": rng.choice(("", " ж.т.", " жылы туған"))}
        return f"{request.birth_year}{suffix.get(language, '')}"
    if request.age_max is None:
        return ""
    if request.age_min == request.age_max:
        age = request.age_min
        return {"ru": f"{age} лет", "kk": f"{age} жаста"}.get(language, str(age))
    age = request.age_max - 2  # an "about N" range is N-2..N+2 (clipped at 0 for babies)
    about = {"ru": (f"около {age} лет", f"примерно {age}"), "kk": (f"шамамен {age} жаста", f"{age} шамасында"),
             "en": (f"about {age}", f"~{age}")}  # fmt: skip
    return rng.choice(about[language])


def request_row(request, rng: random.Random) -> dict[str, str]:
    """One LEFT row: the request as the relative wrote it, in their order and spelling."""
    return {
        "id": request.key,
        "full_name": request.full_name,
        "birth_date": request_birth_text(request, rng),
        "sex": "" if request.sex == "unknown" else request.sex,
        "iin": request.iin,
        "phone": request.phone,
        "address": request.last_seen_place,
        "scheme": request.scheme,
        "written_on": f"{request.created_at:%Y-%m-%d}",
    }


def entry_row(row_id: str, source, entry) -> dict[str, str]:
    """One RIGHT row: the list row as received (its raw cells only). Sex comes only from a
    list's own sex column, never from the name."""
    raw = entry.raw
    parts = [raw.get(cell, "") for cell in SPLIT_CELLS]
    split = "Фамилия" in raw
    full_name = " ".join(p for p in parts if p) if split else next(raw[c] for c in NAME_CELLS if c in raw)
    return {
        "id": row_id,
        "full_name": full_name,
        "surname": parts[0] if split else "",
        "given_name": parts[1] if split else "",
        "patronymic": parts[2] if split else "",
        "birth_date": next((raw[c] for c in BIRTH_CELLS if c in raw), ""),
        "sex": SEX_CELL.get(raw.get("Пол", ""), ""),
        "iin": raw.get("ИИН", ""),
        "written_on": f"{source.list_date:%Y-%m-%d}",
        "list_kind": source.kind,
    }


def benchmark(scale: float = 1.0, seed: int = 2022) -> Benchmark:
    """Requests against list entries, with the truth: a request and an entry about one person.
    Requests about people on no list have no true pair: a matcher should leave them alone."""
    world = generate(seed=seed, scale=scale)
    rng = random.Random(seed)
    entries_of: dict[str, list[str]] = {}
    right = []
    for number, (source, entry) in enumerate(world.entries(), start=1):
        right.append(entry_row(f"E{number:07d}", source, entry))
        entries_of.setdefault(entry.person, []).append(right[-1]["id"])
    left = [request_row(request, rng) for request in world.requests]
    truth = [(request.key, entry_id) for request in world.requests for entry_id in entries_of.get(request.person, [])]
    return Benchmark(left, right, truth)
