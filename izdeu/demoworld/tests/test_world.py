import hashlib
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date

from izdeu.demoworld import generate, serialise
from izdeu.demoworld.iin import birth_date_of, is_valid, sex_of
from izdeu.demoworld.names import russian_patronymic
from izdeu.demoworld.spelling import LATIN_SCHEMES, age_on, has_kazakh_letters, russify

FIRST_DAY = date(2022, 1, 6)


def _entry_traits(world) -> Counter:
    return Counter(trait for source in world.sources for entry in source.entries for trait in entry.traits)


def _request_traits(world) -> Counter:
    return Counter(trait for request in world.requests for trait in request.traits)


class TestReproducibility:
    def test_same_seed_and_scale_give_the_same_world(self):
        assert serialise(generate(seed=7, scale=0.05)) == serialise(generate(seed=7, scale=0.05))

    def test_another_seed_gives_another_world(self):
        assert serialise(generate(seed=7, scale=0.05)) != serialise(generate(seed=8, scale=0.05))

    def test_the_world_does_not_depend_on_string_hashing(self):
        # Set iteration order and hash() change with PYTHONHASHSEED; the world must not.
        code = (
            "import hashlib; from izdeu.demoworld import generate, serialise; "
            "print(hashlib.sha256(serialise(generate(5, 0.03)).encode()).hexdigest())"
        )
        digests = {
            subprocess.run(
                [sys.executable, "-c", code], env=os.environ | {"PYTHONHASHSEED": hash_seed},
                capture_output=True, text=True, check=True,
            ).stdout.strip()
            for hash_seed in ("0", "4242")
        }
        assert len(digests) == 1
        assert digests == {hashlib.sha256(serialise(generate(5, 0.03)).encode()).hexdigest()}


def test_the_generator_runs_without_django():
    code = "import sys; from izdeu.demoworld import generate; generate(1, 0.01); print(any(m.startswith('django') for m in sys.modules))"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


class TestSizes:
    def test_full_scale_has_the_january_2022_figures(self, world):
        counts = world.counts()
        assert counts["detentions"] == 12_000
        assert 1_950 <= counts["search_requests"] <= 2_050
        # Official figure: about 238 dead.
        assert 200 <= counts["deaths"] <= 280
        assert 40_000 <= counts["list_entries"] <= 80_000
        assert 150 <= counts["sources"] <= 350

    def test_scale_multiplies_the_sizes(self):
        counts = generate(seed=1, scale=0.05).counts()
        assert counts["detentions"] == 600
        assert 95 <= counts["search_requests"] <= 105

    def test_facilities_cover_every_kind_with_the_eight_district_police_departments(self, world):
        kinds = Counter(facility.kind for facility in world.facilities)
        assert kinds["police_station"] == 8
        assert set(kinds) == {"police_station", "temporary_detention", "pretrial_detention", "court", "hospital", "morgue"}
        assert 2 <= kinds["court"] <= 3 and 3 <= kinds["hospital"] <= 4
        almaly = next(f for f in world.facilities if f.key == "up_almaly")
        assert almaly.name_kk == "Алматы қаласы Алмалы ауданының ПБ"
        assert almaly.name_ru.startswith("УП Алмалинского района")
        assert all(f.name_kk and f.name_ru and f.name_en for f in world.facilities)


class TestPeople:
    def test_every_iin_is_valid_and_agrees_with_birth_date_and_sex(self, world):
        for person in world.persons:
            assert is_valid(person.iin)
            assert birth_date_of(person.iin) == person.birth_date
            assert sex_of(person.iin) == person.sex
        assert len({person.iin for person in world.persons}) == len(world.persons)

    def test_ages_are_mostly_18_to_45_with_a_few_minors_and_some_older(self, world):
        ages = Counter(age_on(person.birth_date, FIRST_DAY) for person in world.persons)
        total = sum(ages.values())
        minors = sum(n for age, n in ages.items() if age < 18)
        core = sum(n for age, n in ages.items() if 18 <= age <= 45)
        older = sum(n for age, n in ages.items() if age > 45)
        assert min(ages) == 16
        assert 0.005 < minors / total < 0.03
        assert core / total > 0.8
        assert 0.05 < older / total < 0.15

    def test_most_are_kazakh_with_russian_korean_uighur_tatar_and_uzbek_families(self, world):
        origins = Counter(person.origin for person in world.persons)
        assert origins["kazakh"] / len(world.persons) > 0.75
        for minority in ("russian", "korean", "uighur", "tatar", "uzbek"):
            assert 0.005 < origins[minority] / len(world.persons) < 0.12
        korean_surnames = {p.name_ru.surname for p in world.persons if p.origin == "korean"}
        assert {"Ким", "Пак", "Цой", "Ли"} <= korean_surnames

    def test_surnames_are_gendered_and_some_are_derussified(self, world):
        women = [p for p in world.persons if p.sex == "female" and p.surname_style == "russified"]
        assert women and all(p.name_ru.surname.endswith(("а", "я")) for p in women)
        derussified = [p for p in world.persons if p.surname_style == "derussified"]
        assert len(derussified) > 200
        assert not any(p.name_ru.surname.endswith(("ов", "ев")) for p in derussified)

    def test_patronymics_are_made_from_the_fathers_name_in_russian_or_kazakh_form(self, world):
        styles = Counter(p.patronymic_style for p in world.persons if p.origin == "kazakh")
        assert styles["kazakh"] > 1_000 and styles["russian"] > 5_000
        for person in world.persons:
            if person.patronymic_style == "kazakh":
                assert person.name_kk.patronymic == person.father_name + ("ұлы" if person.sex == "male" else "қызы")
            elif person.origin == "kazakh":
                assert person.name_ru.patronymic == russian_patronymic(russify(person.father_name), person.sex)

    def test_kazakh_names_keep_their_letters_and_lists_fold_them(self, world):
        kazakh = [p for p in world.persons if p.origin == "kazakh"]
        assert sum(has_kazakh_letters(p.name_kk.given_name) for p in kazakh) > len(kazakh) * 0.3
        assert not any(has_kazakh_letters(p.name_ru.surname + p.name_ru.given_name + p.name_ru.patronymic) for p in world.persons)


class TestCustody:
    def test_paths_run_over_the_ten_days_through_several_lists(self, world):
        lists_per_person = Counter()
        for source in world.sources:
            for person in {entry.person for entry in source.entries}:
                lists_per_person[person] += 1
        assert sum(1 for n in lists_per_person.values() if n >= 3) > 5_000
        detained = [p for p in world.persons if p.detained_on]
        assert {p.detained_on for p in detained} == {date(2022, 1, d) for d in range(6, 16)}

    def test_custody_goes_from_station_to_ivs_to_court_to_sizo(self, world):
        kinds = {f.key: f.kind for f in world.facilities}
        arrested = [p for p in world.persons if p.fate == "criminal_arrest"]
        assert len(arrested) > 1_000
        for person in arrested:
            path = [kinds[stay.facility] for stay in person.stays]
            assert path[:4] == ["police_station", "temporary_detention", "court", "pretrial_detention"]
            assert all(a.first_day <= b.first_day for a, b in zip(person.stays, person.stays[1:], strict=False))

    def test_some_are_hospitalised_some_die_some_are_released(self, world):
        fates = Counter(person.fate for person in world.persons)
        assert fates["released_from_station"] > 3_000
        assert fates["released_by_court"] > 1_000 and fates["administrative_arrest"] > 1_000
        assert 500 < fates["discharged"] < 1_500
        died = [p for p in world.persons if p.fate == "died"]
        assert all(p.stays[-1].facility == "morgue_almaty" for p in died)

    def test_each_facility_publishes_per_day_and_republished_lists_are_new_versions(self, world):
        sources = {source.key: source for source in world.sources}
        versions = [s for s in world.sources if s.previous_version]
        assert len(versions) > 60
        for source in versions:
            previous = sources[source.previous_version]
            assert previous.facility == source.facility and previous.kind == source.kind
            assert previous.list_date < source.list_date
        assert len({(s.kind, s.facility, s.list_date) for s in world.sources}) == len(world.sources)
        assert {s.kind for s in world.sources} == {
            "police_station", "temporary_detention", "pretrial_detention", "court", "hospital", "morgue",
            "release", "volunteer_report", "official_statement",
        }
        assert {s.reliability for s in world.sources} == {
            "official_document", "reliable", "usually_reliable", "unconfirmed", "doubtful",
        }

    def test_file_names_say_facility_and_date(self, world):
        station = next(s for s in world.sources if s.facility == "up_almaly" and s.kind == "police_station")
        assert station.file_name == f"up_almaly_{station.list_date.isoformat()}.xlsx"


class TestListEntries:
    def test_rows_are_written_in_the_styles_volunteers_receive(self, world):
        traits = _entry_traits(world)
        assert traits["caps_surname"] > 10_000
        assert traits["all_caps"] > 500
        assert traits["initials"] > 1_000
        assert traits["split_columns"] > 1_000
        assert traits["kazakh_letters"] > 200
        assert traits["dzh"] > 50
        assert traits["iin"] > 5_000 and traits["iin_typo"] > 100
        for kind in ("transposition", "dropped_letter", "doubled_letter", "homoglyph"):
            assert traits[f"typo:{kind}"] > 300, kind
        for birth in ("dmy_dots", "year", "dmy_slash_short", "iso", "age", "none"):
            assert traits[f"birth:{birth}"] > 1_000, birth

    def test_the_morgue_and_the_official_statement_write_initials(self, world):
        statement = next(s for s in world.sources if s.kind == "official_statement")
        assert len(statement.entries) == world.counts()["deaths"]
        for entry in statement.entries:
            assert entry.given_name.endswith(".") and entry.full_name.startswith(entry.surname)
        morgue = [e for s in world.sources if s.kind == "morgue" for e in s.entries]
        assert sum("initials" in e.traits for e in morgue) / len(morgue) > 0.8

    def test_parsed_fields_are_what_the_raw_row_says(self, world):
        for source, entry in world.entries():
            cells = list(entry.raw.values())
            if "split_columns" in entry.traits:
                assert [entry.surname, entry.given_name, entry.patronymic] == [entry.raw[c] for c in ("Фамилия", "Имя", "Отчество")]
            else:
                assert entry.full_name in cells
                for part in (entry.surname, entry.given_name, entry.patronymic):
                    assert part in entry.full_name
            if entry.iin:
                assert entry.raw["ИИН"] == entry.iin and len(entry.iin) == 12
            if entry.birth_date:
                assert entry.birth_year == entry.birth_date.year
                assert any(str(entry.birth_date.year)[-2:] in cell for cell in cells)
            if entry.age_min is not None:
                assert entry.age_on == source.list_date and entry.age_min <= entry.age_max <= 120
            assert entry.full_name or entry.surname or entry.given_name
            assert entry.raw["№"] == str(entry.row_number)

    def test_rows_keep_typos_and_point_to_the_real_person(self, world):
        persons = {p.key: p for p in world.persons}
        for _source, entry in world.entries():
            person = persons[entry.person]
            typo = any(t.startswith("typo:") for t in entry.traits)
            if not typo and not set(entry.traits) & {"kazakh_letters", "dzh"}:
                assert entry.surname.casefold() == person.name_ru.surname.casefold()
            if "iin" in entry.traits and "iin_typo" not in entry.traits:
                assert entry.iin == person.iin
            if "iin_typo" in entry.traits:
                assert entry.iin != person.iin
            # A typo can turn Ахметова into Ахметов; the row then reads as a man's.
            if entry.sex != "unknown" and not typo:
                assert entry.sex == person.sex

    def test_rows_are_numbered_within_their_sheet(self, world):
        for source in world.sources:
            assert [e.row_number for e in source.entries] == list(range(1, len(source.entries) + 1))


class TestSearchRequests:
    def test_names_are_written_in_kazakh_russified_and_every_latin_scheme(self, world):
        schemes = Counter(request.scheme for request in world.requests)
        total = len(world.requests)
        assert 0.35 < schemes["russified_cyrillic"] / total < 0.6
        assert 0.15 < schemes["kazakh_cyrillic"] / total < 0.35
        for scheme in LATIN_SCHEMES:
            assert schemes[scheme] >= 20, scheme
        for request in world.requests:
            if request.scheme in LATIN_SCHEMES:
                assert not any("а" <= ch.lower() <= "я" for ch in request.full_name), request.full_name
            if request.scheme == "russified_cyrillic":
                assert not has_kazakh_letters(request.full_name)
        kazakh = [r for r in world.requests if r.scheme == "kazakh_cyrillic" and world.person(r.person).origin == "kazakh"]
        assert sum(has_kazakh_letters(r.full_name) for r in kazakh) > len(kazakh) * 0.5

    def test_requests_vary_as_relatives_write(self, world):
        traits = _request_traits(world)
        assert traits["given_first"] > 600
        assert traits["with_patronymic"] > 500
        assert traits["kazakh_patronymic"] > 50
        assert traits["age_only"] > 300
        assert traits["iin"] > 150
        assert traits["latin_i"] > 5
        assert sum(1 for r in world.requests if r.age_min is not None and r.age_max - r.age_min == 4) > 200

    def test_women_are_sought_under_the_masculine_surname_and_surnames_under_their_other_form(self, world):
        masculine = [r for r in world.requests if "masculine_surname" in r.traits]
        assert len(masculine) > 30
        for request in masculine:
            assert world.person(request.person).sex == "female"
        traits = _request_traits(world)
        assert traits["russified_surname"] > 20 and traits["derussified_surname"] > 20

    def test_some_people_are_sought_by_several_relatives_in_different_spellings(self, world):
        by_person = defaultdict(list)
        for request in world.requests:
            by_person[request.person].append(request)
        several = [requests for requests in by_person.values() if len(requests) > 1]
        assert len(several) > 200
        assert sum(len({r.full_name for r in requests}) > 1 for requests in several) > len(several) * 0.7

    def test_ten_to_fifteen_percent_are_about_people_on_no_list(self, world):
        counts = world.counts()
        share = counts["sought_persons_on_no_list"] / counts["sought_persons"]
        assert 0.10 <= share <= 0.15
        missing = {p.key for p in world.persons if p.fate == "missing"}
        assert missing <= {request.person for request in world.requests}

    def test_requesters_can_be_reached_and_say_who_they_are(self, world):
        relationships = Counter(r.requester.relationship for r in world.requests)
        assert set(relationships) == {
            "parent", "spouse", "child", "sibling", "other_relative", "friend", "colleague", "lawyer", "other",
        }
        for request in world.requests:
            requester = request.requester
            assert requester.phone or requester.email or requester.telegram
            assert requester.language in ("kk", "ru", "en")
            assert requester.sharing_scope in ("organisation", "partners")
            assert requester.preferred_channel in ("phone_call", "sms", "email", "telegram", "in_person")
            assert not requester.email or requester.email.split("@")[1].startswith("example.")
            if request.channel == "telegram":
                assert requester.telegram
        assert Counter(r.channel for r in world.requests).keys() == {"web", "telegram", "phone"}

    def test_minors_are_flagged(self, world):
        minors = [r for r in world.requests if age_on(world.person(r.person).birth_date, FIRST_DAY) < 18]
        adults = [r for r in world.requests if age_on(world.person(r.person).birth_date, FIRST_DAY) >= 18]
        assert minors and sum(r.is_minor for r in minors) >= len(minors) * 0.8
        assert not any(r.is_minor for r in adults)


class TestHardCases:
    def test_every_hard_case_is_present_and_counted(self, world):
        counts = {name: len(groups) for name, groups in world.hard_cases.items()}
        assert counts["namesakes"] > 500
        assert counts["siblings"] == 120
        assert counts["twins"] == 12
        assert counts["father_and_son"] == 40
        assert counts["feminine_surname_requests"] > 30
        assert counts["derussified_surname"] > 40

    def test_namesakes_share_surname_and_given_name_but_not_birth(self, world):
        for group in world.hard_cases["namesakes"]:
            people = [world.person(key) for key in group]
            assert len({(p.name_ru.surname, p.name_ru.given_name) for p in people}) == 1
            assert len({(p.birth_date, p.name_ru.patronymic) for p in people}) == len(people)

    def test_siblings_share_surname_root_and_patronymic_stem(self, world):
        for group in world.hard_cases["siblings"]:
            people = [world.person(key) for key in group]
            assert len({p.father_name for p in people}) == 1
            assert len({p.name_ru.given_name for p in people}) == len(people)

    def test_twins_share_birth_date_and_patronymic(self, world):
        for first, second in world.hard_cases["twins"]:
            a, b = world.person(first), world.person(second)
            assert a.birth_date == b.birth_date and a.name_ru.patronymic == b.name_ru.patronymic
            assert a.name_ru.given_name != b.name_ru.given_name and a.iin != b.iin

    def test_a_sons_patronymic_is_his_fathers_given_name(self, world):
        for father_key, son_key in world.hard_cases["father_and_son"]:
            father, son = world.person(father_key), world.person(son_key)
            assert son.father_name == father.name_kk.given_name
            assert son.name_ru.surname == father.name_ru.surname
            assert son.birth_date.year - father.birth_date.year >= 20

    def test_small_worlds_still_hold_every_hard_case(self):
        small = generate(seed=3, scale=0.05)
        assert all(groups for groups in small.hard_cases.values()), {k: len(v) for k, v in small.hard_cases.items()}
