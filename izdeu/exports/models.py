import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An approval is for one download soon after it; an old approval must be asked for again.
APPROVAL_VALID_FOR = dt.timedelta(hours=24)


class ExportKind(models.TextChoices):
    CASES = "cases", _("Sought people: names, birth, status and last known place")


class ExportStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    DOWNLOADED = "downloaded", _("Downloaded")


class Export(models.Model):
    """A file of personal data leaving izdeu: asked for by one person, approved by another.

    A coordinator asks and says why; an administrator of the same organisation approves or
    refuses; the coordinator downloads it once. Every row of the file names both.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what"), max_length=20, choices=ExportKind.choices)
    reason = models.TextField(_("why it is needed"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("why it was refused"), blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ExportKind.values), name="export_kind_known"),
            models.CheckConstraint(condition=Q(status__in=ExportStatus.values), name="export_status_known"),
            # The second person really is a second person.
            models.CheckConstraint(condition=~Q(decided_by=F("requested_by")), name="export_approved_by_another"),
            models.CheckConstraint(
                condition=Q(status=ExportStatus.REQUESTED, decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(status=ExportStatus.REQUESTED) & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="export_decision_has_a_decider",
            ),
            models.CheckConstraint(
                condition=Q(status=ExportStatus.DOWNLOADED, downloaded_at__isnull=False)
                | (~Q(status=ExportStatus.DOWNLOADED) & Q(downloaded_at__isnull=True)),
                name="export_downloaded_once_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"export #{self.pk}"

    def decide(self, administrator, approve: bool, refusal_reason: str = "") -> None:
        self.status = ExportStatus.APPROVED if approve else ExportStatus.REFUSED
        self.decided_by = administrator
        self.decided_at = timezone.now()
        self.refusal_reason = "" if approve else refusal_reason
        self.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])

    def can_be_downloaded(self) -> bool:
        return self.status == ExportStatus.APPROVED and timezone.now() - self.decided_at <= APPROVAL_VALID_FOR

    def watermark(self) -> str:
        """Who asked and who approved, in the language of the one downloading it."""
        return _("izdeu export #%(id)s, asked by %(asker)s on %(asked)s, approved by %(approver)s on %(approved)s") % {
            "id": self.pk,
            "asker": self.requested_by.get_username(),
            "asked": f"{timezone.localtime(self.requested_at):%Y-%m-%d %H:%M}",
            "approver": self.decided_by.get_username(),
            "approved": f"{timezone.localtime(self.decided_at):%Y-%m-%d %H:%M}",
        }
