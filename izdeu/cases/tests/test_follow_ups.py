"""Follow-ups: work on a case that a person must do, and who did it when."""

import pytest
from django.utils import timezone

from izdeu.cases.models import FollowUp, FollowUpKind, Priority
from izdeu.tests.factory import refuses

pytestmark = pytest.mark.django_db


def test_a_death_to_tell_is_always_urgent(factory):
    case = factory.case()

    refuses(lambda: FollowUp.objects.create(case=case, kind=FollowUpKind.TELL_DEATH, priority=Priority.NORMAL))


def test_a_follow_up_done_says_by_whom(factory, lawyer):
    case = factory.case()

    refuses(lambda: FollowUp.objects.create(case=case, kind=FollowUpKind.CALL_BACK, done_at=timezone.now()))
    FollowUp.objects.create(case=case, kind=FollowUpKind.CALL_BACK, done_at=timezone.now(), done_by=lawyer)


def test_open_follow_ups_leave_out_those_done(factory, lawyer):
    case = factory.case()
    waiting = FollowUp.objects.create(case=case, kind=FollowUpKind.TELL_DEATH, priority=Priority.URGENT)
    FollowUp.objects.create(case=case, kind=FollowUpKind.CALL_BACK, done_at=timezone.now(), done_by=lawyer)

    assert list(FollowUp.objects.open()) == [waiting]
