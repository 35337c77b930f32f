"""The audit log: who read or changed which record, when and from where, chained by hashes.

Entries are append-only: the database refuses UPDATE and DELETE on their table (triggers
installed by migration 0002), and the model refuses to save an existing entry or delete one.
Each entry's hash covers its content and the previous entry's hash, so an entry altered,
removed or moved by someone who bypassed the triggers breaks the chain, which
``izdeu audit verify`` detects.

Entries name users and organisations by id, not by foreign key: the log must outlive what it
describes (an account deleted, the demo world removed) without any row of it being touched.
The actor's label (user name, or ``command:demo``) keeps each entry readable on its own.
"""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    ERASE = "erase", _("Erased")
    EXPORT = "export", _("Exported")
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    ACCESS_DENIED = "access_denied", _("Refused a page")
    BREAK_GLASS = "break_glass", _("Emergency access")
    BULK_LOAD = "bulk_load", _("Loaded in bulk")
    BULK_DELETE = "bulk_delete", _("Deleted in bulk")
    PURGE = "purge", _("Retention purge")
    ALERT = "alert", _("Alert raised")
    ALERT_ACKNOWLEDGED = "alert_acknowledged", _("Alert acknowledged")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("audit entries are never changed")

    def delete(self):
        raise TypeError("audit entries are never deleted")


class AuditEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    at = models.DateTimeField(_("when"), editable=False)
    user_id = models.BigIntegerField(_("account id"), null=True, blank=True, editable=False)
    actor = models.CharField(_("who"), max_length=150, editable=False)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True, editable=False)
    # Text, not the database's address type: the hash must see the very string stored, and
    # PostgreSQL would rewrite some IPv6 forms.
    ip = models.CharField(_("from address"), max_length=45, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, editable=False)
    object_type = models.CharField(_("record type"), max_length=100, blank=True, editable=False)
    object_ids = models.JSONField(_("record ids"), default=list, editable=False)
    fields = models.JSONField(_("fields"), default=list, editable=False)
    detail = models.CharField(_("detail"), max_length=200, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["organisation_id", "-sequence"]),
            models.Index(fields=["user_id", "action", "at"]),
            models.Index(fields=["object_type", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit entries are never deleted")

    def canonical(self) -> bytes:
        """The entry as sorted-key JSON: the exact bytes its hash is computed over."""
        content = {
            "sequence": self.sequence,
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "user_id": self.user_id,
            "actor": self.actor,
            "organisation_id": self.organisation_id,
            "ip": self.ip,
            "action": self.action,
            "object_type": self.object_type,
            "object_ids": self.object_ids,
            "fields": self.fields,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class ChainHead(models.Model):
    """The newest entry's number and hash, in one row that appends lock to stay in order.

    It also lets ``izdeu audit verify`` notice entries cut from the end of the log, which the
    chain alone cannot show.
    """

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"#{self.sequence}"


class AuditAlert(models.Model):
    """One account read an unusual number of records about people within an hour."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    window_start = models.DateTimeField(_("hour"))
    records_read = models.PositiveIntegerField(_("records read"))
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit alert")
        verbose_name_plural = _("audit alerts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "window_start"], name="audit_alert_once_per_account_hour"),
            models.CheckConstraint(
                condition=models.Q(acknowledged_by__isnull=True, acknowledged_at__isnull=True)
                | models.Q(acknowledged_by__isnull=False, acknowledged_at__isnull=False),
                name="audit_alert_acknowledgement_names_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
