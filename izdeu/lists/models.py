from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.encryption.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
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
    # Phone numbers in the row, normalised to E.164 and separated by ", " (a cell may hold several).
    phones = EncryptedCharField(_("phone numbers"), max_length=200, blank=True)
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


class Upload(models.Model):
    """A list file exactly as a volunteer gave it, kept encrypted so that nothing read from it is lost.

    One file (by SHA-256) is stored once per organisation; importing it again reuses it.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The default storage encrypts the file and stores it under a random name.
    file = models.FileField(_("file"), upload_to="lists/", max_length=200)
    # A file name can hold a person's name ("Загипаров_справка.xlsx"), so it is encrypted.
    original_name = EncryptedCharField(_("file name as uploaded"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    detected_kind = models.CharField(_("detected format"), max_length=10, blank=True)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha256"], name="upload_one_per_file"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="upload_sha256_hex"),
        ]

    def __str__(self) -> str:
        return self.sha256[:12]


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class ImportRun(models.Model):
    """One table (sheet) of an upload read into one list, with the counts a coordinator can defend."""

    source = models.ForeignKey(Source, verbose_name=_("list"), on_delete=models.PROTECT, related_name="import_runs")
    upload = models.ForeignKey(Upload, verbose_name=_("file"), on_delete=models.PROTECT, related_name="import_runs")
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    # Column headers as written: a later version with the same headers reuses this mapping.
    headers = models.JSONField(_("column headers"), default=list)
    mapping = models.JSONField(_("column meanings"), default=dict)
    problems = models.JSONField(_("reading problems"), default=list)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    quarantined = models.PositiveIntegerField(_("quarantined"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    blank = models.PositiveIntegerField(_("blank rows"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["started_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="import_run_status_known"),
            # Every row read is accounted for: nothing silently dropped.
            models.CheckConstraint(
                condition=Q(status=ImportStatus.RUNNING)
                | Q(rows=F("imported") + F("quarantined") + F("duplicates"), finished_at__isnull=False),
                name="import_run_rows_accounted_for",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.sheet}"


class QuarantineStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a person")
    FIXED = "fixed", _("Fixed")
    DISMISSED = "dismissed", _("Dismissed")


class QuarantinedRow(models.Model):
    """A row that could not become a list entry, kept whole with the reasons, for a person to fix."""

    audited = True  # the raw row holds personal data (izdeu.audit)

    run = models.ForeignKey(ImportRun, verbose_name=_("import"), on_delete=models.PROTECT, related_name="quarantined_rows")
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    row_number = models.PositiveIntegerField(_("row"))
    raw = EncryptedJSONField(_("row as read"))
    # Codes and details only, never the values: these can be shown and counted safely.
    problems = models.JSONField(_("problems"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=QuarantineStatus.choices, default=QuarantineStatus.OPEN
    )
    fixed_entry = models.ForeignKey(
        ListEntry, verbose_name=_("entry made from it"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("quarantined row")
        verbose_name_plural = _("quarantined rows")
        ordering = ["run", "sheet", "row_number"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=QuarantineStatus.values), name="quarantined_row_status_known"),
            models.CheckConstraint(
                condition=Q(status=QuarantineStatus.FIXED, fixed_entry__isnull=False)
                | (~Q(status=QuarantineStatus.FIXED) & Q(fixed_entry__isnull=True)),
                name="quarantined_row_fixed_has_entry",
            ),
            models.UniqueConstraint(fields=["run", "sheet", "row_number"], name="quarantined_row_one_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.sheet}:{self.row_number}"


class JobStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    MAPPING = "mapping", _("Waiting for the columns to be checked")
    QUEUED = "queued", _("Waiting to be loaded")
    LOADING = "loading", _("Loading")
    FINISHED = "finished", _("Loaded")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """A list being loaded from the web page, in the background: read, columns checked, then imported.

    The file is kept (`upload`) before anything else happens, so a job that fails can be run again.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    upload = models.ForeignKey(Upload, verbose_name=_("file"), on_delete=models.PROTECT, related_name="jobs")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    # What the volunteer said about the list, passed to the import as given.
    source_name = models.CharField(_("list name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    facility = models.ForeignKey(
        "facilities.Facility", verbose_name=_("facility"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    list_date = models.DateField(_("list date"), null=True, blank=True)
    provided_by = models.CharField(_("provided by"), max_length=300, blank=True)
    reliability = models.CharField(_("reliability"), max_length=20, choices=Reliability.choices)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.READING)
    # Each sheet as read: headers, guessed meanings, row count and a few sample rows (personal data:
    # encrypted, and emptied once the list is loaded).
    sheets = EncryptedJSONField(_("sheets as read"), default=list)
    # The volunteer's choice: {sheet: {column index: field or null}}, and the sheets left out.
    mappings = models.JSONField(_("column meanings"), default=dict)
    skipped_sheets = models.JSONField(_("sheets left out"), default=list)
    # Problem codes that refused the file or failed the load; never a value from the file.
    problems = models.JSONField(_("problems"), default=list)
    source = models.ForeignKey(
        Source, verbose_name=_("list"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    already_imported = models.BooleanField(_("already loaded before"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("list being loaded")
        verbose_name_plural = _("lists being loaded")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="import_job_status_known"),
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="import_job_kind_known"),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.FINISHED) | Q(source__isnull=False, finished_at__isnull=False),
                name="import_job_finished_has_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}:{self.status}"

    def forget_samples(self) -> None:
        """The sample rows were for the column screen only: personal data not kept longer than needed."""
        self.sheets = [{key: value for key, value in sheet.items() if key != "samples"} for sheet in self.sheets]

    @property
    def in_progress(self) -> bool:
        return self.status in (JobStatus.READING, JobStatus.QUEUED, JobStatus.LOADING)
