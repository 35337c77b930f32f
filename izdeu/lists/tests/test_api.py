"""Loading a list through the JSON API: `POST /api/lists/import` with a token."""

import datetime as dt

from izdeu.accounts.models import ApiToken
from izdeu.lists.models import ListEntry, QuarantinedRow, Source, SourceKind
from izdeu.lists.values import check_digit

URL = "/api/lists/import"


def bearer(user) -> dict[str, str]:
    _token, secret = ApiToken.issue(user, "list bot")
    return {"authorization": f"Bearer {secret}"}


def valid_iin(born: dt.date, century_and_sex: int = 3, serial: int = 1) -> str:
    while True:
        first11 = f"{born:%y%m%d}{century_and_sex}{serial:04d}"
        if (digit := check_digit(first11)) is not None:
            return f"{first11}{digit}"
        serial += 1


def wrong_check_digit(born: dt.date) -> str:
    iin = valid_iin(born)
    return iin[:11] + str((int(iin[11]) + 1) % 10)


def payload(**changes) -> dict:
    rows = [
        {"full_name": "Загипаров Нурлан Серикович", "birth_date": "12.03.1992",
         "iin": valid_iin(dt.date(1992, 3, 12)), "place": "УП Алмалинского р-на"},
        {"full_name": "Ахметова Айгерим", "birth_date": "1999", "sex": "ж", "place": "ИВС ДП г. Алматы"},
        {"full_name": "Сериков Ерлан", "birth_date": "05.07.1985", "iin": wrong_check_digit(dt.date(1985, 7, 5))},
    ]  # fmt: skip
    body = {"source": "УП Алмалинского района (бот)", "kind": "police", "list_date": "2022-01-07", "rows": rows}
    return body | changes


def post(client, body, headers=None):
    # The API answers in the language the caller asks for; these tests read English.
    return client.post(URL, body, content_type="application/json", headers={"accept-language": "en", **(headers or {})})


def test_a_volunteer_loads_rows_and_a_bad_iin_is_quarantined(client, volunteer, organisation):
    response = post(client, payload(), bearer(volunteer))
    assert response.status_code == 200, response.content
    summary = response.json()
    assert list(summary)[:5] == ["rows", "imported", "quarantined", "duplicates", "source_id"]
    assert (summary["rows"], summary["imported"], summary["quarantined"]) == (3, 2, 1)
    assert summary["already_imported"] is False
    source = Source.objects.get(pk=summary["source_id"])
    assert (source.organisation, source.kind, source.list_date) == (organisation, SourceKind.POLICE_STATION,
                                                                    dt.date(2022, 1, 7))  # fmt: skip
    first = ListEntry.objects.get(source=source, surname="Загипаров")
    assert (first.given_name, first.birth_date, first.place_text) == ("Нурлан", dt.date(1992, 3, 12),
                                                                      "УП Алмалинского р-на")  # fmt: skip
    assert ListEntry.objects.get(source=source, surname="Ахметова").sex == "female"
    [bad] = QuarantinedRow.objects.filter(run__source=source)
    assert [problem["code"] for problem in bad.problems] == ["iin_bad_check_digit"]


def test_the_same_json_twice_changes_nothing(client, coordinator):
    headers = bearer(coordinator)
    first = post(client, payload(), headers).json()
    again = post(client, payload(), headers)
    assert again.status_code == 200
    assert again.json()["already_imported"] is True
    assert again.json()["source_id"] == first["source_id"]
    assert Source.objects.count() == 1 and ListEntry.objects.count() == 2


def test_a_lawyer_cannot_load_lists(client, lawyer):
    response = post(client, payload(), bearer(lawyer))
    assert response.status_code == 403
    assert response.json()["problems"][0]["code"] == "forbidden"
    assert not Source.objects.exists()


def test_no_token_is_refused(client, db):
    assert post(client, payload()).status_code == 401


def test_more_than_100000_rows_are_refused(client, volunteer):
    response = post(client, payload(rows=[{"full_name": "А"}] * 100_001), bearer(volunteer))
    assert response.status_code == 422
    assert not Source.objects.exists()


def test_unknown_kinds_keys_and_facilities_are_refused(client, volunteer):
    headers = bearer(volunteer)
    assert post(client, payload(kind="prison"), headers).status_code == 422
    assert post(client, payload(rows=[]), headers).status_code == 422
    assert post(client, payload(rows=[{}, {"full_name": ""}]), headers).status_code == 422
    assert post(client, payload(rows=[{"name": "Сериков Ерлан"}]), headers).status_code == 422
    response = post(client, payload(facility="Нет такого"), headers)
    assert response.status_code == 422
    assert response.json() == {"problems": [{"code": "unknown_facility",
                                             "message": "No facility has this name: check the name in the admin site."}]}  # fmt: skip
    assert not Source.objects.exists()


def test_only_a_chat_line_still_finds_its_header(client, volunteer):
    rows = [{"chat_line": "Загипаров Нурлан, 1992 г.р. — УП Алмалинского"}]
    summary = post(client, payload(kind="volunteer", rows=rows), bearer(volunteer)).json()
    assert (summary["rows"], summary["imported"]) == (1, 1)
    entry = ListEntry.objects.get()
    assert (entry.surname, entry.birth_year, entry.place_text) == ("Загипаров", 1992, "УП Алмалинского")


def test_problems_come_in_the_callers_language(client, volunteer):
    response = client.post(
        URL, payload(facility="Нет такого"), content_type="application/json",
        headers={**bearer(volunteer), "accept-language": "ru"},
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["message"].startswith("Нет учреждения с таким названием")
