"""A relative files a request from a phone, in a real browser under the Content-Security-Policy,
then looks up its status; a volunteer takes one by phone with the keyboard only."""

import re

import pytest

from izdeu.conftest import PASSWORD
from izdeu.searches.models import SearchRequest
from izdeu.tests.screens import shoot


def answer_sum(page) -> None:
    a, b = re.search(r"(\d+)\D+(\d+)", page.text_content("label[for=id_answer]")).groups()
    page.fill("#id_answer", str(int(a) + int(b)))


@pytest.mark.django_db(transaction=True)
def test_a_relative_files_a_request_at_phone_width_and_looks_up_its_status(page, settings, organisation):
    settings.PUBLIC_ORGANISATION = organisation.name
    page.goto("/kk/request/")
    shoot(page, "request-form", "searches-shots")
    page.fill("#id_full_name", "Nurlan Zagiparov")
    page.fill("#id_birth", "12.03.1992")
    page.check("#id_sex_0")
    page.fill("#id_iin", "920312300128")  # one digit wrong
    page.fill("#id_last_seen_place", "Республика алаңы")
    page.fill("#id_requester_name", "Гүлнар Загипарова")
    page.select_option("#id_relationship", "parent")
    page.fill("#id_requester_phone", "+7 701 555 01 42")
    page.select_option("#id_preferred_channel", "phone_call")
    page.check("#id_consent")
    answer_sum(page)
    page.click("button.primary")
    # The mistake is pointed out, and what was typed is still there.
    assert page.locator("#id_iin_error").is_visible()
    assert page.input_value("#id_full_name") == "Nurlan Zagiparov"
    shoot(page, "request-form-errors", "searches-shots")
    page.fill("#id_iin", "920312300127")
    page.click("button.primary")
    page.wait_for_selector("dl.codes")
    shoot(page, "request-filed", "searches-shots")
    code, secret = page.locator("dl.codes code").all_text_contents()
    assert SearchRequest.objects.get().reference_code == code

    page.goto("/kk/status/")
    page.fill("#status-code", code.lower())
    page.fill("#status-secret", secret)
    page.click("button.primary")
    page.wait_for_selector("ul.advice")
    shoot(page, "status", "searches-shots")
    assert page.errors == []


def test_a_volunteer_takes_a_request_with_the_keyboard_only(page, volunteer, factory):
    factory.facility(name_ru="ИВС ДП г. Алматы", kind="temporary_detention")
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", volunteer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/en/overview/")
    page.goto("/en/intake/")
    # The name field has the focus; Enter moves on instead of sending a half-filled form.
    page.keyboard.type("Загипаров Нурлан")
    page.keyboard.press("Enter")
    page.keyboard.type("30 лет")
    assert page.input_value("#id_birth") == "30 лет"
    page.fill("#id_last_seen_place", "ИВС")
    shoot(page, "phone-intake", "searches-shots")
    page.fill("#id_last_seen_place", "ИВС ДП г. Алматы")
    page.fill("#id_requester_name", "Гүлнар Загипарова")
    page.select_option("#id_relationship", "parent")
    page.fill("#id_requester_phone", "87015550142")
    page.check("#id_consent")
    page.focus("#id_requester_phone")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("dl.codes")
    assert SearchRequest.objects.get().entered_by == volunteer
    assert page.errors == []
