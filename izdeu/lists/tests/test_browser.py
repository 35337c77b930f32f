"""A volunteer loads a list in a real browser, under the Content-Security-Policy. Names are fictional."""

import os
from pathlib import Path

from izdeu.conftest import PASSWORD

CSV = "ФИО;Дата рождения;ИИН\nЗАГИПАРОВ Нурлан Серикович;12.03.1992;920312300127\nКим Сергей;1985;\n".encode()
SHOTS = Path(os.environ.get("IZDEU_SHOTS", "/tmp/lists-shots"))  # noqa: S108 (screenshots for a person to look at)


def test_a_volunteer_loads_a_list_and_sees_what_became_of_it(page, volunteer, tmp_path):
    page.goto("/en/accounts/sign-in/")
    page.fill("#id_username", volunteer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/en/overview/")
    page.click("nav >> text=Lists")
    page.wait_for_url("**/en/lists/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"upload-{width}.png"), full_page=True)
    file = tmp_path / "list.csv"
    file.write_bytes(CSV)
    page.set_input_files("#id_file", str(file))
    page.fill("#id_name", "УП Медеуского района")
    page.select_option("#id_kind", "police_station")
    page.fill("#id_list_date", "2022-01-07")
    page.click("form.stacked button.primary")
    page.wait_for_url("**/en/lists/*/")
    assert page.locator("h1").inner_text() == "УП Медеуского района"
    assert "92031230****" in page.content()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"summary-{width}.png"), full_page=True)
    assert page.errors == []
