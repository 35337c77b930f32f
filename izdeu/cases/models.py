from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.people.models import Certainty, EventKind


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

    def death_known(self) -> bool:
        """Whether the sought person's death is confirmed: from then on only a person speaks to
        the family (no message, no status page fact)."""
        died = self.person.events.filter(kind=EventKind.DIED, certainty=Certainty.CONFIRMED).exists()
        return died or self.follow_ups.filter(kind=FollowUpKind.TELL_DEATH).exists()


class FollowUpKind(models.TextChoices):
    TELL_DEATH = "tell_death", _("Tell the family of a death, in person")
    CALL_BACK = "call_back", _("Call the requester back")


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class FollowUp(models.Model):
    """Work a person must do on a case, which no machine may do for them, and who did it when.

    A death is told to a family by a person (for the case's lawyer, or any lawyer of the
    organisation); news for a requester who asked to be phoned or met is passed on by a call.
    """

    audited = True  # every read and change is in the audit log (izdeu.audit)

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="follow_ups")
    search_request = models.ForeignKey(
        "searches.SearchRequest",
        verbose_name=_("search request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    event = models.ForeignKey(
        "people.Event", verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    kind = models.CharField(_("what to do"), max_length=12, choices=FollowUpKind.choices)
    # The news to pass on in a call (a kind of notify.Message); empty for a death.
    news = models.CharField(_("news to pass on"), max_length=12, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["priority", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FollowUpKind.values), name="follow_up_kind_known"),
            models.CheckConstraint(condition=Q(priority__gte=1, priority__lte=4), name="follow_up_priority_known"),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True) | Q(done_at__isnull=False, done_by__isnull=False),
                name="follow_up_done_says_by_whom",
            ),
            # A death is always told first: the family must not learn it from anyone else.
            models.CheckConstraint(
                condition=~Q(kind=FollowUpKind.TELL_DEATH) | Q(priority=Priority.URGENT),
                name="follow_up_death_is_urgent",
            ),
        ]
        indexes = [models.Index(fields=["done_at", "priority", "created_at"])]

    def __str__(self) -> str:
        return _("Follow-up #%(id)s") % {"id": self.pk}
