"""file_request: one service for every channel, that joins a case only when it is beyond doubt."""

import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import check_password

from izdeu.cases.models import Case, CaseStatus, Priority
from izdeu.notify.models import Message
from izdeu.people.models import Person
from izdeu.review.models import Candidate
from izdeu.searches.intake import RequesterDetails, SoughtPerson, file_request, normalise_code, request_for
from izdeu.searches.models import REFERENCE_ALPHABET, IntakeChannel, SearchRequest

MOTHER = RequesterDetails(name="Гүлнар Загипарова", relationship="parent", preferred_channel="email", language="kk",
                          sharing_scope="organisation", email="gulnar.z@example.kz")  # fmt: skip
BROTHER = RequesterDetails(name="Ерлан Загипаров", relationship="sibling", preferred_channel="phone_call",
                           language="ru", sharing_scope="organisation", phone="+77475550199")  # fmt: skip
NURLAN_LATIN = SoughtPerson(full_name="Nurlan Zagiparov", birth_date=dt.date(1992, 3, 12), birth_year=1992, sex="male")
NURLAN_KAZAKH = SoughtPerson(full_name="Зағыпаров Нұрлан Серікұлы", birth_date=dt.date(1992, 3, 12), birth_year=1992,
                             sex="male")  # fmt: skip


def file(organisation, sought=NURLAN_LATIN, requester=MOTHER, **options):
    return file_request(organisation, sought, requester, channel=options.pop("channel", IntakeChannel.WEB), **options)


def test_a_first_request_opens_a_case_for_a_new_person(organisation):
    filed = file(organisation, SoughtPerson(full_name="Nurlan Zagiparov", age_min=30, age_max=30,
                                            age_on=dt.date(2024, 1, 7), health_needs="диабет, инсулин"))  # fmt: skip
    case = filed.request.case
    assert not filed.joined_existing_case
    assert case.person.full_name == "Nurlan Zagiparov" and case.person.age_min == 30
    # Health needs put the case first in line.
    assert case.priority == Priority.URGENT
    assert filed.request.requester.consent_given_at is not None


def test_the_reference_code_is_short_and_unguessable_and_the_secret_is_kept_only_as_a_hash(organisation):
    codes = {file(organisation, SoughtPerson(full_name=f"Асқар Бекұлы {n}")).request.reference_code for n in range(30)}
    assert len(codes) == 30
    assert all(re.fullmatch(rf"[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}", code) for code in codes)
    filed = file(organisation)
    stored = SearchRequest.objects.get(pk=filed.request.pk)
    assert re.fullmatch(rf"([{REFERENCE_ALPHABET}]{{4}}-){{2}}[{REFERENCE_ALPHABET}]{{4}}", filed.secret)
    assert filed.secret not in stored.secret_hash
    assert check_password(filed.secret, stored.secret_hash)


def test_a_second_relative_asking_with_the_same_iin_joins_the_case(organisation):
    first = file(organisation, SoughtPerson(full_name="Zagiparov Nurlan", iin="920312300127"))
    second = file(organisation, SoughtPerson(full_name="Загипаров Н.С.", iin="920312300127"), BROTHER)
    assert second.joined_existing_case and second.request.case == first.request.case
    assert second.request.requester != first.request.requester
    assert "Загипаров Н.С." in Person.objects.get().other_spellings
    # Two relatives asking make the case worked sooner.
    assert Case.objects.get().priority == Priority.HIGH


def test_names_in_other_scripts_with_the_same_birth_date_join_the_case(organisation):
    first = file(organisation, NURLAN_LATIN)
    second = file(organisation, NURLAN_KAZAKH, BROTHER)
    assert second.joined_existing_case and second.request.case == first.request.case


@pytest.mark.parametrize(
    "other",
    [
        # No birth date to be sure by: a lawyer decides, through the matching candidates.
        SoughtPerson(full_name="Нұрлан Зағыпаров", age_min=29, age_max=31, age_on=dt.date(2022, 1, 7)),
        # Another IIN is another person, however alike the names.
        SoughtPerson(full_name="Nurlan Zagiparov", iin="920312300127", birth_date=dt.date(1992, 3, 12), birth_year=1992),
        # A namesake born the same day is a different person when the names differ.
        SoughtPerson(full_name="Нурлан Жумабаев", birth_date=dt.date(1992, 3, 12), birth_year=1992),
    ],
    ids=["age-only", "other-iin", "other-surname"],
)
def test_when_unsure_a_request_opens_a_new_case(organisation, other):
    first = file(organisation, SoughtPerson(full_name="Nurlan Zagiparov", birth_date=dt.date(1992, 3, 12), birth_year=1992))
    if other.iin:
        Person.objects.filter(pk=first.request.case.person_id).update(iin="911231350108")
    second = file(organisation, other, BROTHER)
    assert not second.joined_existing_case and second.request.case != first.request.case


def test_a_closed_case_is_not_joined(organisation):
    first = file(organisation, SoughtPerson(full_name="Zagiparov Nurlan", iin="920312300127"))
    Case.objects.filter(pk=first.request.case_id).update(status=CaseStatus.CLOSED, closed_at=dt.datetime.now(dt.UTC))
    assert not file(organisation, SoughtPerson(full_name="Zagiparov Nurlan", iin="920312300127")).joined_existing_case


def test_a_case_of_another_organisation_is_never_joined(organisation, other_organisation):
    file(other_organisation, SoughtPerson(full_name="Zagiparov Nurlan", iin="920312300127"))
    assert not file(organisation, SoughtPerson(full_name="Zagiparov Nurlan", iin="920312300127")).joined_existing_case


def test_the_requester_is_told_and_the_request_is_matched_once_saved(organisation, factory,
                                                                    django_capture_on_commit_callbacks):  # fmt: skip
    entry = factory.entry()  # ЗАГИПАРОВ Нурлан Серикович, 12.03.1992, on a police station's list
    with django_capture_on_commit_callbacks(execute=True):
        filed = file(organisation)
    assert Message.objects.filter(search_request=filed.request).count() == 1
    assert Candidate.objects.filter(search_request=filed.request, entry=entry).exists()


def test_a_failure_saves_nothing_at_all(organisation, monkeypatch):
    def broken(search_request):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr("izdeu.searches.intake.request_received", broken)
    with pytest.raises(RuntimeError):
        file(organisation)
    assert not SearchRequest.objects.exists() and not Person.objects.exists() and not Case.objects.exists()


def test_a_phone_request_names_the_volunteer(organisation, volunteer):
    with pytest.raises(ValueError):
        file(organisation, channel=IntakeChannel.PHONE)
    assert file(organisation, channel=IntakeChannel.PHONE, entered_by=volunteer).request.entered_by == volunteer


def test_a_request_is_found_by_its_code_and_secret_as_typed(organisation):
    filed = file(organisation)
    typed_code = filed.request.reference_code.lower().replace("-", " ")
    assert normalise_code(typed_code) == filed.request.reference_code
    assert request_for(typed_code, filed.secret.lower()) == filed.request
    assert request_for(filed.request.reference_code, "AAAA-AAAA-AAAA") is None
    assert request_for("CCCC-CCCC", filed.secret) is None


def test_izdeu_check_warns_when_the_public_organisation_does_not_exist(settings, organisation):
    from izdeu.searches.checks import check_public_organisation

    settings.PUBLIC_ORGANISATION = "Алматы құқық қорғау желісі"
    assert [w.id for w in check_public_organisation(None)] == ["searches.W001"]
    settings.PUBLIC_ORGANISATION = organisation.name
    assert check_public_organisation(None) == []
