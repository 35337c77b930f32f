from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.encryption.fields import EncryptedJSONField, EncryptedTextField
from izdeu.people.models import PersonDetails


class SourceKind(models.TextChoices):
    POLICE_STATION = "police_station", _("Police station list")
    TEMPORARY_DETENTION = "temporary_detention", _("Temporary detention (IVS) list")
    PRETRIAL_DETENTION = "pretrial_detention", _("Pre-trial detention (SIZO) list")
    COURT = "court", _("Court decisions")
    HOSPITAL = "hospital", _("Hospital admissions")
    MORGUE = "morgue", _("Morgue records")
    RELEASE = "release", _("Release list")
    VOLUNTEER_REPORT = "volunteer_report", _("Volunteer report")
    OFFICIAL_STATEMENT = "official_statement", _("Official statement")


class Reliability(models.TextChoices):
    OFFICIAL_DOCUMENT = "official_document", _("Official document")
    RELIABLE = "reliable", _("Reliable: checked by our people")
    USUALLY_RELIABLE = "usually_reliable", _("Usually reliable")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")
    DOUBTFUL = "doubtful", _("Doubtful")


class Source(models.Model):
    """A list: a document of entries, such as the detainees of one station on one date."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    facility = models.ForeignKey(
        "facilities.Facility", verbose_name=_("facility"), null=True, blank=True, on_delete=models.PROTECT, related_name="sources"
    )
    list_date = models.DateField(_("list date"), null=True, blank=True)
    provided_by = models.CharField(_("provided by"), max_length=300, blank=True)
    reliability = models.CharField(_("reliability"), max_length=20, choices=Reliability.choices)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("list")
        verbose_name_plural = _("lists")
        ordering = ["-list_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="source_kind_known"),
            models.CheckConstraint(condition=Q(reliability__in=Reliability.values), name="source_reliability_known"),
        ]

    def __str__(self) -> str:
        return self.name


class ListEntry(PersonDetails):
    """One row of a list: the raw row as read, the fields read from it, and where it came from.

    The raw row holds the same personal data as the fields read from it, so it is encrypted whole.
    """

    audited = True  # every read and change is in the audit log (izdeu.audit)

    source = models.ForeignKey(Source, verbose_name=_("list"), on_delete=models.PROTECT, related_name="entries")
    file_name = models.CharField(_("file"), max_length=300, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    row_number = models.PositiveIntegerField(_("row"))
    raw = EncryptedJSONField(_("row as read"))
    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("held at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where this row says the person is, when it differs from the list's facility."),
    )
    place_text = models.CharField(_("place, as written"), max_length=300, blank=True)
    article = models.CharField(_("charge (article)"), max_length=200, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("confirmed person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="list_entries",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(PersonDetails.Meta):
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = PersonDetails.Meta.constraints + [
            models.UniqueConstraint(fields=["source", "sheet", "row_number"], name="list_entry_one_per_row"),
            models.CheckConstraint(
                condition=Q(file_sha256="") | Q(file_sha256__regex=r"^[0-9a-f]{64}$"), name="list_entry_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.sheet}:{self.row_number}"
