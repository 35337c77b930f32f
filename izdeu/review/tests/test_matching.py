"""Matching inside the service: a list loaded, a request filed, and the candidates they make.

A mother wrote "Nurlan Zagghiparov, 30 years old" in Latin letters; the police list says
"ЗАГИПАРОВ Нурлан Серикович 12.03.1992". Every name is fictional.
"""

import pytest

from izdeu.lists.importing import import_file
from izdeu.lists.models import SourceKind
from izdeu.review import matching
from izdeu.review.models import Candidate, Decision, MatchingModel

POLICE_LIST = "\r\n".join([
    "Список задержанных УП Алмалинского района",
    "№;ФИО;Дата рождения",
    "1;ЗАГИПАРОВ Нурлан Серикович;12.03.1992",
    "2;Ким Сергей Александрович;05.11.1985",
    "3;Сейткалиева Айгерим Болатовна;1998",
]).encode("cp1251")  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_index():
    # Each test's database starts empty: the worker's held indexes must too.
    matching._held.clear()
    yield
    matching._held.clear()


def load_police_list(volunteer, organisation, content=POLICE_LIST, name="УП Алмалинского района"):
    return import_file(content, "список.csv", source_name=name, kind=SourceKind.POLICE_STATION,
                       organisation=organisation, user=volunteer)  # fmt: skip


def test_a_loaded_list_is_matched_against_the_open_requests(factory, volunteer, organisation, django_capture_on_commit_callbacks):
    request = factory.search_request()
    with django_capture_on_commit_callbacks(execute=True):
        load_police_list(volunteer, organisation)
    candidate = Candidate.objects.get()
    assert candidate.search_request == request
    assert candidate.entry.surname == "ЗАГИПАРОВ" and candidate.decision == Decision.PROPOSED
    assert candidate.probability >= 0.5
    texts = [reason["text"] for reason in candidate.reasons]
    assert any(text.startswith("surname: same (Zagghiparov ~ ЗАГИПАРОВ)") for text in texts)
    assert {"comparison", "level", "request", "entry", "weight"} <= set(candidate.reasons[0])


def test_a_new_request_is_matched_against_the_entries_already_loaded(factory, volunteer, organisation):
    load_police_list(volunteer, organisation)
    request = factory.search_request(full_name="Айгерим Сейткалиева", given_name="Айгерим", surname="Сейткалиева",
                                     sex="female", age_min=None, age_max=None, age_on=None, birth_year=1998)  # fmt: skip
    assert matching.match_request.call(request.pk) == 1
    assert Candidate.objects.get(search_request=request).entry.given_name == "Айгерим"


def test_a_decided_candidate_is_never_changed_by_matching_again(factory, volunteer, organisation, lawyer):
    request = factory.search_request()
    load_police_list(volunteer, organisation)
    matching.match_request.call(request.pk)
    candidate = Candidate.objects.get()
    from django.utils import timezone

    Candidate.objects.filter(pk=candidate.pk).update(decision=Decision.REJECTED, decided_by=lawyer,
                                                     decided_at=timezone.now(), probability=0.9)  # fmt: skip
    assert matching.match_request.call(request.pk) == 0
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.probability) == (Decision.REJECTED, 0.9)


def test_the_index_takes_in_what_arrived_since_and_lets_closed_requests_go(factory, volunteer, organisation):
    request = factory.search_request()
    index = matching.index_of(organisation.pk)
    assert f"r{request.pk}" in index.records and len(index) == 1
    load_police_list(volunteer, organisation)
    index = matching.index_of(organisation.pk)
    assert len(index) == 4
    request.status = "closed"
    request.save()
    assert f"r{request.pk}" not in matching.index_of(organisation.pk).records


def test_relink_scores_everyone_with_splink_and_starts_from_the_default_model(factory, volunteer, organisation):
    request = factory.search_request()
    load_police_list(volunteer, organisation)
    assert matching.relink.call(organisation.pk) == 1
    assert Candidate.objects.get().search_request == request
    # Three entries are too few to learn from: nothing saved, the default model served.
    assert not MatchingModel.objects.exists()


def test_izdeu_relink_proposes_the_pairs_of_every_organisation(factory, volunteer, organisation):
    import io

    from django.core.management import CommandError, call_command

    factory.search_request()
    load_police_list(volunteer, organisation)
    out = io.StringIO()
    call_command("relink", stdout=out)
    assert f"{organisation.name}: 1 new candidates" in out.getvalue()
    with pytest.raises(CommandError, match="No organisation is named"):
        call_command("relink", "--organisation", "Nobody")
