"""The forms that take a search request in: the public form, and phone intake by a volunteer.

Both read names, birth dates or ages, IINs and phone numbers with the parsers the lists use
(``izdeu.lists.values``), so a request and a list row are understood alike, and both hand the
same two descriptions to ``izdeu.searches.intake.file_request``.
"""

import re
import secrets

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from izdeu.lists.problems import describe
from izdeu.lists.values import Birth, Iin, Phone, cross_check, normalise_phone, parse_birth, parse_iin
from izdeu.people.models import Sex
from izdeu.searches.intake import RequesterDetails, SoughtPerson
from izdeu.searches.models import Channel, Relationship, SharingScope
from izdeu.searches.photos import NotAPhoto, reencode

LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d", "%d.%m.%Y"]
TELEGRAM_NAME = re.compile(r"^@?[A-Za-z][A-Za-z0-9_]{4,31}$")
# Which contact each safe channel needs.
CHANNEL_NEEDS = {Channel.PHONE_CALL: "phone", Channel.SMS: "phone", Channel.EMAIL: "email", Channel.TELEGRAM: "telegram"}


class RequestForm(forms.Form):
    """Everything a request says, in the order a relative thinks of it."""

    # The sought person
    full_name = forms.CharField(
        label=_("Full name of the person you are looking for"), max_length=300, required=False,
        help_text=_("As you usually write it, in any alphabet."), widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    birth = forms.CharField(
        label=_("Birth date or age"), max_length=40, required=False,
        help_text=_("For example 12.03.1992, 1992, or 30 years old."),
    )  # fmt: skip
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, widget=forms.RadioSelect)
    is_minor = forms.BooleanField(label=_("Under 18"), required=False)
    iin = forms.CharField(
        label=_("IIN, if you know it"), max_length=20, required=False,
        help_text=_("12 digits, from an identity card or a birth certificate."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    last_seen_place = forms.CharField(
        label=_("Last seen where, or taken where"), max_length=300, required=False,
        help_text=_("A street, a square, a police station."),
    )  # fmt: skip
    last_seen_at = forms.DateTimeField(
        label=_("Last seen when"), required=False, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )  # fmt: skip
    circumstances = forms.CharField(
        label=_("What happened"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who took them, how, anything you saw or were told."),
    )  # fmt: skip
    health_needs = forms.CharField(
        label=_("Injuries or health needs"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wounds, illnesses, medicines they need every day."),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Appearance and clothing"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    phone = forms.CharField(label=_("Their phone number, if known"), max_length=32, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))  # fmt: skip
    # The requester
    requester_name = forms.CharField(label=_("Your name"), max_length=200,
                                     widget=forms.TextInput(attrs={"autocomplete": "name"}))  # fmt: skip
    relationship = forms.ChoiceField(label=_("Who are you to them?"), choices=[("", "—"), *Relationship.choices])
    requester_phone = forms.CharField(label=_("Your phone number"), max_length=32, required=False,
                                      widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))  # fmt: skip
    requester_email = forms.EmailField(label=_("Your email"), required=False,
                                       widget=forms.EmailInput(attrs={"autocomplete": "email"}))  # fmt: skip
    requester_telegram = forms.CharField(label=_("Your Telegram user name"), max_length=33, required=False,
                                         help_text=_("For example @gulnar_z."))  # fmt: skip
    preferred_channel = forms.ChoiceField(
        label=_("The safe way to reach you"), choices=[("", "—"), *Channel.choices],
        help_text=_("We only use this way, unless you tell us otherwise."),
    )  # fmt: skip
    reachable_when = forms.CharField(label=_("When can we reach you?"), max_length=200, required=False,
                                     help_text=_("For example: evenings after 19:00."))  # fmt: skip
    language = forms.ChoiceField(label=_("Language we should use"), choices=LANGUAGES)
    sharing_scope = forms.ChoiceField(
        label=_("Who may see your request"), choices=SharingScope.choices, initial=SharingScope.ORGANISATION,
        widget=forms.RadioSelect,
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("I agree that the lawyers and volunteers of this organisation keep what I wrote, compare it with "
                "lists of detained, injured and dead people, and contact me about it. I can ask for it to be "
                "deleted at any time."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "kk")[:2]
        self.birth: Birth | None = None
        self.parsed_iin: Iin | None = None

    def clean_birth(self) -> str:
        text = self.cleaned_data["birth"].strip()
        if text:
            parsed = parse_birth(text, reference=timezone.localdate())
            if not isinstance(parsed, Birth):
                raise forms.ValidationError(describe(parsed.code), code=parsed.code)
            self.birth = parsed
        return text

    def clean_iin(self) -> str:
        text = self.cleaned_data["iin"].strip()
        if not text:
            return ""
        parsed = parse_iin(text)
        if not isinstance(parsed, Iin):
            raise forms.ValidationError(describe(parsed.code), code=parsed.code)
        self.parsed_iin = parsed
        return parsed.value

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"])

    def clean_requester_phone(self) -> str:
        return _phone(self.cleaned_data["requester_phone"])

    def clean_requester_telegram(self) -> str:
        name = self.cleaned_data["requester_telegram"].strip()
        if name and not TELEGRAM_NAME.match(name):
            raise forms.ValidationError(_("A Telegram user name has 5 to 32 Latin letters, digits or _."))
        return "@" + name.lstrip("@") if name else ""

    def clean(self):
        data = super().clean()
        if not any(data.get(name, "").strip() for name in ("full_name", "surname", "given_name")):
            self.add_error("full_name", _("Write the name of the person you are looking for."))
        if self.parsed_iin is not None and "iin" not in self.errors:
            for problem in cross_check(self.parsed_iin, self.birth, data.get("sex")):
                self.add_error("iin", forms.ValidationError(describe(problem.code), code=problem.code))
        contacts = {"phone": data.get("requester_phone"), "email": data.get("requester_email"),
                    "telegram": data.get("requester_telegram")}  # fmt: skip
        if not any(contacts.values()) and not self.errors.keys() & {"requester_phone", "requester_email", "requester_telegram"}:
            self.add_error("requester_phone", _("Give at least one way to reach you: a phone, an email or Telegram."))
        needed = CHANNEL_NEEDS.get(data.get("preferred_channel"))
        if needed and not contacts[needed] and f"requester_{needed}" not in self.errors:
            self.add_error(f"requester_{needed}", _("Fill this in to be reached the way you chose."))
        return data

    def sought(self) -> SoughtPerson:
        data = self.cleaned_data
        birth = self.birth or (_birth_of(self.parsed_iin) if self.parsed_iin else None)
        sex = data["sex"]
        if sex == Sex.UNKNOWN and self.parsed_iin is not None:
            sex = self.parsed_iin.sex
        return SoughtPerson(
            full_name=data["full_name"].strip(), surname=data["surname"].strip(), given_name=data["given_name"].strip(),
            patronymic=data["patronymic"].strip(), sex=sex, iin=data["iin"], phone=data["phone"],
            description=data["description"].strip(), last_seen_place=data["last_seen_place"].strip(),
            last_seen_at=data["last_seen_at"], circumstances=data["circumstances"].strip(),
            health_needs=data["health_needs"].strip(), is_minor=data["is_minor"],
            **_birth_fields(birth),
        )  # fmt: skip

    def requester(self) -> RequesterDetails:
        data = self.cleaned_data
        return RequesterDetails(
            name=data["requester_name"].strip(), relationship=data["relationship"],
            preferred_channel=data["preferred_channel"], language=data["language"],
            sharing_scope=data["sharing_scope"], phone=data["requester_phone"], email=data["requester_email"],
            telegram=data["requester_telegram"], reachable_when=data["reachable_when"].strip(),
        )  # fmt: skip


def _phone(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    parsed = normalise_phone(text)
    if not isinstance(parsed, Phone):
        raise forms.ValidationError(describe(parsed.code), code=parsed.code)
    return parsed.e164


def _birth_of(iin: Iin) -> Birth:
    return Birth(date=iin.birth_date, year=iin.birth_date.year)


def _birth_fields(birth: Birth | None) -> dict:
    if birth is None:
        return {}
    if birth.precision == "age":
        return {"age_min": birth.age_min, "age_max": birth.age_max, "age_on": birth.age_on}
    return {"birth_date": birth.date, "birth_year": birth.year}


CHALLENGE_SALT = "izdeu.searches.challenge"
CHALLENGE_MAX_AGE = 6 * 60 * 60


class PublicRequestForm(RequestForm):
    """The form anyone can fill in: with a photo, a field only robots fill, and a small sum."""

    photo = forms.FileField(
        label=_("A photo of their face"), required=False,
        help_text=_("JPEG or PNG, up to 10 MB. Where and when it was taken is removed before it is kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )  # fmt: skip
    # Hidden from people by the stylesheet and from screen readers; robots fill in every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))  # fmt: skip
    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Answer"), max_length=4,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))  # fmt: skip

    field_order = ["full_name", "surname", "given_name", "patronymic", "birth", "sex", "is_minor", "iin", "photo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.photo_bytes: bytes | None = None
        # A sum is asked again as long as its signed token is valid, so it survives a form that
        # comes back for another field; a forged or stale token gets a new sum.
        self.terms = _terms(self.data.get("challenge", "")) if self.is_bound else None
        # An answer sent with a forged or stale token answers a sum nobody was shown.
        self.sum_unseen = self.is_bound and self.terms is None
        if self.terms is None:
            self.terms = (secrets.randbelow(8) + 2, secrets.randbelow(8) + 2)
            if self.is_bound:
                self.data = self.data.copy()
                self.data["challenge"] = _sign(self.terms)
        if self.is_bound and self.data.get("website"):
            # Shown again without it: a person whose browser filled it in can simply send again.
            self.data = self.data.copy()
            self.data["website"] = ""
            self.robot = True
        else:
            self.robot = False
        self.fields["challenge"].initial = _sign(self.terms)
        self.fields["answer"].label = _("How much is %(a)s plus %(b)s? Answer in digits.") % {
            "a": self.terms[0], "b": self.terms[1]
        }

    def clean(self):
        data = super().clean()
        if self.robot:
            raise forms.ValidationError(_("Your request could not be sent. Check it and send it again."))
        return data

    def clean_answer(self) -> str:
        answer = self.cleaned_data["answer"].strip()
        if self.sum_unseen or answer != str(sum(self.terms)):
            raise forms.ValidationError(_("That is not the right sum: try again."))
        return answer

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            try:
                self.photo_bytes = reencode(upload.read())
            except NotAPhoto:
                raise forms.ValidationError(
                    _("This file could not be read as a photo up to 10 MB: choose a JPEG or PNG picture.")
                ) from None
        return upload


def _sign(terms: tuple[int, int]) -> str:
    return signing.dumps(list(terms), salt=CHALLENGE_SALT)


def _terms(token: str) -> tuple[int, int] | None:
    try:
        a, b = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(a), int(b)


class PhoneIntakeForm(RequestForm):
    """A request taken during a call, fields in the order the conversation goes."""

    field_order = [
        "full_name", "birth", "sex", "last_seen_place", "last_seen_at", "circumstances", "health_needs", "is_minor",
        "iin", "phone", "description", "requester_name", "relationship", "requester_phone", "preferred_channel",
        "reachable_when", "language", "requester_email", "requester_telegram", "sharing_scope", "consent",
        "surname", "given_name", "patronymic",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "I read the consent to the caller and they agreed: we keep what they said, compare it with lists, "
            "and contact them about it."
        )
        # The volunteer types what the caller says about themselves: the form speaks of the caller.
        for name, label in (
            ("full_name", _("Full name of the person the caller is looking for")),
            ("requester_name", _("Caller's name")),
            ("relationship", _("Who is the caller to them?")),
            ("requester_phone", _("Caller's phone number")),
            ("requester_email", _("Caller's email")),
            ("requester_telegram", _("Caller's Telegram user name")),
            ("preferred_channel", _("The safe way to reach the caller")),
            ("reachable_when", _("When can we reach the caller?")),
            ("language", _("Language the caller wants")),
            ("sharing_scope", _("Who may see the request, as the caller chose")),
        ):
            self.fields[name].label = label
        self.fields["preferred_channel"].initial = Channel.PHONE_CALL
        self.fields["full_name"].widget.attrs["autofocus"] = True
        self.fields["last_seen_place"].widget.attrs["list"] = "facility-names"
        self.fields["sex"].widget = forms.Select(choices=Sex.choices)

