
from izdeu.tests.factory import refuses


def test_an_entry_keeps_its_raw_row_beside_the_parsed_fields(factory):
    entry = factory.entry(raw={"№": "12", "ФИО": "ЗАГИПАРОВ Нурлан Серикович", "г.р.": "1992"})
    entry.refresh_from_db()
    assert entry.raw["ФИО"] == "ЗАГИПАРОВ Нурлан Серикович"
    assert entry.surname == "ЗАГИПАРОВ"


def test_one_row_of_a_sheet_is_one_entry(factory):
    source = factory.source()
    factory.entry(source=source, row_number=12)
    refuses(lambda: factory.entry(source=source, row_number=12))
    assert factory.entry(source=source, row_number=12, sheet="ИВС").sheet == "ИВС"


def test_the_file_fingerprint_is_a_sha256(factory):
    refuses(lambda: factory.entry(file_sha256="not-a-hash"))


def test_a_list_has_a_known_kind_and_reliability(factory):
    refuses(lambda: factory.source(kind="rumour"))
    refuses(lambda: factory.source(reliability="very"))


def test_a_new_version_of_a_list_points_to_the_previous_one(factory):
    first = factory.source()
    second = factory.source(name="УП Алмалинского района, 8 января", previous_version=first)
    assert first.next_version == second
    refuses(lambda: factory.source(name="another copy", previous_version=first))
