"""Two-factor sign-in: required for lawyers, coordinators and administrators, optional for volunteers."""

import datetime as dt
import re
from urllib.parse import quote

from izdeu.accounts import twofactor
from izdeu.accounts.models import ApiToken, TotpDevice
from izdeu.accounts.testing import give_authenticator
from izdeu.accounts.tests.conftest import OVERVIEW, TWO_FACTOR, VERIFY, code_for, location, sign_in
from izdeu.conftest import PASSWORD

STEP = dt.timedelta(seconds=30)


def test_a_lawyer_without_an_authenticator_is_sent_to_set_one_up_from_every_page(client, lawyer):
    assert location(sign_in(client, lawyer)) == f"{TWO_FACTOR}?next={quote(OVERVIEW, safe='')}"
    assert location(client.get(OVERVIEW)) == f"{TWO_FACTOR}?next={quote(OVERVIEW, safe='')}"
    assert client.get("/en/accounts/sessions/").status_code == 302


def test_setting_up_shows_a_qr_code_and_the_key_then_the_recovery_codes_once(client, lawyer, clock):
    sign_in(client, lawyer)
    page = client.get(TWO_FACTOR).content.decode()
    device = TotpDevice.objects.get(user=lawyer, confirmed_at__isnull=True)
    assert re.search(r'<svg [^>]*class="qr"', page) and "<path" in page
    assert " ".join(re.findall(".{1,4}", device.secret)) in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page

    shown = client.post(TWO_FACTOR, {"code": code_for(device, clock.now), "next": OVERVIEW})
    codes = re.findall(r"<code>([0-9a-z]{4}(?:-[0-9a-z]{4}){3})</code>", shown.content.decode())
    assert shown.status_code == 200 and len(set(codes)) == 10
    assert client.get(OVERVIEW).status_code == 200
    assert not any(code in client.get(TWO_FACTOR).content.decode() for code in codes)


def test_the_set_up_page_keeps_the_same_key_until_it_is_confirmed(client, lawyer):
    sign_in(client, lawyer)
    client.get(TWO_FACTOR)
    first = TotpDevice.objects.get(user=lawyer).secret
    client.get(TWO_FACTOR)
    assert TotpDevice.objects.get(user=lawyer).secret == first


def test_a_wrong_first_code_does_not_turn_two_factor_on(client, lawyer, clock):
    sign_in(client, lawyer)
    client.get(TWO_FACTOR)
    device = TotpDevice.objects.get(user=lawyer)
    wrong = f"{(int(code_for(device, clock.now)) + 1) % 1_000_000:06d}"
    response = client.post(TWO_FACTOR, {"code": wrong})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert twofactor.confirmed_device(lawyer) is None
    assert location(client.get(OVERVIEW)).startswith(TWO_FACTOR)


def test_signing_in_with_an_authenticator_asks_for_its_code(client, coordinator, clock):
    device = give_authenticator(coordinator)
    assert location(sign_in(client, coordinator)).startswith(VERIFY)
    assert location(client.get(OVERVIEW)).startswith(VERIFY)
    assert location(client.post(VERIFY, {"code": code_for(device, clock.now), "next": OVERVIEW})) == OVERVIEW
    assert client.get(OVERVIEW).status_code == 200


def test_a_wrong_code_is_refused(client, coordinator, clock):
    device = give_authenticator(coordinator)
    sign_in(client, coordinator)
    wrong = f"{(int(code_for(device, clock.now)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert location(client.get(OVERVIEW)).startswith(VERIFY)


def test_a_code_cannot_be_used_twice(client, coordinator, clock):
    device = give_authenticator(coordinator)
    code = code_for(device, clock.now)
    sign_in(client, coordinator)
    client.post(VERIFY, {"code": code})
    client.post("/en/accounts/sign-out/")

    sign_in(client, coordinator)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert location(client.get(OVERVIEW)).startswith(VERIFY)


def test_codes_one_step_early_or_late_are_accepted_and_further_ones_are_not(client, coordinator, clock):
    device = give_authenticator(coordinator)
    assert twofactor.verify_code(device, code_for(device, clock.now - STEP))
    assert twofactor.verify_code(device, code_for(device, clock.now + STEP))
    clock.advance(minutes=5)
    assert not twofactor.verify_code(device, code_for(device, clock.now - 2 * STEP))
    assert not twofactor.verify_code(device, code_for(device, clock.now + 2 * STEP))


def test_a_code_older_than_one_already_used_is_refused(coordinator, clock):
    device = give_authenticator(coordinator)
    earlier = code_for(device, clock.now - STEP)
    assert twofactor.verify_code(device, code_for(device, clock.now))
    assert not twofactor.verify_code(device, earlier)


def test_a_recovery_code_signs_in_once(client, administrator, clock):
    device = give_authenticator(administrator)
    first, second, *_rest = twofactor.issue_recovery_codes(device)
    sign_in(client, administrator)
    assert location(client.post(VERIFY, {"recovery_code": first, "next": OVERVIEW})) == OVERVIEW
    assert "9 codes are left" in client.get(OVERVIEW).content.decode()
    client.post("/en/accounts/sign-out/")

    sign_in(client, administrator)
    assert client.post(VERIFY, {"recovery_code": first}).status_code == 200
    # Typed by hand: upper case, spaces instead of dashes, O for 0.
    by_hand = second.upper().replace("-", " ").replace("0", "O")
    assert location(client.post(VERIFY, {"recovery_code": by_hand})) == OVERVIEW


def test_volunteers_are_not_asked_for_a_second_factor(client, volunteer):
    assert location(sign_in(client, volunteer)) == OVERVIEW
    assert client.get(OVERVIEW).status_code == 200


def test_a_volunteer_who_sets_up_an_authenticator_is_asked_for_it_from_then_on(client, volunteer, clock):
    sign_in(client, volunteer)
    client.get(TWO_FACTOR)
    device = TotpDevice.objects.get(user=volunteer)
    client.post(TWO_FACTOR, {"code": code_for(device, clock.now)})
    client.post("/en/accounts/sign-out/")
    clock.advance(seconds=30)
    assert location(sign_in(client, volunteer)).startswith(VERIFY)


def test_the_admin_site_waits_for_the_code_too(client, administrator):
    give_authenticator(administrator)
    sign_in(client, administrator)
    assert "/accounts/verify/?next=%2Fadmin%2F" in location(client.get("/admin/"))


def test_the_api_documentation_waits_for_the_second_factor(client, lawyer):
    sign_in(client, lawyer)
    assert "/accounts/two-factor/" in location(client.get("/api/docs"))


def test_api_tokens_work_whatever_the_session_says(client, lawyer):
    _token, secret = ApiToken.issue(lawyer, "hospital list sync")
    sign_in(client, lawyer)
    response = client.get("/api/me", headers={"authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_the_admin_sites_own_sign_in_form_sends_people_to_izdeus(client, administrator):
    response = client.post("/admin/login/?next=/admin/", {"username": administrator.username, "password": "x"})
    assert "/accounts/sign-in/?next=/admin/" in location(response)
    assert "_auth_user_id" not in client.session


def test_new_recovery_codes_replace_the_old_ones_after_the_password_is_confirmed(client, lawyer, clock):
    device = give_authenticator(lawyer)
    old = twofactor.issue_recovery_codes(device)
    client.force_login(lawyer)
    assert "/accounts/confirm/" in location(client.post("/en/accounts/two-factor/recovery-codes/"))
    client.post("/en/accounts/confirm/", {"password": PASSWORD, "code": code_for(device, clock.now)})
    new = client.post("/en/accounts/two-factor/recovery-codes/")
    assert new.status_code == 200
    assert not twofactor.use_recovery_code(device, old[0])
    assert twofactor.recovery_codes_left(device) == 10


def test_a_lawyer_who_removes_the_authenticator_sets_up_a_new_one_at_once(client, lawyer, clock):
    device = give_authenticator(lawyer)
    client.force_login(lawyer)
    client.post("/en/accounts/confirm/", {"password": PASSWORD, "code": code_for(device, clock.now)})
    assert location(client.post("/en/accounts/two-factor/remove/")) == TWO_FACTOR
    assert not TotpDevice.objects.filter(pk=device.pk).exists()
    assert location(client.get(OVERVIEW)).startswith(TWO_FACTOR)



def test_the_authenticator_secret_is_encrypted_at_rest(lawyer):
    from django.db import connection

    from izdeu.accounts.testing import give_authenticator

    device = give_authenticator(lawyer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert device.secret not in stored and stored.startswith("enc1:")
