from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.encryption.fields import BlindIndexField, EncryptedCharField, EncryptedTextField
from izdeu.encryption.models import BlindIndexedModel
from izdeu.people.fields import IINField


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class PersonDetails(BlindIndexedModel):
    """Who someone is, as one record states it: a request, a list row, or the person themself.

    ``full_name`` keeps the name exactly as written; the parts beside it are what was read from it.
    Birth may be known as a date, a year, or only an age range at some date. The IIN is
    encrypted and found through its keyed hash ``iin_hash`` (``filter_encrypted(iin=…)``);
    names, birth dates and sex stay in clear because matching compares them.
    """

    full_name = models.CharField(_("full name as written"), max_length=300, blank=True)
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("age, at least"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("age, at most"), null=True, blank=True)
    age_on = models.DateField(_("age given on"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=7, choices=Sex.choices, default=Sex.UNKNOWN)
    iin = IINField(_("IIN"), blank=True)
    iin_hash = BlindIndexField(source="iin", purpose="iin")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name="") | ~Q(surname="") | ~Q(given_name=""),
                name="%(app_label)s_%(class)s_has_a_name",
            ),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="%(app_label)s_%(class)s_sex_known"),
            # The IIN itself is ciphertext, checked by IINField before it is encrypted.
            models.CheckConstraint(
                condition=Q(iin_hash="") | Q(iin_hash__regex=r"^[0-9a-f]{64}$"),
                name="%(app_label)s_%(class)s_iin_hash_hex",
            ),
            models.CheckConstraint(
                condition=Q(iin="", iin_hash="") | (~Q(iin="") & ~Q(iin_hash="")),
                name="%(app_label)s_%(class)s_iin_hashed",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="%(app_label)s_%(class)s_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_year__isnull=True) | Q(birth_date__year=F("birth_year")),
                name="%(app_label)s_%(class)s_birth_date_agrees_with_year",
            ),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True) | Q(age_max__lte=120), name="%(app_label)s_%(class)s_age_plausible"
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_min__lte=F("age_max")),
                name="%(app_label)s_%(class)s_age_range_ordered",
            ),
        ]

    def display_name(self) -> str:
        parts = [self.surname, self.given_name, self.patronymic]
        return " ".join(p for p in parts if p) or self.full_name


class Person(PersonDetails):
    """One real human: someone sought, or someone listed, possibly seen in many records."""

    audited = True  # every read and change is in the audit log (izdeu.audit)

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    other_spellings = models.JSONField(_("other spellings"), default=list, blank=True)
    description = EncryptedTextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(PersonDetails.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name()


class EventKind(models.TextChoices):
    REPORTED_MISSING = "reported_missing", _("Reported missing")
    SEEN = "seen", _("Seen")
    DETAINED = "detained", _("Detained")
    TRANSFERRED = "transferred", _("Transferred")
    CHARGED = "charged", _("Charged")
    COURT_HEARING = "court_hearing", _("Court hearing")
    SENTENCED = "sentenced", _("Sentenced")
    RELEASED = "released", _("Released")
    HOSPITALISED = "hospitalised", _("Hospitalised")
    DIED = "died", _("Died")


class Certainty(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PROBABLE = "probable", _("Probable")
    POSSIBLE = "possible", _("Possible")
    UNVERIFIED = "unverified", _("Unverified")


class TimePrecision(models.TextChoices):
    EXACT = "exact", _("Exact time")
    DAY = "day", _("Day only")
    APPROXIMATE = "approximate", _("Approximate")


class EventQuerySet(models.QuerySet):
    def standing(self):
        """Events still held true: not retracted by undoing the decision that made them."""
        return self.filter(retracted_at__isnull=True)


class Event(models.Model):
    """A fact on a person's timeline, with where it came from and how sure we are.

    The fields hold what a detention register must record under Art. 17(3) of the Convention
    on Enforced Disappearance: when and where, the authority that acted and the one that ordered
    it, the legal grounds, the supervising authority, the person's physical state, the
    destination of a transfer or release, and for a death its circumstances, cause and where
    the remains went. Conflicting events are all kept; none overwrites another.
    """

    audited = True  # every read and change is in the audit log (izdeu.audit)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("when"), null=True, blank=True)
    time_precision = models.CharField(
        _("how precise the time is"), max_length=12, choices=TimePrecision.choices, default=TimePrecision.DAY
    )
    facility = models.ForeignKey(
        "facilities.Facility", verbose_name=_("where"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_text = models.CharField(_("where, as described"), max_length=300, blank=True)
    acting_authority = models.CharField(_("authority that acted"), max_length=300, blank=True)
    ordering_authority = models.CharField(_("authority that ordered it"), max_length=300, blank=True)
    legal_grounds = models.CharField(_("legal grounds"), max_length=300, blank=True)
    supervising_authority = models.CharField(_("supervising authority"), max_length=300, blank=True)
    destination_facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("moved to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination_text = models.CharField(_("moved to, as described"), max_length=300, blank=True)
    physical_condition = EncryptedTextField(_("physical condition"), blank=True)
    death_circumstances = EncryptedTextField(_("circumstances of death"), blank=True)
    cause_of_death = EncryptedCharField(_("cause of death"), max_length=300, blank=True)
    remains_location = models.CharField(_("where the remains are"), max_length=300, blank=True)
    certainty = models.CharField(_("how sure"), max_length=12, choices=Certainty.choices)
    source = models.ForeignKey(
        "lists.Source", verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    list_entry = models.ForeignKey(
        "lists.ListEntry", verbose_name=_("list entry"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    candidate = models.ForeignKey(
        "review.Candidate", verbose_name=_("confirmed match"), null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The user who reported this fact when it comes from no list, e.g. from a phone call."),
    )
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # Undoing the decision that made an event retracts it rather than deleting it: messages may
    # already name it, and the timeline keeps what was believed, and until when.
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("retracted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["person", "occurred_at", "recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_known"),
            models.CheckConstraint(condition=Q(certainty__in=Certainty.values), name="event_certainty_known"),
            models.CheckConstraint(condition=Q(time_precision__in=TimePrecision.values), name="event_time_precision_known"),
            # Every fact is traceable: to a list, or to the user who reported it.
            models.CheckConstraint(
                condition=Q(source__isnull=False) | Q(reported_by__isnull=False), name="event_has_a_source"
            ),
            models.CheckConstraint(
                condition=Q(list_entry__isnull=True) | Q(source__isnull=False), name="event_entry_names_its_list"
            ),
            models.CheckConstraint(
                condition=~Q(kind=EventKind.TRANSFERRED)
                | Q(destination_facility__isnull=False)
                | ~Q(destination_text=""),
                name="event_transfer_has_destination",
            ),
            models.CheckConstraint(
                condition=Q(retracted_at__isnull=True, retracted_by__isnull=True)
                | Q(retracted_at__isnull=False, retracted_by__isnull=False),
                name="event_retraction_names_who",
            ),
            # Whoever reads "confirmed" events (the status page, messages) never meets a retracted one.
            models.CheckConstraint(
                condition=Q(retracted_at__isnull=True) | ~Q(certainty=Certainty.CONFIRMED),
                name="event_retracted_is_not_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["kind", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def where(self) -> tuple[models.Model | None, str]:
        """Where this event leaves the person: the facility (if known) and the place as described.
        A transfer leaves them at its destination."""
        if self.kind == EventKind.TRANSFERRED:
            return self.destination_facility, self.destination_text
        return self.facility, self.place_text
