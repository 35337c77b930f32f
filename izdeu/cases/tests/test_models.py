import datetime as dt

from django.utils import timezone

from izdeu.cases.models import CaseStatus
from izdeu.tests.factory import refuses


def test_one_case_per_sought_person(factory):
    case = factory.case()
    refuses(lambda: factory.case(person=case.person))


def test_a_closed_case_says_when_and_only_a_closed_one(factory):
    refuses(lambda: factory.case(status=CaseStatus.CLOSED))
    refuses(lambda: factory.case(status=CaseStatus.OPEN, closed_at=timezone.now()))
    opened = timezone.now() - dt.timedelta(days=3)
    assert factory.case(status=CaseStatus.CLOSED, opened_at=opened, closed_at=timezone.now()).closed_at


def test_a_case_cannot_close_before_it_opened(factory):
    opened = timezone.now()
    refuses(lambda: factory.case(status=CaseStatus.CLOSED, opened_at=opened, closed_at=opened - dt.timedelta(days=1)))


def test_priority_is_one_of_four_levels(factory):
    refuses(lambda: factory.case(priority=7))
