from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.encryption.fields import EncryptedTextField


class Decision(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for review")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Candidate(models.Model):
    """A possible link found by matching: a search request and a list entry, or two list entries.

    It carries the engine's probability and its reasons, each a sentence with a weight
    (``[{"text": "...", "weight": 6.1}, ...]``), until a person confirms or rejects it.
    """

    audited = True  # every read and change is in the audit log (izdeu.audit)

    entry = models.ForeignKey("lists.ListEntry", verbose_name=_("list entry"), on_delete=models.CASCADE, related_name="candidates")
    search_request = models.ForeignKey(
        "searches.SearchRequest",
        verbose_name=_("search request"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    other_entry = models.ForeignKey(
        "lists.ListEntry",
        verbose_name=_("other list entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    probability = models.FloatField(_("probability"))
    reasons = models.JSONField(_("reasons"), default=list)
    engine_version = models.CharField(_("matching engine version"), max_length=50, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.CheckConstraint(
                condition=Q(search_request__isnull=False, other_entry__isnull=True)
                | Q(search_request__isnull=True, other_entry__isnull=False),
                name="candidate_links_request_or_entry",
            ),
            models.CheckConstraint(condition=~Q(entry=F("other_entry")), name="candidate_not_entry_with_itself"),
            models.CheckConstraint(
                condition=Q(probability__gte=0.0, probability__lte=1.0), name="candidate_probability_between_0_and_1"
            ),
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="candidate_decision_known"),
            # A decision always says who made it and when; a proposal has neither.
            models.CheckConstraint(
                condition=Q(decision=Decision.PROPOSED, decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(decision=Decision.PROPOSED) & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="candidate_decision_has_reviewer",
            ),
            models.UniqueConstraint(
                fields=["search_request", "entry"], condition=Q(search_request__isnull=False), name="candidate_request_entry_once"
            ),
            models.UniqueConstraint(
                fields=["entry", "other_entry"], condition=Q(other_entry__isnull=False), name="candidate_entry_pair_once"
            ),
        ]
        indexes = [models.Index(fields=["decision", "-probability"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.probability:.2f}"


class MatchingModel(models.Model):
    """A matching model learned from the organisation's own records, kept with them.

    Parameters only (how often each level of agreement occurs among matches and non-matches):
    no personal data. The latest one is used; the earlier ones say what matching believed when.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    parameters = models.JSONField(_("parameters"))
    entries = models.PositiveIntegerField(_("list entries learned from"))
    requests = models.PositiveIntegerField(_("requests learned from"))
    trained_at = models.DateTimeField(_("learned at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("matching model")
        verbose_name_plural = _("matching models")
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.trained_at:%Y-%m-%d %H:%M}"


class ReviewDecision(models.Model):
    """One reviewer's decision on a candidate, kept whole so that it can be undone, and so that
    a death takes two people.

    The first confirmation of a death only waits (``awaits_second``): nothing is recorded on the
    timeline and nobody is told until a different lawyer confirms it too. A confirmation keeps
    the event it made and the statuses it changed, which undoing it retracts and restores.
    """

    audited = True  # every read and change is in the audit log (izdeu.audit)

    candidate = models.ForeignKey(Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(
        _("decision"), max_length=10, choices=[(Decision.CONFIRMED, Decision.CONFIRMED.label), (Decision.REJECTED, Decision.REJECTED.label)]
    )
    awaits_second = models.BooleanField(_("waits for a second lawyer"), default=False)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    reason = EncryptedTextField(_("why"), blank=True)
    event = models.ForeignKey(
        "people.Event", verbose_name=_("event recorded"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # {"case": "open", "requests": {"12": "open"}}: what the confirmation changed, for undo.
    statuses_before = models.JSONField(_("statuses before"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("undone by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=[Decision.CONFIRMED, Decision.REJECTED]), name="review_decision_known"
            ),
            models.CheckConstraint(
                condition=Q(awaits_second=False) | Q(decision=Decision.CONFIRMED, event__isnull=True),
                name="review_decision_only_a_confirmation_waits",
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True, undone_by__isnull=True)
                | Q(undone_at__isnull=False, undone_by__isnull=False),
                name="review_decision_undo_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.decision}"
