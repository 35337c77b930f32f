import re

from izdeu.searches.models import REFERENCE_ALPHABET, IntakeChannel, SearchRequest, new_reference_code
from izdeu.tests.factory import refuses


def test_a_requester_must_be_reachable(factory):
    refuses(lambda: factory.requester(phone="", email="", telegram=""))
    assert factory.requester(phone="", telegram="@gulnar_z").telegram == "@gulnar_z"


def test_a_requester_has_a_known_relationship_and_channel(factory):
    refuses(lambda: factory.requester(relationship="neighbour's cousin"))
    refuses(lambda: factory.requester(preferred_channel="pigeon"))


def test_a_request_gets_a_short_unambiguous_reference_code(factory):
    code = factory.search_request().reference_code
    assert re.fullmatch(rf"[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}", code)
    assert not set(code) & set("0O1IL5S2Z8B")


def test_reference_codes_do_not_repeat():
    assert len({new_reference_code() for _ in range(5000)}) == 5000


def test_a_phone_intake_request_names_the_volunteer_who_took_it(factory, volunteer):
    refuses(lambda: factory.search_request(channel=IntakeChannel.PHONE))
    assert factory.search_request(channel=IntakeChannel.PHONE, entered_by=volunteer).entered_by == volunteer


def test_several_relatives_asking_about_one_person_share_a_case(factory):
    case = factory.case()
    mother = factory.search_request(case=case, full_name="Нұрлан Зағыпаров")
    brother = factory.search_request(
        case=case, full_name="Нурлан Загипаров", requester=factory.requester(name="Ерлан Загипаров", phone="+77475550199")
    )
    assert set(SearchRequest.objects.filter(case=case)) == {mother, brother}
    assert mother.requester != brother.requester
