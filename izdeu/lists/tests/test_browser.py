"""A volunteer loads a list in a real browser, under the Content-Security-Policy, with the real
background queue: upload, progress, columns checked, progress, summary, a row fixed. Names are fictional."""

from izdeu.conftest import PASSWORD
from izdeu.lists.models import ImportJob, JobStatus, ListEntry
from izdeu.lists.tests.test_loading import run_worker, worker_queue  # noqa: F401 (a fixture)
from izdeu.tests.screens import shoot

CSV = "\n".join([
    "Список задержанных УП Медеуского района",
    "№;ФИО;Дата рождения;ИИН;Задержан кем",
    "1;ЗАГИПАРОВ Нурлан Серикович;12.03.1992;920312300127;ППС",
    "2;Ким Сергей;1985;;СОБР",
    "3;Жумабаев Асет;12.03.1992;920312300128;ППС",
]).encode("cp1251")  # fmt: skip


def test_a_volunteer_loads_a_list_checks_its_columns_and_fixes_a_row(page, volunteer, tmp_path, worker_queue):  # noqa: F811
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", volunteer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/en/overview/")
    page.click("nav >> text=Lists")
    page.wait_for_url("**/en/lists/")
    shoot(page, "upload", "lists-shots")
    file = tmp_path / "список.csv"
    file.write_bytes(CSV)
    page.set_input_files("#id_file", str(file))
    page.fill("#id_name", "УП Медеуского района")
    page.select_option("#id_kind", "police_station")
    page.fill("#id_list_date", "2022-01-07")
    page.click("form.stacked button.primary")

    page.wait_for_url("**/en/lists/loading/*/")
    assert page.locator("progress").count() == 1
    shoot(page, "reading", "lists-shots")
    run_worker()  # the page refreshes by itself and finds the columns ready to check
    page.wait_for_selector("form.mapping", timeout=10_000)
    shoot(page, "mapping", "lists-shots")
    assert page.locator("tr.mapping-unknown").count() == 1
    page.select_option("tr.mapping-unknown select", "note")
    page.click("form.mapping button.primary")

    page.wait_for_selector("text=Waiting to be loaded")
    shoot(page, "queued", "lists-shots")
    run_worker()
    page.wait_for_url("**/en/lists/*/", timeout=10_000)
    assert page.locator("h1").inner_text() == "УП Медеуского района"
    assert "92031230****" in page.content()
    assert ImportJob.objects.get().status == JobStatus.FINISHED
    assert ListEntry.objects.get(surname="ЗАГИПАРОВ").note == "ППС"
    shoot(page, "summary", "lists-shots")

    page.click("text=Check 1 row set aside")
    page.wait_for_url("**/quarantine/")
    shoot(page, "quarantine", "lists-shots")
    # The form holds the row as read: the volunteer fixes the last digit of the IIN, by keyboard.
    iin = page.locator("input[name$='-iin']")
    assert iin.input_value() == "920312300128"
    iin.fill("920312300127")
    iin.press("Enter")
    page.wait_for_selector("text=Nothing left to check.")
    assert ListEntry.objects.filter(surname="Жумабаев").count() == 1
    shoot(page, "quarantine-done", "lists-shots")
    assert page.errors == []
