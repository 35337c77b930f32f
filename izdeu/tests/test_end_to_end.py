"""Issue 6, "done when": a family's whole loop, in a real browser under the Content-Security-Policy.

A mother asks from her phone, in Kazakh written in Latin letters, about her son; a volunteer loads
a police station's list that has him in Russified Cyrillic; the matching engine proposes him; a
lawyer confirms him side by side; the mother receives an email (through a real SMTP conversation)
naming the station, and her status page shows it. Everyone works in their own browser, so nobody
shares a session. Every name is fictional.
"""

import re

import pyotp
import pytest

from izdeu.accounts.testing import give_authenticator
from izdeu.conftest import PASSWORD
from izdeu.notify.tests.conftest import smtp_sink  # noqa: F401 (a fixture)
from izdeu.review import matching
from izdeu.review.models import Candidate, Decision
from izdeu.searches.models import SearchRequest
from izdeu.searches.tests.test_browser import answer_sum
from izdeu.tests.screens import shoot

MOTHER_EMAIL = "gulnar.zagiparova@mail.kz"

# A police station's list as a volunteer receives it: a title line, Russian headers, names in
# Russified Cyrillic, saved by Excel on Windows. "Время доставления" is a header izdeu does not know.
POLICE_LIST = "\n".join([
    "Список доставленных в УП Медеуского района г. Алматы 07.01.2022",
    "№;ФИО;Дата рождения;Адрес проживания;Время доставления;Примечание",
    "1;ОМАРОВ Ерболат Кайратович;1987;г. Алматы, мкр. Аксай-4, д. 12;07.01.2022;",
    "2;ЗАГИПАРОВ Нурлан Серикович;12.03.1992;г. Алматы, мкр. Самал-2, д. 15;07.01.2022;",
    "3;ЖУМАБАЕВ Асет Ерланович;04.11.1998;г. Алматы, ул. Толе би, 101;07.01.2022;",
    "4;ИСКАКОВА Дана Маратовна;21.06.2001;Алматинская обл., г. Каскелен;07.01.2022;доставлена с площади",
]).encode("cp1251")  # fmt: skip


@pytest.fixture
def desk(browser, live_server):
    """Opens a staff member's own browser at desktop width (their own cookies, so nobody shares a
    session with the relative); ``tab.errors`` collects console errors as ``page`` does."""
    contexts = []

    def open_tab():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.errors = []
        tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    # The live server's thread shares this process's matching index, kept per organisation id;
    # ids come back after another test's rows are flushed, so each test starts with none.
    matching._held.clear()
    yield
    matching._held.clear()


def sign_in(tab, user, authenticator=None) -> None:
    """Sign in at the Russian pages, typing the authenticator's code when the role needs one."""
    tab.goto("/ru/accounts/sign-in/")
    tab.fill("#id_username", user.username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button.primary")
    if authenticator is not None:
        tab.wait_for_url("**/accounts/verify/**")
        tab.fill("input[name=code]", pyotp.TOTP(authenticator.secret).now())
        tab.click("button.primary")
    tab.wait_for_url("**/ru/overview/")


def file_the_request(page) -> tuple[str, str]:
    """The mother's request, on her phone, in Kazakh in Latin letters; returns the code and secret she keeps."""
    page.goto("/kk/request/")
    page.fill("#id_full_name", "Nurlan Serikuly Zagiparov")
    page.fill("#id_birth", "12.03.1992")
    page.check("input[name=sex][value=male]")
    page.fill("#id_last_seen_place", "Respublika alańy")
    page.fill("#id_circumstances", "6 qańtar kúni keshke alańnan polisiia ákketti, telefony óshirýli.")
    page.fill("#id_requester_name", "Gúlnar Zagiparova")
    page.select_option("#id_relationship", "parent")
    page.fill("#id_requester_email", MOTHER_EMAIL)
    page.select_option("#id_preferred_channel", "email")
    page.check("#id_consent")
    answer_sum(page)
    page.click("button.primary")
    page.wait_for_selector("dl.codes")
    code, secret = page.locator("dl.codes code").all_text_contents()
    return code, secret


def load_the_list(tab, volunteer, facility, tmp_path) -> None:
    """The volunteer loads the station's list through the pages and checks its columns."""
    sign_in(tab, volunteer)
    tab.click("nav a[href='/ru/lists/']")
    tab.wait_for_url("**/ru/lists/")
    file = tmp_path / "УП Медеуского 07.01.csv"
    file.write_bytes(POLICE_LIST)
    tab.set_input_files("#id_file", str(file))
    tab.fill("#id_name", "УП Медеуского района, доставленные 7 января")
    tab.select_option("#id_kind", "police_station")
    tab.select_option("#id_facility", label=facility.name_ru)
    tab.fill("#id_list_date", "2022-01-07")
    tab.fill("#id_provided_by", "адвокат, фото списка у дежурной части")
    tab.click("form.stacked button.primary")

    tab.wait_for_url("**/ru/lists/loading/*/")
    tab.wait_for_selector("form.mapping")
    # The columns izdeu recognised from the Russian headers, and the one it asks about.
    assert tab.get_by_label("ФИО", exact=True).input_value() == "full_name"
    assert tab.get_by_label("Дата рождения", exact=True).input_value() == "birth_date"
    assert tab.get_by_label("Адрес проживания", exact=True).input_value() == "address"
    assert tab.locator("tr.mapping-unknown th").all_inner_texts() == ["Время доставления"]
    tab.get_by_label("Время доставления", exact=True).select_option("detention_date")
    shoot(tab, "columns", "end-to-end-shots")
    tab.click("form.mapping button.primary")
    # Loading and matching run as they are queued (izdeu/conftest.py): the list's page comes next.
    tab.wait_for_url(re.compile(r"/ru/lists/\d+/$"))
    assert tab.locator("h1").inner_text() == "УП Медеуского района, доставленные 7 января"


def confirm_the_candidate(tab, lawyer) -> Candidate:
    """The lawyer finds the candidate in the queue, reads both records side by side and confirms."""
    sign_in(tab, lawyer, give_authenticator(lawyer))
    tab.click("nav a[href='/ru/review/']")
    tab.wait_for_url("**/ru/review/")
    queued = tab.locator("ol.review-queue li.record")
    assert queued.count() == 1
    assert queued.locator(".record-title").inner_text() == "Nurlan Serikuly Zagiparov ↔ ЗАГИПАРОВ Нурлан Серикович"
    candidate = Candidate.objects.get()
    queued.locator(".record-title a").click()
    tab.wait_for_url(f"**/ru/review/{candidate.pk}/")

    shoot(tab, "candidate", "end-to-end-shots")
    rows = {row.locator("th").inner_text(): row for row in tab.locator("table.review-fields tbody tr").all()}
    written = rows["Имя, как записано"]
    assert written.locator("td").all_inner_texts()[:2] == ["Nurlan Serikuly Zagiparov", "ЗАГИПАРОВ Нурлан Серикович"]
    for field in ("Имя, как записано", "Фамилия", "Имя", "Отчество", "Дата рождения или возраст", "Пол"):
        assert "mark-agree" in rows[field].get_attribute("class"), field
    assert rows["Дата рождения или возраст"].locator("td").all_inner_texts()[:2] == ["12.03.1992", "12.03.1992"]
    tab.fill("#id_reason", "Фамилия, имя, отчество (Серикулы = Серикович) и дата рождения совпадают")
    tab.click("button[value=confirm]")
    tab.wait_for_url("**/ru/review/")
    assert tab.locator("ol.review-queue").count() == 0  # nothing else waits
    candidate.refresh_from_db()
    return candidate


def test_a_mother_asks_in_kazakh_a_lawyer_confirms_a_police_list_and_she_is_told_where_her_son_is_held(
    page, desk, smtp_sink, settings, organisation, volunteer, lawyer, factory, tmp_path  # noqa: F811
):
    settings.PUBLIC_ORGANISATION = organisation.name
    medeu = factory.facility(
        name_kk="Алматы қаласы Медеу ауданының ПБ", name_ru="УП Медеуского района г. Алматы",
        name_en="Medeu district police department, Almaty", district="Медеуский",
    )  # fmt: skip

    code, secret = file_the_request(page)
    assert SearchRequest.objects.get().reference_code == code
    volunteer_tab, lawyer_tab = desk(), desk()
    load_the_list(volunteer_tab, volunteer, medeu, tmp_path)
    candidate = confirm_the_candidate(lawyer_tab, lawyer)
    assert candidate.decision == Decision.CONFIRMED
    assert candidate.entry.full_name == "ЗАГИПАРОВ Нурлан Серикович"

    # Two emails reached the sink through SMTP: "received" when she asked, then the news, in Kazakh.
    received, news = smtp_sink.messages()
    assert [received["To"], news["To"]] == [MOTHER_EMAIL, MOTHER_EMAIL]
    assert news["Subject"] == f"izdeu: {code} өтініші бойынша жаңалық"
    text = news.get_body(("plain",)).get_content()
    assert medeu.name_kk in text
    assert code in text
    for email in (received, news):
        assert secret not in email.as_string()
        assert secret.replace("-", "") not in email.as_string()

    page.goto("/kk/status/")
    page.fill("#status-code", code)
    page.fill("#status-secret", secret)
    page.click("button.primary")
    page.wait_for_selector("ul.facts")
    assert page.locator("ul.facts").inner_text() == f"7 қаңтар 2022 бастап {medeu.name_kk} жерінде ұсталуда."
    shoot(page, "status", "end-to-end-shots")
    assert page.errors == volunteer_tab.errors == lawyer_tab.errors == []
