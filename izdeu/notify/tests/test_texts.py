"""The words each requester reads, in their own language, rendered at delivery."""

import datetime as dt

import pytest

from izdeu.facilities.models import FacilityKind
from izdeu.notify.models import Message, MessageChannel, MessageKind
from izdeu.notify.texts import render
from izdeu.people.models import EventKind, TimePrecision

pytestmark = pytest.mark.django_db


def message_for(search_request, kind, channel=MessageChannel.EMAIL, event=None, language=None):
    # Unsaved: the words depend only on the message, its request and its event.
    return Message(
        organisation=search_request.requester.organisation,
        search_request=search_request,
        requester=search_request.requester,
        event=event,
        kind=kind,
        channel=channel,
        language=language or search_request.requester.language,
    )


@pytest.mark.parametrize(
    "language, subject, located",
    [
        ("kk", "izdeu: {code} өтініші бойынша жаңалық", "{code} өтінішіңіздегі адам 7 қаңтар күнінен бері ұсталып отыр. Орны: Алматы қ. ПД ИУО."),
        ("ru", "izdeu: новости по заявке {code}", "Человек, о котором вы спрашивали в заявке {code}, содержится под стражей с 7 января. Место: ИВС ДП г. Алматы."),
        ("en", "izdeu: news on request {code}", "The person you asked about in request {code} is held at Almaty police temporary detention centre since 7 January."),
    ],
)
def test_a_located_message_says_where_and_since_when_in_the_requesters_language(
    events, request_by_mother, language, subject, located
):
    code = request_by_mother.reference_code
    event = events.confirm(request_by_mother.case)

    rendered_subject, text = render(message_for(request_by_mother, MessageKind.LOCATED, event=event, language=language))

    assert rendered_subject == subject.format(code=code)
    assert text.startswith(located.format(code=code))
    assert f"http://127.0.0.1:8000/{language}/status/" in text


@pytest.mark.parametrize(
    "language, received",
    [
        ("kk", "Өтінішіңізді алдық. Оның коды: {code}."),
        ("ru", "Мы получили вашу заявку. Её код: {code}."),
        ("en", "We have received your request. Its reference code is {code}."),
    ],
)
def test_the_received_message_gives_the_reference_code_and_the_status_page(request_by_mother, language, received):
    subject, text = render(message_for(request_by_mother, MessageKind.RECEIVED, language=language))

    assert text.startswith(received.format(code=request_by_mother.reference_code))
    assert f"/{language}/status/" in text
    # The secret is never repeated in a message: the status page asks for it.
    assert "secret=" not in text and "?" not in text.split("/status/")[1][:2]


def test_a_move_names_the_new_place(factory, events, request_by_mother):
    sizo = factory.facility(kind=FacilityKind.PRETRIAL_DETENTION, name_kk="", name_ru="СИЗО-1 г. Алматы", name_en="")
    event = events.confirm(request_by_mother.case, EventKind.TRANSFERRED, destination_facility=sizo)

    _, text = render(message_for(request_by_mother, MessageKind.MOVED, event=event, language="ru"))

    assert text.startswith(
        f"Человека, о котором вы спрашивали в заявке {request_by_mother.reference_code}, 7 января перевели. "
        "Новое место: СИЗО-1 г. Алматы."
    )
    assert "Передачи и свидания теперь — по новому месту." in text


def test_a_court_date_known_to_the_minute_gives_the_time(factory, events, request_by_mother):
    court = factory.facility(kind=FacilityKind.COURT, name_kk="Алматы қаласы Алмалы аудандық соты", name_ru="Алмалинский районный суд", name_en="Almaly District Court")
    hearing = dt.datetime(2022, 1, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=6)))
    event = events.confirm(request_by_mother.case, EventKind.COURT_HEARING, facility=court, occurred_at=hearing,
                           time_precision=TimePrecision.EXACT)  # fmt: skip

    _, text = render(message_for(request_by_mother, MessageKind.COURT_DATE, event=event))

    assert "сот отырысы тағайындалды. Уақыты: 10 қаңтар, 10:00. Орны: Алматы қаласы Алмалы аудандық соты." in text


def test_a_release_on_an_unknown_day_says_only_that_they_were_released(events, request_by_mother):
    event = events.confirm(request_by_mother.case, EventKind.RELEASED, occurred_at=None)

    _, text = render(message_for(request_by_mother, MessageKind.RELEASED, event=event, language="en"))

    assert text.startswith(f"The person you asked about in request {request_by_mother.reference_code} has been released.")


def test_a_hospital_is_not_called_detention(factory, events, request_by_mother):
    hospital = factory.facility(kind=FacilityKind.HOSPITAL, name_kk="", name_ru="ГКБ №4 г. Алматы", name_en="")
    event = events.confirm(request_by_mother.case, EventKind.HOSPITALISED, facility=hospital)

    _, text = render(message_for(request_by_mother, MessageKind.LOCATED, event=event, language="ru"))

    assert "находится в больнице. Место: ГКБ №4 г. Алматы." in text
    assert "под стражей с" not in text


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_an_sms_in_any_language_holds_the_code_and_the_call_back_number_only(settings, events, request_by_mother, language):
    settings.SMS_CALLBACK_NUMBER = "+7 727 355 01 22"
    event = events.confirm(request_by_mother.case)

    _, text = render(message_for(request_by_mother, MessageKind.LOCATED, MessageChannel.SMS, event, language))

    assert request_by_mother.reference_code in text and "+7 727 355 01 22" in text
    leftover = text.replace(request_by_mother.reference_code, "").replace("+7 727 355 01 22", "")
    for revealing in ("Загипаров", "Нурлан", "Zagghiparov", "ИВС", "ИУО", "Almaty", "Алматы", "status"):
        assert revealing not in leftover
