"""The counts on the dashboard. Each says what it counts, and none shows anyone's details."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from izdeu.cases.models import Case, CaseStatus
from izdeu.lists.models import ListEntry, Source
from izdeu.review.models import Candidate, Decision
from izdeu.searches.models import SearchRequest


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    explanation: str


def dashboard_figures(user) -> list[Figure]:
    org = user.organisation_id
    cases = Case.objects.filter(organisation_id=org)
    return [
        Figure(
            _("People sought"),
            cases.filter(status=CaseStatus.OPEN).count(),
            _("Open cases: one per sought person, however many relatives asked."),
        ),
        Figure(
            _("People located"),
            cases.filter(status=CaseStatus.LOCATED).count(),
            _("Cases where a reviewer confirmed where the person is."),
        ),
        Figure(
            _("Search requests"),
            SearchRequest.objects.filter(case__organisation_id=org).count(),
            _("Every request filed, including several about the same person."),
        ),
        Figure(
            _("Lists loaded"),
            Source.objects.filter(organisation_id=org).count(),
            _("Police, detention, court, hospital and morgue lists, each version counted."),
        ),
        Figure(
            _("List entries"),
            ListEntry.objects.filter(source__organisation_id=org).count(),
            _("Rows in those lists. One person held in three places is three entries."),
        ),
        Figure(
            _("Matches to review"),
            Candidate.objects.filter(entry__source__organisation_id=org, decision=Decision.PROPOSED).count(),
            _("Possible matches that no person has confirmed or rejected yet."),
        ),
    ]
