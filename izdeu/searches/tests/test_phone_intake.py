"""Phone intake: a volunteer types a request in during a call, keyboard first."""

import re

from izdeu.searches.models import IntakeChannel, SearchRequest
from izdeu.searches.tests.conftest import request_data


def test_a_volunteer_takes_a_request_by_phone(client, volunteer, factory):
    factory.facility(name_ru="ИВС ДП г. Алматы", kind="temporary_detention")
    client.force_login(volunteer)
    page = client.get("/ru/intake/").content.decode()
    # The first field has the focus, and "taken to" suggests the facilities without a script.
    assert re.search(r'<input[^>]*name="full_name"[^>]*autofocus', page)
    assert '<datalist id="facility-names">' in page and '<option value="ИВС ДП г. Алматы">' in page
    assert 'list="facility-names"' in page
    data = request_data(full_name="Загипаров Нурлан", last_seen_place="ИВС ДП г. Алматы", requester_email="")
    for field in ("website", "challenge", "answer"):
        del data[field]
    response = client.post("/ru/intake/", data)
    saved = SearchRequest.objects.get()
    assert (saved.channel, saved.entered_by) == (IntakeChannel.PHONE, volunteer)
    assert saved.reference_code in response.content.decode()


def test_the_fields_follow_the_conversation(client, volunteer):
    client.force_login(volunteer)
    page = client.get("/en/intake/").content.decode()
    order = [page.index(f'name="{name}"') for name in ("full_name", "birth", "last_seen_place", "requester_name", "consent")]
    assert order == sorted(order)


def test_lawyers_and_the_public_cannot_use_phone_intake(client, lawyer, db):
    assert client.get("/en/intake/").status_code == 302  # to sign-in
    client.force_login(lawyer)
    assert client.get("/en/intake/").status_code == 403
