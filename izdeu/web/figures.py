"""The counts on the dashboard. Each says what it counts, and none shows anyone's details."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from izdeu.accounts.models import Role
from izdeu.accounts.visibility import follow_ups, outbox
from izdeu.cases.models import Case, CaseStatus
from izdeu.lists.models import ListEntry, Source
from izdeu.notify.models import MessageState
from izdeu.review.models import Candidate, Decision
from izdeu.searches.models import SearchRequest


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    explanation: str
    # The page where the counted work is done, for those who may open it.
    url: str = ""


def dashboard_figures(user) -> list[Figure]:
    return _work_waiting(user) + _organisation_figures(user.organisation_id)


def _work_waiting(user) -> list[Figure]:
    """What waits for this user's hands, each with the page where it is done."""
    waiting = []
    if user.has_role(Role.LAWYER, Role.COORDINATOR, Role.VOLUNTEER):
        waiting.append(Figure(
            _("Follow-ups waiting"),
            follow_ups(user).open().count(),
            _("Deaths to tell a family in person and requesters to call back, not yet marked done."),
            reverse("notify:follow_ups"),
        ))  # fmt: skip
    if user.has_role(Role.COORDINATOR):
        waiting.append(Figure(
            _("Messages needing a decision"),
            outbox(user).filter(state__in=[MessageState.FAILED, MessageState.UNCERTAIN]).count(),
            _("Messages to families that failed, or may not have arrived: send them again, or not."),
            reverse("notify:outbox"),
        ))  # fmt: skip
    return waiting


def _organisation_figures(org: int) -> list[Figure]:
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
