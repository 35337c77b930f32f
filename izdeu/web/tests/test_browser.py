"""A coordinator's first minutes, in a real browser: sign in with a code, look around, switch
language. Every page must work under the Content-Security-Policy, which blocks inline code."""

import pyotp

from izdeu.accounts.testing import give_authenticator
from izdeu.conftest import PASSWORD
from izdeu.tests.screens import shoot


def sign_in(page, user, code):
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/accounts/verify/**")
    page.fill("input[name=code]", code)
    page.click("button.primary")
    page.wait_for_url("**/en/overview/")


def test_a_coordinator_signs_in_with_a_code_and_every_page_respects_the_policy(page, coordinator):
    device = give_authenticator(coordinator)
    sign_in(page, coordinator, pyotp.TOTP(device.secret).now())
    assert page.locator("h1").inner_text() == "Overview"
    shoot(page, "overview", "izdeu-web")
    for address, heading in [("/en/exports/", "Exports"), ("/en/audit/", "Audit log"), ("/en/accounts/sessions/", "My sessions")]:
        page.goto(address)
        assert page.locator("h1").inner_text() == heading
    page.goto("/en/overview/")
    page.click("button[lang=kk]")
    page.wait_for_url("**/kk/overview/")
    assert page.locator("h1").inner_text() == "Шолу"
    assert page.errors == []


def test_a_stolen_password_alone_opens_nothing(page, coordinator):
    give_authenticator(coordinator)
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", coordinator.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/accounts/verify/**")
    page.goto("/en/overview/")
    assert "/accounts/verify/" in page.url
