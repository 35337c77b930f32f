from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
