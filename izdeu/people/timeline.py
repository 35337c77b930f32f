"""A person's timeline: their standing events by day, with conflicting claims kept side by side.

Two events of one day at different places cannot both be where the person was (a transfer
says how they moved, so it conflicts with nothing): both are shown, neither wins, until a
lawyer finds out which list was wrong.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from izdeu.people.models import Event, EventKind


@dataclass
class Day:
    day: dt.date | None
    events: list[Event] = field(default_factory=list)

    @property
    def conflicting(self) -> bool:
        places = {_place(event) for event in self.events if event.kind != EventKind.TRANSFERRED}
        places.discard(None)
        return len(places) > 1


def _place(event: Event):
    return event.facility_id or (event.place_text.casefold().strip() or None)


def timeline(events: list[Event]) -> list[Day]:
    """Days in order, events without a date last; each day's events in the order they happened."""
    days: dict[dt.date | None, Day] = {}
    for event in events:
        day = timezone.localdate(event.occurred_at) if event.occurred_at else None
        days.setdefault(day, Day(day)).events.append(event)
    ordered = sorted((d for d in days.values() if d.day is not None), key=lambda d: d.day)
    if None in days:
        ordered.append(days[None])
    for day in ordered:
        day.events.sort(key=lambda e: (e.occurred_at or e.recorded_at, e.recorded_at))
    return ordered
