"""A volunteer loads a list in a real browser, under the Content-Security-Policy, with the real
background queue: upload, progress, columns checked, progress, summary, a row fixed. Names are fictional."""

import os
from pathlib import Path

from izdeu.conftest import PASSWORD
from izdeu.lists.models import ImportJob, JobStatus, ListEntry
from izdeu.lists.tests.test_loading import run_worker, worker_queue  # noqa: F401 (a fixture)

CSV = "\n".join([
    "Список задержанных УП Медеуского района",
    "№;ФИО;Дата рождения;ИИН;Задержан кем",
    "1;ЗАГИПАРОВ Нурлан Серикович;12.03.1992;920312300127;ППС",
    "2;Ким Сергей;1985;;СОБР",
    "3;Жумабаев Асет;12.03.1992;920312300128;ППС",
]).encode("cp1251")  # fmt: skip
SHOTS = Path(os.environ.get("IZDEU_SHOTS", "/tmp/lists-shots"))  # noqa: S108 (screenshots for a person to look at)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_a_volunteer_loads_a_list_checks_its_columns_and_fixes_a_row(page, volunteer, tmp_path, worker_queue):  # noqa: F811
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", volunteer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/en/overview/")
    page.click("nav >> text=Lists")
    page.wait_for_url("**/en/lists/")
    shoot(page, "upload")
    file = tmp_path / "список.csv"
    file.write_bytes(CSV)
    page.set_input_files("#id_file", str(file))
    page.fill("#id_name", "УП Медеуского района")
    page.select_option("#id_kind", "police_station")
    page.fill("#id_list_date", "2022-01-07")
    page.click("form.stacked button.primary")

    page.wait_for_url("**/en/lists/loading/*/")
    assert page.locator("progress").count() == 1
    shoot(page, "reading")
    run_worker()  # the page refreshes by itself and finds the columns ready to check
    page.wait_for_selector("form.mapping", timeout=10_000)
    shoot(page, "mapping")
    assert page.locator("tr.mapping-unknown").count() == 1
    page.select_option("tr.mapping-unknown select", "note")
    page.click("form.mapping button.primary")

    page.wait_for_selector("text=Waiting to be loaded")
    shoot(page, "queued")
    run_worker()
    page.wait_for_url("**/en/lists/*/", timeout=10_000)
    assert page.locator("h1").inner_text() == "УП Медеуского района"
    assert "92031230****" in page.content()
    assert ImportJob.objects.get().status == JobStatus.FINISHED
    assert ListEntry.objects.get(surname="ЗАГИПАРОВ").note == "ППС"
    shoot(page, "summary")

    page.click("text=Check 1 row set aside")
    page.wait_for_url("**/quarantine/")
    shoot(page, "quarantine")
    # The form holds the row as read: the volunteer fixes the last digit of the IIN, by keyboard.
    iin = page.locator("input[name$='-iin']")
    assert iin.input_value() == "920312300128"
    iin.fill("920312300127")
    iin.press("Enter")
    page.wait_for_selector("text=Nothing left to check.")
    assert ListEntry.objects.filter(surname="Жумабаев").count() == 1
    shoot(page, "quarantine-done")
    assert page.errors == []
