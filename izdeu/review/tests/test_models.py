from django.utils import timezone

from izdeu.review.models import Decision
from izdeu.tests.factory import refuses


def test_a_candidate_links_an_entry_to_a_request_or_to_another_entry(factory):
    entry, other = factory.entry(row_number=1), factory.entry(row_number=2)
    request = factory.search_request()
    refuses(lambda: factory.candidate(entry=entry, search_request=request, other_entry=other))
    refuses(lambda: factory.candidate(entry=entry, search_request=None))
    assert factory.candidate(entry=entry, other_entry=other).other_entry == other


def test_an_entry_is_never_a_candidate_for_itself(factory):
    entry = factory.entry()
    refuses(lambda: factory.candidate(entry=entry, other_entry=entry))


def test_probability_is_between_zero_and_one(factory):
    refuses(lambda: factory.candidate(probability=1.2))
    refuses(lambda: factory.candidate(probability=-0.1))


def test_a_pair_is_proposed_once(factory):
    entry, request = factory.entry(), factory.search_request()
    factory.candidate(entry=entry, search_request=request)
    refuses(lambda: factory.candidate(entry=entry, search_request=request))


def test_a_decision_records_who_made_it_and_when(factory, lawyer):
    refuses(lambda: factory.candidate(decision=Decision.CONFIRMED))
    refuses(lambda: factory.candidate(decided_by=lawyer, decided_at=timezone.now()))
    confirmed = factory.candidate(
        decision=Decision.CONFIRMED, decided_by=lawyer, decided_at=timezone.now(), decision_reason="ИИН совпадает"
    )
    assert confirmed.decided_by == lawyer
