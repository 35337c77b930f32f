"""/status in a chat: the status page's facts and rules, with the code alone in the chat that filed the request."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from izdeu.audit.models import AuditEntry
from izdeu.bot.tests.conftest import recorded
from izdeu.facilities.models import FacilityKind
from izdeu.people.models import Certainty, Event, EventKind
from izdeu.searches.models import AttemptPurpose, SearchRequest
from izdeu.searches.throttle import LIMITS, LOOKUPS_REFUSAL

SEVENTH_OF_JANUARY = timezone.make_aware(dt.datetime(2022, 1, 7, 14, 0))


@pytest.fixture
def filed(gulnar):
    """Гүлнар's request about her son, filed in her chat: (the request, the secret she was given)."""
    replies = [gulnar.post(update).json() for update in recorded("intake_kk")]
    secret = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", replies[-1]["text"]).group(0)
    return SearchRequest.objects.select_related("case__person").get(), secret


@pytest.fixture
def held_at_ivs(filed, factory, lawyer):
    ivs = factory.facility(kind=FacilityKind.TEMPORARY_DETENTION, name_ru="ИВС ДП г. Алматы",
                           name_kk="Алматы қ. ПД уақытша ұстау изоляторы", name_en="Almaty police temporary detention centre")  # fmt: skip
    return confirm(filed[0], lawyer, EventKind.DETAINED, facility=ivs)


def confirm(request, lawyer, kind, **fields) -> Event:
    return Event.objects.create(person=request.case.person, kind=kind, certainty=Certainty.CONFIRMED,
                                occurred_at=SEVENTH_OF_JANUARY, recorded_by=lawyer, reported_by=lawyer, **fields)  # fmt: skip


def test_the_chat_that_filed_the_request_sees_its_status_with_the_code_alone(gulnar, filed, held_at_ivs):
    request, _secret = filed
    text = gulnar.send(f"/status {request.reference_code.lower().replace('-', ' ')}")["text"]
    # Her Telegram speaks Russian and the conversation is over: the answer is in Russian.
    assert "Содержится в ИВС ДП г. Алматы с 7 января 2022" in text
    assert request.reference_code in text
    # The status page's advice for a detention.
    assert text.count("•") >= 3
    assert AuditEntry.objects.filter(actor="public:telegram", object_type="searches.searchrequest",
                                     object_ids=[str(request.pk)], action="read").exists()  # fmt: skip


def test_another_chat_needs_the_secret(yerlan, filed, held_at_ivs):
    request, secret = filed
    without = yerlan.send(f"/status {request.reference_code}")["text"]
    assert "ИВС" not in without and "/status" in without
    with_secret = yerlan.send(f"/status {request.reference_code} {secret}")["text"]
    assert "ИВС ДП г. Алматы" in with_secret


def test_a_wrong_secret_and_a_wrong_code_get_the_same_answer(yerlan, filed):
    request, secret = filed
    wrong_secret = yerlan.send(f"/status {request.reference_code} ACDF-EFGH-JKMN")["text"]
    wrong_code = yerlan.send(f"/status KMNP-QRTU {secret}")["text"]
    assert wrong_secret == wrong_code
    # A code without a secret reads the same whether or not the code exists.
    assert yerlan.send(f"/status {request.reference_code}")["text"] == yerlan.send("/status KMNP-QRTU")["text"]
    assert AuditEntry.objects.filter(actor="public:telegram", detail="status_lookup=refused").count() == 4


def test_a_death_is_never_told_in_the_chat(gulnar, filed, held_at_ivs, lawyer):
    request, _secret = filed
    confirm(request, lawyer, EventKind.DIED, place_text="Алматы қалалық сот-медициналық сараптама моргі")
    text = gulnar.send(f"/status {request.reference_code}")["text"]
    assert "морг" not in text.lower() and "ИВС" not in text
    assert "Содержится" not in text and "•" not in text
    assert request.reference_code in text


def test_guessing_a_code_is_stopped_after_the_status_pages_limit(yerlan, filed):
    request, secret = filed
    limit, _window = LIMITS[AttemptPurpose.STATUS_CODE]
    for attempt in range(limit):
        yerlan.send(f"/status {request.reference_code} ACDF-EFGH-JK{attempt:02d}")
    refused = yerlan.send(f"/status {request.reference_code} {secret}")["text"]
    with translation.override("ru"):
        assert refused == str(LOOKUPS_REFUSAL)


def test_status_without_a_code_says_how_to_ask(gulnar):
    assert "/status" in gulnar.send("/status")["text"]
