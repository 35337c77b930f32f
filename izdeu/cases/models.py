from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Priority(models.IntegerChoices):
    # Lower numbers are worked first.
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Searching")
    LOCATED = "located", _("Located")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """The work on one sought person: the requests about them, priority, lawyer and status."""

    audited = True  # every read and change is in the audit log (izdeu.audit)

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.OneToOneField("people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="case")
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    assigned_lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned lawyer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        limit_choices_to={"role": "lawyer"},
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["priority", "opened_at"]
        constraints = [
            models.CheckConstraint(condition=Q(priority__gte=1, priority__lte=4), name="case_priority_known"),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_known"),
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.CLOSED) & Q(closed_at__isnull=False))
                | (~Q(status=CaseStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="case_closed_iff_closed_at",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("opened_at")),
                name="case_closes_after_it_opens",
            ),
        ]
        indexes = [models.Index(fields=["status", "priority", "opened_at"])]

    def __str__(self) -> str:
        return _("Case #%(id)s") % {"id": self.pk}
