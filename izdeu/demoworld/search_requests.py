"""Search requests as relatives write them, and the relatives who write them.

A relative writes the name the way they know it: in Kazakh with its letters, in the Russified
spelling of documents, or in one of the Latin schemes; surname first or given name first; with
or without the patronymic; a birth date, a year or "about 30". A woman may be sought under the
masculine form of her surname, a de-Russified surname under its old -ов form. Several relatives
may ask about the same person, each in their own spelling.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from izdeu.demoworld import spelling
from izdeu.demoworld.custody import STREET_DAY_WEIGHTS, pick_day
from izdeu.demoworld.lists import ALMATY
from izdeu.demoworld.model import Name, Person, Requester, SearchRequest
from izdeu.demoworld.names import (
    FEMININE_ENDINGS,
    derussified_root,
    kazakh_patronymic,
    masculine_form,
    origin_named,
    pick_origin,
    russified_from_root,
    surname_for_sex,
)
from izdeu.demoworld.people import REFERENCE_DAY

LANGUAGES = (("ru", 50), ("kk", 35), ("en", 15))
SCHEMES_BY_LANGUAGE = {
    "kk": (("kazakh_cyrillic", 66), ("latin_2021", 10), ("latin_2017", 8), ("ascii", 8), ("russified_cyrillic", 8)),
    "ru": (("russified_cyrillic", 85), ("ascii", 8), ("kazakh_cyrillic", 7)),
    "en": (("bgn_pcgn", 18), ("passport", 24), ("press", 20), ("ascii", 22), ("latin_2021", 16)),
}
CHANNELS = (("web", 45), ("telegram", 30), ("phone", 25))
REQUESTS_PER_PERSON = ((1, 78), (2, 16), (3, 6))
LAST_REQUEST_DAY = date(2022, 1, 20)
MOBILE_CODES = ("701", "702", "705", "707", "747", "771", "775", "777", "778")

PLACES = {
    "kk": ("Республика алаңы", "Әкімдік ғимаратының жанында", "Абай – Сейфуллин қиылысы", "Жібек жолы көшесі",
           "Сайран автовокзалы", "Үйінің жанында, Шаңырақ шағын ауданы", "Алматы-1 вокзалы", "Төле би көшесі"),
    "ru": ("Площадь Республики", "Возле здания акимата", "Пересечение Абая и Сейфуллина", "Улица Жибек жолы",
           "Автовокзал Сайран", "Возле дома, мкр. Шанырак", "Вокзал Алматы-1", "Улица Толе би"),
    "en": ("Republic Square", "Near the akimat building", "Abay and Seyfullin crossing", "Zhibek Zholy street",
           "Sayran bus station", "Near home, Shanyrak district", "Almaty-1 railway station", "Tole Bi street"),
}
CIRCUMSTANCES = {
    "kk": ("Дүкенге шығып, үйге оралмады.", "Көшеде форма киген адамдар ұстап, автобусқа отырғызып әкетті.",
           "Жұмыстан келе жатқан, кештен бері телефоны өшірулі.", "Алаңда болған, атыстан кейін байланыс үзілді.",
           "Түнде үйден алып кетті, қайда екенін айтпады."),
    "ru": ("Вышел в магазин и не вернулся.", "Задержали на улице люди в форме, увезли на автобусе.",
           "Ехал с работы, с вечера телефон недоступен.", "Был на площади, после стрельбы связь пропала.",
           "Забрали из дома ночью, не сказали куда."),
    "en": ("Went out to the shop and did not come back.", "Detained in the street by men in uniform and taken away in a bus.",
           "Was on the way home from work; the phone has been off since the evening.",
           "Was at the square; lost contact after the shooting.", "Taken from home at night; they did not say where."),
}
HEALTH_NEEDS = {
    "kk": ("Қант диабеті, инсулин керек.", "Демікпе, ингалятор керек.", "Жүрегі ауырады.", "Ұстау кезінде ұрып-соқты, басы жарақаттанған."),
    "ru": ("Сахарный диабет, нужен инсулин.", "Астма, нужен ингалятор.", "Проблемы с сердцем.", "Избили при задержании, травма головы."),
    "en": ("Diabetic, needs insulin.", "Asthma, needs an inhaler.", "Heart condition.", "Beaten during the arrest, head injury."),
}
DESCRIPTIONS = {
    "kk": ("Бойы 175 шамасында, қара күрте, көк джинсы.", "Арық, шашы қысқа, сұр пуховик.", "Сол қасында тыртық бар, қара күрте."),
    "ru": ("Рост около 175, чёрная куртка, синие джинсы.", "Худощавый, короткая стрижка, серый пуховик.", "Шрам над левой бровью, тёмная куртка."),
    "en": ("About 175 cm, black jacket, blue jeans.", "Slim, short hair, grey down jacket.", "Scar above the left eyebrow, dark jacket."),
}
REACHABLE = {
    "kk": ("Кез келген уақытта", "Кешкі 18:00-ден кейін", "Тек түстен кейін"),
    "ru": ("В любое время", "После 18:00", "Только после обеда"),
    "en": ("Any time", "After 6 pm", "Afternoons only"),
}
RELATIONSHIPS = (
    ("parent", 35), ("spouse", 20), ("sibling", 20), ("child", 3), ("other_relative", 10),
    ("friend", 6), ("colleague", 3), ("lawyer", 2), ("other", 1),
)


@dataclass(slots=True)
class Writing:
    """How one relative writes: language, spelling scheme, and one typist's ASCII habits."""

    language: str
    scheme: str
    ascii_table: dict[str, str]


class RequestWriter:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.requests: list[SearchRequest] = []
        # Make sure each hard case occurs at least once, even in a tiny world.
        self.wrote_masculine_surname = False
        self.wrote_other_surname_form = False

    def write_for(self, person: Person, count: int) -> None:
        relationships = self._relationships(person, count)
        for relationship in relationships:
            self.requests.append(self._request(person, relationship))

    def _weighted(self, options: tuple[tuple[str, float], ...]) -> str:
        values, weights = zip(*options, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def _relationships(self, person: Person, count: int) -> list[str]:
        age = spelling.age_on(person.birth_date, REFERENCE_DAY)
        options = []
        for relationship, weight in RELATIONSHIPS:
            if relationship == "spouse" and age < 20 or relationship == "child" and age < 40:
                continue
            if relationship == "parent" and age > 60:
                continue
            options.append((relationship, weight * (4 if relationship == "parent" and age < 18 else 1)))
        chosen: list[str] = []
        while len(chosen) < count:
            relationship = self._weighted(tuple(options))
            if relationship not in chosen or relationship in ("sibling", "other_relative", "friend"):
                chosen.append(relationship)
        return chosen

    def _writing(self, person: Person) -> Writing:
        language = self._weighted(LANGUAGES)
        if person.origin != "kazakh" and language == "kk":
            language = "ru"
        return Writing(language, self._weighted(SCHEMES_BY_LANGUAGE[language]), spelling.ascii_table(self.rng))

    def _request(self, person: Person, relationship: str) -> SearchRequest:
        rng = self.rng
        writing = self._writing(person)
        traits: list[str] = []
        surname, given, patronymic = self._name(person, writing, traits)
        if rng.random() < 0.05:
            traits.append("lowercase")
            surname, given, patronymic = surname.lower(), given.lower(), patronymic.lower()
        full_name = self._full_name(surname, given, patronymic, writing, traits)
        created_at, last_seen_at = self._times(person)
        birth = self._birth(person, created_at.date(), traits)
        iin = ""
        if rng.random() < 0.15:
            iin = spelling.iin_with_typo(person.iin, rng) if rng.random() < 0.08 else person.iin
            traits.append("iin_typo" if iin != person.iin else "iin")
        age = spelling.age_on(person.birth_date, REFERENCE_DAY)
        language = writing.language
        channel = self._weighted(CHANNELS)
        return SearchRequest(
            key=f"R{len(self.requests) + 1:05d}",
            person=person.key,
            requester=self._requester(person, relationship, writing, channel),
            scheme=writing.scheme,
            channel=channel,
            created_at=created_at,
            full_name=full_name,
            surname=surname,
            given_name=given,
            patronymic=patronymic,
            **birth,
            sex=person.sex if rng.random() < 0.9 else "unknown",
            iin=iin,
            phone=fictional_phone(rng) if rng.random() < 0.5 else "",
            description=rng.choice(DESCRIPTIONS[language]) if rng.random() < 0.6 else "",
            last_seen_place=rng.choice(PLACES[language]) if rng.random() < 0.8 else "",
            last_seen_at=last_seen_at if rng.random() < 0.7 else None,
            circumstances=rng.choice(CIRCUMSTANCES[language]) if rng.random() < 0.8 else "",
            health_needs=rng.choice(HEALTH_NEEDS[language]) if rng.random() < 0.15 else "",
            is_minor=age < 18 and rng.random() < 0.95,
            traits=traits,
        )

    # --- the sought person's name ---------------------------------------------------------

    def _name(self, person: Person, writing: Writing, traits: list[str]) -> tuple[str, str, str]:
        """Surname, given name and patronymic in the relative's script and scheme."""
        rng = self.rng
        kazakh_forms = writing.scheme not in ("russified_cyrillic", "ascii")
        name = person.name_kk if kazakh_forms else person.name_ru
        surname, given, patronymic = self._surname_form(person, name, traits), name.given_name, ""
        latin = writing.scheme in spelling.LATIN_SCHEMES
        if rng.random() < (0.2 if latin else 0.55):
            traits.append("with_patronymic")
            patronymic = name.patronymic
            if kazakh_forms and person.origin == "kazakh" and person.patronymic_style == "russian" and rng.random() < 0.5:
                # Writing in Kazakh, relatives use -ұлы/-қызы whatever the documents say.
                patronymic = kazakh_patronymic(person.father_name, person.sex)
                traits.append("kazakh_patronymic")
        parts = [self._script(part, person, writing) for part in (surname, given, patronymic)]
        if writing.scheme == "kazakh_cyrillic" and rng.random() < 0.1 and "і" in "".join(parts):
            # Typed on a Russian keyboard: Latin i for Kazakh і (Айгерiм).
            parts = [part.replace("і", "i") for part in parts]
            traits.append("latin_i")
        if rng.random() < 0.05:
            index = 0 if rng.random() < 0.6 else 1
            kind = rng.choice(spelling.TYPO_KINDS[:3])
            if spelling.typo_changes(parts[index], kind):
                parts[index] = spelling.make_typo(parts[index], kind, rng)
                traits.append(f"typo:{kind}")
        return parts[0], parts[1], parts[2]

    def _surname_form(self, person: Person, name: Name, traits: list[str]) -> str:
        """The surname form the relative uses, which may differ from the documents'."""
        rng = self.rng
        surname = name.surname
        if person.sex == "female" and surname.endswith(FEMININE_ENDINGS):
            if not self.wrote_masculine_surname or rng.random() < 0.3:
                self.wrote_masculine_surname = True
                traits.append("masculine_surname")
                return masculine_form(surname)
        if person.surname_style == "derussified":
            if not self.wrote_other_surname_form or rng.random() < 0.4:
                self.wrote_other_surname_form = True
                traits.append("russified_surname")
                return surname_for_sex(russified_from_root(surname), person.sex)
        elif person.origin == "kazakh" and person.surname_style == "russified":
            root = derussified_root(masculine_form(surname))
            if root and rng.random() < 0.03:
                traits.append("derussified_surname")
                return root
        return surname

    def _script(self, text: str, person: Person, writing: Writing) -> str:
        scheme = writing.scheme
        if not text or scheme in ("kazakh_cyrillic", "russified_cyrillic"):
            return text
        if scheme == "bgn_pcgn":
            return spelling.to_bgn_pcgn(text, kazakh=person.origin == "kazakh")
        if scheme == "passport":
            return spelling.to_passport(text)
        if scheme == "latin_2021":
            return spelling.to_latin_2021(text)
        if scheme == "latin_2017":
            return spelling.to_latin_2017(text)
        if scheme == "press":
            return spelling.to_press(text, self.rng)
        return spelling.to_ascii(text, writing.ascii_table)

    def _full_name(self, surname: str, given: str, patronymic: str, writing: Writing, traits: list[str]) -> str:
        latin = writing.scheme in spelling.LATIN_SCHEMES
        if self.rng.random() < (0.75 if latin else 0.45):
            traits.append("given_first")
            parts = (given, patronymic, surname)
        else:
            parts = (surname, given, patronymic)
        return " ".join(part for part in parts if part)

    # --- birth, times ---------------------------------------------------------------------

    def _birth(self, person: Person, on: date, traits: list[str]) -> dict:
        rng = self.rng
        empty = dict(birth_date=None, birth_year=None, age_min=None, age_max=None, age_on=None)
        age = spelling.age_on(person.birth_date, on)
        r = rng.random()
        if r < 0.55:
            birth = person.birth_date
            if rng.random() < 0.03:
                # Misremembered by a year.
                birth = birth.replace(year=birth.year + rng.choice((-1, 1))) if (birth.month, birth.day) != (2, 29) else birth
                traits.append("birth_date_error")
            traits.append("birth_date")
            return empty | dict(birth_date=birth, birth_year=birth.year)
        if r < 0.70:
            traits.append("birth_year")
            return empty | dict(birth_year=person.birth_date.year)
        if r < 0.90:
            traits.append("age_only")
            return empty | dict(age_min=max(0, age - 2), age_max=age + 2, age_on=on)
        if r < 0.95:
            traits.append("age_only")
            return empty | dict(age_min=age, age_max=age, age_on=on)
        traits.append("no_birth")
        return empty

    def _times(self, person: Person) -> tuple[datetime, datetime]:
        """When the relative filed the request, and when the person was last seen."""
        rng = self.rng
        if person.detained_on is not None:
            seen_day = person.detained_on
        elif person.stays:
            seen_day = person.stays[0].first_day
        else:
            seen_day = pick_day(rng, STREET_DAY_WEIGHTS)
        last_seen = datetime.combine(seen_day, time(rng.randint(9, 22), rng.choice((0, 10, 20, 30, 40, 50))), ALMATY)
        created = last_seen + timedelta(hours=rng.randint(4, 96), minutes=rng.randint(0, 59))
        limit = datetime.combine(LAST_REQUEST_DAY, time(23, 0), ALMATY)
        return min(created, limit), last_seen

    # --- the requester --------------------------------------------------------------------

    def _requester(self, person: Person, relationship: str, writing: Writing, channel: str) -> Requester:
        rng = self.rng
        name = self._requester_name(person, relationship, writing)
        phone = fictional_phone(rng) if channel == "phone" or rng.random() < 0.9 else ""
        email = ""
        if rng.random() < (0.8 if relationship == "lawyer" else 0.3):
            email = f"{_handle(name, writing)}{rng.randint(1, 99)}@example.{rng.choice(('com', 'org', 'net'))}"
        telegram = f"@{_handle(name, writing)}_{rng.randint(10, 999)}" if channel == "telegram" or rng.random() < 0.3 else ""
        if not (phone or email or telegram):
            phone = fictional_phone(rng)
        channels = [c for c, available in (("phone_call", phone), ("sms", phone), ("email", email), ("telegram", telegram)) if available]
        preferred = "in_person" if rng.random() < 0.03 else rng.choice(channels)
        return Requester(
            name=name,
            relationship=relationship,
            phone=phone,
            email=email,
            telegram=telegram,
            preferred_channel=preferred,
            language=writing.language,
            sharing_scope="partners" if rng.random() < 0.45 else "organisation",
            reachable_when=rng.choice(REACHABLE[writing.language]) if rng.random() < 0.6 else "",
        )

    def _requester_name(self, person: Person, relationship: str, writing: Writing) -> str:
        """A plausible name for the relative, in the relative's script."""
        rng = self.rng
        origin = origin_named(person.origin)
        same_family = relationship in ("parent", "sibling", "child") or relationship == "spouse" and person.sex == "male"
        if relationship in ("friend", "colleague", "lawyer", "other", "other_relative") and rng.random() < 0.7:
            origin = pick_origin(rng)
        sex = "female" if rng.random() < 0.7 else "male"
        if relationship == "spouse":
            sex = "female" if person.sex == "male" else "male"
        if relationship == "parent" and sex == "male":
            given = person.father_name
        else:
            given = (origin.male if sex == "male" else origin.female).pick(rng)
        family_surname = masculine_form(person.name_kk.surname) if same_family else origin.surnames.pick(rng).kazakh
        surname = surname_for_sex(family_surname, sex)
        text = f"{given} {surname}"
        if writing.scheme == "kazakh_cyrillic":
            return text
        if writing.language == "en" or writing.scheme in spelling.LATIN_SCHEMES:
            return spelling.to_ascii(spelling.russify(text) if origin.kazakh else text, writing.ascii_table)
        return spelling.russify(text) if origin.kazakh else text


def _handle(name: str, writing: Writing) -> str:
    """A login-like handle from a name: lower-case ASCII letters only."""
    ascii_name = spelling.to_ascii(spelling.russify(name), writing.ascii_table).lower()
    return "".join(ch for ch in ascii_name if "a" <= ch <= "z")[:12] or "user"


def fictional_phone(rng: random.Random) -> str:
    """A Kazakh mobile number in the 555 exchange, written in one of the usual ways.

    The demo never sends messages, and the 555 exchange keeps the numbers recognisably made up.
    """
    code = rng.choice(MOBILE_CODES)
    tail = f"{rng.randrange(10000):04d}"
    formats = (
        f"+7 {code} 555 {tail[:2]} {tail[2:]}",
        f"8 {code} 555 {tail}",
        f"+7{code}555{tail}",
        f"8({code})555-{tail[:2]}-{tail[2:]}",
    )
    return rng.choice(formats)


def choose_sought(persons: list[Person], listed: set[str], rng: random.Random, target_requests: int, missing: list[Person], hard_case_keys: set[str]) -> list[tuple[Person, int]]:
    """Who relatives ask about, and in how many requests each.

    Everyone missing (on no list) is sought; the rest are people on lists, drawn with more
    weight on the dead, the injured, women, minors and the hard cases.
    """
    values, weights = zip(*REQUESTS_PER_PERSON, strict=True)
    sought = [(person, rng.choices(values, weights=weights)[0]) for person in missing]
    total = sum(count for _, count in sought)
    candidates = [person for person in persons if person.key in listed]
    # Weighted sampling without replacement (Efraimidis–Spirakis): sort by u^(1/w).
    keyed = sorted(candidates, key=lambda p: rng.random() ** (1.0 / _interest(p, hard_case_keys)), reverse=True)
    for person in keyed:
        if total >= target_requests:
            break
        count = rng.choices(values, weights=weights)[0]
        sought.append((person, count))
        total += count
    return sought


def _interest(person: Person, hard_case_keys: set[str]) -> float:
    """How likely relatives are to file a request for this person, relative to others."""
    weight = {
        "died": 4.0, "discharged": 2.5, "criminal_arrest": 1.5, "administrative_arrest": 1.2,
        "released_by_court": 0.8, "released_from_station": 0.5,
    }.get(person.fate, 1.0)
    if person.sex == "female":
        weight *= 2
    if spelling.age_on(person.birth_date, REFERENCE_DAY) < 18:
        weight *= 3
    if person.key in hard_case_keys:
        weight *= 3
    return weight
