"""Which records of personal data each account may see: the object-level access rules.

Every page and endpoint that lists or opens personal data takes its queryset from here, never
from ``Model.objects.all()``, so the rules live in one place:

- a volunteer sees what they entered (requests taken by phone, lists they uploaded);
- a lawyer sees their assigned cases, and the review queue of their organisation;
- a coordinator sees everything in their organisation;
- an administrator manages accounts and sees no case content, except during a break-glass
  they opened with a reason, which is time-limited and audited.
"""

from django.db.models import Q, QuerySet

from izdeu.accounts.models import BreakGlass, Role, User
from izdeu.cases.models import Case, FollowUp, FollowUpKind
from izdeu.lists.models import ImportJob, ListEntry, Source
from izdeu.notify.models import Message
from izdeu.people.models import Person
from izdeu.review.models import Candidate
from izdeu.searches.models import Requester, SearchRequest


def sees_whole_organisation(user: User) -> bool:
    if user.has_role(Role.COORDINATOR):
        return True
    return user.has_role(Role.ADMINISTRATOR) and has_open_break_glass(user)


def has_open_break_glass(user: User) -> bool:
    return BreakGlass.objects.open_for(user).exists()


def cases(user: User) -> QuerySet[Case]:
    org = Case.objects.filter(organisation_id=user.organisation_id)
    if sees_whole_organisation(user):
        return org
    if user.has_role(Role.LAWYER):
        return org.filter(assigned_lawyer=user)
    if user.has_role(Role.VOLUNTEER):
        return org.filter(requests__entered_by=user).distinct()
    return org.none()


def search_requests(user: User) -> QuerySet[SearchRequest]:
    org = SearchRequest.objects.filter(case__organisation_id=user.organisation_id)
    if sees_whole_organisation(user):
        return org
    if user.has_role(Role.LAWYER):
        return org.filter(case__assigned_lawyer=user)
    if user.has_role(Role.VOLUNTEER):
        return org.filter(entered_by=user)
    return org.none()


def requesters(user: User) -> QuerySet[Requester]:
    return Requester.objects.filter(requests__in=search_requests(user)).distinct()


def people(user: User) -> QuerySet[Person]:
    return Person.objects.filter(case__in=cases(user))


def sees_requester_contacts(user: User, case: Case) -> bool:
    """Requesters' contact details, the most sensitive data held: the organisation's coordinators
    and the lawyer assigned to the case, who call the family back."""
    if case.organisation_id != user.organisation_id:
        return False
    return sees_whole_organisation(user) or (user.has_role(Role.LAWYER) and case.assigned_lawyer_id == user.pk)


def outbox(user: User) -> QuerySet[Message]:
    """Messages to requesters and how their delivery went: for the organisation's coordinators."""
    if sees_whole_organisation(user):
        return Message.objects.filter(organisation_id=user.organisation_id)
    return Message.objects.none()


def follow_ups(user: User) -> QuerySet[FollowUp]:
    """Work for a person: a lawyer sees their cases' and, while a case has no lawyer, its deaths
    to tell; a volunteer the call-backs for requests they took; a coordinator everything."""
    org = FollowUp.objects.filter(case__organisation_id=user.organisation_id)
    if sees_whole_organisation(user):
        return org
    if user.has_role(Role.LAWYER):
        return org.filter(Q(case__assigned_lawyer=user) | Q(kind=FollowUpKind.TELL_DEATH, case__assigned_lawyer__isnull=True))
    if user.has_role(Role.VOLUNTEER):
        return org.filter(kind=FollowUpKind.CALL_BACK, search_request__entered_by=user)
    return org.none()


def sources(user: User) -> QuerySet[Source]:
    org = Source.objects.filter(organisation_id=user.organisation_id)
    if sees_whole_organisation(user) or user.has_role(Role.LAWYER):
        return org
    if user.has_role(Role.VOLUNTEER):
        return org.filter(uploaded_by=user)
    return org.none()


def import_jobs(user: User) -> QuerySet[ImportJob]:
    """Lists being loaded follow their lists: a volunteer's own, the organisation's for a coordinator."""
    org = ImportJob.objects.filter(organisation_id=user.organisation_id)
    if sees_whole_organisation(user):
        return org
    if user.has_role(Role.VOLUNTEER):
        return org.filter(uploaded_by=user)
    return org.none()


def list_entries(user: User) -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(source__in=sources(user))


def candidates(user: User) -> QuerySet[Candidate]:
    """The review queue: lawyers and coordinators review every candidate of their organisation."""
    org = Candidate.objects.filter(entry__source__organisation_id=user.organisation_id)
    if sees_whole_organisation(user) or user.has_role(Role.LAWYER):
        return org
    return org.none()
