"""The status page: confirmed facts and advice for the one who holds the code and the secret, never a death,
and nothing that helps someone guess."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from izdeu.audit.models import AuditEntry
from izdeu.facilities.models import FacilityKind
from izdeu.people.models import Certainty, Event, EventKind
from izdeu.searches import intake
from izdeu.searches.intake import RequesterDetails, SoughtPerson, file_request
from izdeu.searches.models import IntakeChannel
from izdeu.searches.throttle import LIMITS

SEVENTH_OF_JANUARY = timezone.make_aware(dt.datetime(2022, 1, 7, 14, 0))


@pytest.fixture
def filed(organisation):
    return file_request(
        organisation,
        SoughtPerson(full_name="Nurlan Zagiparov", birth_date=dt.date(1992, 3, 12), birth_year=1992, sex="male"),
        RequesterDetails(name="Гүлнар Загипарова", relationship="parent", preferred_channel="phone_call",
                         language="kk", sharing_scope="organisation", phone="+77015550142"),  # fmt: skip
        channel=IntakeChannel.WEB,
    )


@pytest.fixture
def ivs(factory):
    return factory.facility(kind=FacilityKind.TEMPORARY_DETENTION, name_ru="ИВС ДП г. Алматы",
                            name_kk="Алматы қ. ПД уақытша ұстау изоляторы", name_en="Almaty police temporary detention centre")  # fmt: skip


def event(filed, lawyer, kind, certainty=Certainty.CONFIRMED, **fields) -> Event:
    fields = {"occurred_at": SEVENTH_OF_JANUARY} | fields
    return Event.objects.create(person=filed.request.case.person, kind=kind, certainty=certainty, recorded_by=lawyer,
                                reported_by=lawyer, **fields)  # fmt: skip


def look_up(client, filed, language="ru", code=None, secret=None, address="10.0.0.7"):
    data = {"code": code or filed.request.reference_code, "secret": secret or filed.secret}
    return client.post(f"/{language}/status/", data, REMOTE_ADDR=address)


def test_the_status_form_asks_for_code_and_secret_by_post(client, db):
    html = client.get("/kk/status/").content.decode()
    assert 'method="post"' in html and 'name="code"' in html and 'name="secret"' in html


def test_a_confirmed_detention_is_shown_with_its_facility_and_advice(client, filed, lawyer, ivs):
    event(filed, lawyer, EventKind.DETAINED, facility=ivs)
    event(filed, lawyer, EventKind.TRANSFERRED, certainty=Certainty.PROBABLE, destination_text="СИЗО-1")
    html = look_up(client, filed, language="en").content.decode()
    assert "Held at Almaty police temporary detention centre since 7 January 2022." in html
    assert "right to a lawyer from the moment of detention" in html
    # Only what a person confirmed.
    assert "СИЗО-1" not in html
    ru = look_up(client, filed, language="ru").content.decode()
    assert "ИВС ДП г. Алматы" in ru and "января 2022" in ru


def test_a_move_to_a_pretrial_centre_gives_the_parcel_advice(client, filed, lawyer, ivs, factory):
    sizo = factory.facility(kind=FacilityKind.PRETRIAL_DETENTION, name_ru="СИЗО-1 г. Алматы", name_en="Almaty SIZO-1")
    event(filed, lawyer, EventKind.DETAINED, facility=ivs)
    event(filed, lawyer, EventKind.TRANSFERRED, destination_facility=sizo,
          occurred_at=SEVENTH_OF_JANUARY + dt.timedelta(days=3))  # fmt: skip
    html = look_up(client, filed, language="en").content.decode()
    assert "Moved to Almaty SIZO-1 on 10 January 2022." in html
    assert "parcels are accepted on set days" in html


def test_nothing_confirmed_yet_says_so(client, filed):
    html = look_up(client, filed, language="en").content.decode()
    assert "Nothing is confirmed yet." in html


def test_a_confirmed_death_is_never_shown_only_a_personal_contact(client, filed, lawyer, ivs, factory):
    morgue = factory.facility(kind=FacilityKind.MORGUE, name_ru="Городской морг г. Алматы", name_en="Almaty city morgue")
    event(filed, lawyer, EventKind.DETAINED, facility=ivs)
    event(filed, lawyer, EventKind.DIED, facility=morgue, cause_of_death="огнестрельное ранение")
    html = look_up(client, filed, language="en").content.decode()
    assert "A member of our team will contact you personally." in html
    for word in ("morgue", "died", "death", "Died", "temporary detention", "What you can do"):
        assert word not in html


def test_another_relatives_details_are_never_shown(client, filed, organisation):
    brother = file_request(
        organisation,
        SoughtPerson(full_name="Загипаров Нурлан Серикович", birth_date=dt.date(1992, 3, 12), birth_year=1992, sex="male"),
        RequesterDetails(name="Ерлан Загипаров", relationship="sibling", preferred_channel="phone_call", language="ru",
                         sharing_scope="organisation", phone="+77475550199"),  # fmt: skip
        channel=IntakeChannel.WEB,
    )
    assert brother.request.case == filed.request.case
    html = look_up(client, brother).content.decode()
    assert brother.request.reference_code in html
    for theirs in ("Гүлнар", "Загипарова", "7015550142", filed.request.reference_code, "Nurlan Zagiparov"):
        assert theirs not in html


def _without_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_wrong_code_and_a_wrong_secret_get_the_same_answer_and_the_same_work(client, filed, monkeypatch):
    checks = []
    real = intake.check_password
    monkeypatch.setattr(intake, "check_password", lambda *args: checks.append(args[1][:10]) or real(*args))
    wrong_secret = look_up(client, filed, code=filed.request.reference_code, secret="ACDE-FGHJ-KMNP")
    wrong_code = look_up(client, filed, code="ACDE-FGHJ", secret=filed.secret)
    assert wrong_secret.status_code == wrong_code.status_code == 200
    assert _without_token(wrong_secret.content.decode()).replace(filed.request.reference_code, "ACDE-FGHJ") == _without_token(
        wrong_code.content.decode()
    )
    # One password check each, with the same hasher: the same time whichever was wrong.
    assert len(checks) == 2 and checks[0] == checks[1]


def test_every_lookup_is_audited_without_the_secret(client, filed):
    look_up(client, filed, secret="ACDE-FGHJ-KMNP")
    look_up(client, filed)
    entries = list(AuditEntry.objects.filter(actor="public:web", action="read").order_by("sequence"))
    assert "status_lookup=refused" in [e.detail for e in entries]
    assert any(str(filed.request.pk) in e.object_ids for e in entries if e.object_type == "searches.searchrequest")
    secret_letters = filed.secret.replace("-", "")
    for entry in AuditEntry.objects.all():
        assert filed.secret not in entry.canonical().decode() and secret_letters not in entry.canonical().decode()


def test_guessing_at_one_code_is_stopped_even_from_many_addresses(client, filed):
    limit, _window = LIMITS["status_code"]
    for n in range(limit):
        look_up(client, filed, secret="ACDE-FGHJ-KMNP", address=f"10.0.1.{n}")
    refused = look_up(client, filed, address="10.0.2.1")  # the right secret, too late
    assert refused.status_code == 429
    assert "Nothing is confirmed yet" not in refused.content.decode()


def test_guessing_from_one_address_is_stopped_whatever_the_code(client, filed):
    limit, _window = LIMITS["status_address"]
    for n in range(limit):
        look_up(client, filed, code=f"ACDE-{n:04d}", secret="ACDE-FGHJ-KMNP")
    assert look_up(client, filed).status_code == 429
    assert look_up(client, filed, address="10.0.0.8").status_code == 200
