"""A lawyer works the review queue on a phone with the keyboard alone, under the Content-Security-Policy.
Every name is fictional."""

import pyotp

from izdeu.accounts.testing import give_authenticator
from izdeu.cases.models import Priority
from izdeu.people.models import Event, EventKind
from izdeu.review.models import Decision
from izdeu.review.tests.test_pages import queued
from izdeu.tests.screens import shoot
from izdeu.web.tests.test_browser import sign_in


def tab_to(page, text: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} cannot be reached with Tab")


def test_a_lawyer_confirms_and_rejects_by_keyboard_alone_on_a_phone(page, lawyer, factory):
    source = factory.source()
    likely = queued(factory, "Загипаров Нурлан", priority=Priority.HIGH, probability=0.95, row_number=1, source=source)
    unlikely = queued(factory, "Сейткали Данияр", probability=0.2, row_number=2, source=source)
    device = give_authenticator(lawyer)
    sign_in(page, lawyer, pyotp.TOTP(device.secret).now())

    page.goto("/en/review/")
    shoot(page, "queue", "review-shots")
    tab_to(page, "Review the first one")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/en/review/{likely.pk}/")
    shoot(page, "candidate", "review-shots")
    assert page.evaluate("document.activeElement.id") == "id_reason"  # ready to type
    page.keyboard.type("ИИН и дата рождения совпадают")
    page.keyboard.press("Enter")  # the first button: confirm, the likely action

    page.wait_for_url(f"**/en/review/{unlikely.pk}/")
    shoot(page, "next-candidate", "review-shots")
    page.keyboard.type("Другой человек: 1975 г.р.")
    page.keyboard.press("Enter")  # here the first button is reject
    page.wait_for_url("**/en/review/")
    assert "Nothing is waiting for review." in page.content()
    shoot(page, "queue-done", "review-shots")

    likely.refresh_from_db()
    unlikely.refresh_from_db()
    assert (likely.decision, likely.decision_reason) == (Decision.CONFIRMED, "ИИН и дата рождения совпадают")
    assert (unlikely.decision, unlikely.decision_reason) == (Decision.REJECTED, "Другой человек: 1975 г.р.")
    assert Event.objects.get().kind == EventKind.DETAINED
    assert page.errors == []


def test_a_coordinator_reads_a_timeline_with_a_conflicting_claim(page, coordinator, lawyer, factory):
    from izdeu.facilities.models import FacilityKind
    from izdeu.lists.models import SourceKind
    from izdeu.review import decisions

    likely = queued(factory, "Загипаров Нурлан", probability=0.95, source=factory.source(facility=factory.facility()))
    decisions.confirm(likely, lawyer, "ИИН совпадает")
    hospital = factory.facility(kind=FacilityKind.HOSPITAL, name_ru="ГКБ №7 г. Алматы", name_kk="Алматы қ. №7 ҚКА",
                                name_en="City hospital No. 7, Almaty")  # fmt: skip
    admitted = factory.source(name="ГКБ №7, поступившие 7 января", kind=SourceKind.HOSPITAL, facility=hospital)
    decisions.confirm(factory.candidate(entry=factory.entry(source=admitted), search_request=likely.search_request), lawyer)
    court = factory.source(name="Алмалинский районный суд, 10 января", kind=SourceKind.COURT)
    factory.candidate(entry=factory.entry(source=court), search_request=likely.search_request, probability=0.4)
    device = give_authenticator(coordinator)
    sign_in(page, coordinator, pyotp.TOTP(device.secret).now())

    page.goto(f"/en/people/{likely.search_request.case.person_id}/")
    assert page.locator(".timeline-day.conflict .event").count() == 2
    page.click("text=Show contact details")
    page.wait_for_selector("dl.contacts")
    shoot(page, "person", "review-shots")
    assert page.errors == []
