"""Builds realistic records for tests. All names and numbers are invented."""

import datetime as dt

from django.utils import timezone

from izdeu.cases.models import Case
from izdeu.facilities.models import Facility, FacilityKind
from izdeu.lists.models import ListEntry, Reliability, Source, SourceKind
from izdeu.people.models import Person, Sex
from izdeu.review.models import Candidate
from izdeu.searches.models import Channel, IntakeChannel, Relationship, Requester, SearchRequest, SharingScope


class Factory:
    def __init__(self, organisation, user):
        self.organisation = organisation
        self.user = user

    def facility(self, **fields) -> Facility:
        values = {
            "kind": FacilityKind.POLICE_STATION,
            "name_kk": "Алматы қаласы Алмалы ауданының ПБ",
            "name_ru": "УП Алмалинского района г. Алматы",
            "name_en": "Almaly district police department, Almaty",
            "city": "Алматы",
            "district": "Алмалинский",
        } | fields
        return Facility.objects.create(**values)

    def person(self, **fields) -> Person:
        values = {
            "full_name": "Загипаров Нурлан Серикович",
            "surname": "Загипаров",
            "given_name": "Нурлан",
            "patronymic": "Серикович",
            "birth_date": dt.date(1992, 3, 12),
            "birth_year": 1992,
            "sex": Sex.MALE,
            "organisation": self.organisation,
        } | fields
        return Person.objects.create(**values)

    def case(self, person=None, **fields) -> Case:
        return Case.objects.create(organisation=self.organisation, person=person or self.person(), **fields)

    def requester(self, **fields) -> Requester:
        values = {
            "organisation": self.organisation,
            "name": "Гүлнар Загипарова",
            "phone": "+77015550142",
            "relationship": Relationship.PARENT,
            "preferred_channel": Channel.PHONE_CALL,
            "language": "kk",
            "consent_given_at": timezone.now(),
            "sharing_scope": SharingScope.ORGANISATION,
        } | fields
        return Requester.objects.create(**values)

    def search_request(self, case=None, **fields) -> SearchRequest:
        values = {
            "full_name": "Nurlan Zagghiparov",
            "given_name": "Nurlan",
            "surname": "Zagghiparov",
            "age_min": 29,
            "age_max": 31,
            "age_on": dt.date(2022, 1, 7),
            "sex": Sex.MALE,
            "last_seen_place": "Республика алаңы",
            "channel": IntakeChannel.WEB,
        } | fields
        values.setdefault("requester", self.requester())
        return SearchRequest.objects.create(case=case or self.case(), **values)

    def source(self, **fields) -> Source:
        values = {
            "organisation": self.organisation,
            "name": "УП Алмалинского района, 7 января",
            "kind": SourceKind.POLICE_STATION,
            "list_date": dt.date(2022, 1, 7),
            "provided_by": "адвокат, фото списка на двери",
            "reliability": Reliability.USUALLY_RELIABLE,
            "uploaded_by": self.user,
        } | fields
        return Source.objects.create(**values)

    def entry(self, source=None, row_number=1, **fields) -> ListEntry:
        values = {
            "full_name": "ЗАГИПАРОВ Нурлан Серикович",
            "surname": "ЗАГИПАРОВ",
            "given_name": "Нурлан",
            "patronymic": "Серикович",
            "birth_date": dt.date(1992, 3, 12),
            "birth_year": 1992,
            "sex": Sex.MALE,
            "raw": {"№": str(row_number), "ФИО": "ЗАГИПАРОВ Нурлан Серикович", "Дата рождения": "12.03.1992"},
            "sheet": "Лист1",
        } | fields
        return ListEntry.objects.create(source=source or self.source(), row_number=row_number, **values)

    def candidate(self, entry=None, **fields) -> Candidate:
        values = {"probability": 0.97, "reasons": [{"text": "birth year 1992 = 1992", "weight": 3.0}]} | fields
        if "other_entry" not in values:
            values.setdefault("search_request", self.search_request())
        return Candidate.objects.create(entry=entry or self.entry(), **values)


def refuses(create) -> None:
    """Assert that the database itself refuses what ``create`` tries to write."""
    import pytest
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        create()
