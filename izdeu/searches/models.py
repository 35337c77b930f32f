import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.encryption.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from izdeu.people.models import PersonDetails


class Relationship(models.TextChoices):
    PARENT = "parent", _("Parent")
    SPOUSE = "spouse", _("Husband or wife")
    CHILD = "child", _("Son or daughter")
    SIBLING = "sibling", _("Brother or sister")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    FRIEND = "friend", _("Friend or neighbour")
    COLLEAGUE = "colleague", _("Colleague")
    LAWYER = "lawyer", _("Lawyer")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    TELEGRAM = "telegram", _("Telegram")
    IN_PERSON = "in_person", _("In person")


class SharingScope(models.TextChoices):
    ORGANISATION = "organisation", _("Only the organisation I contacted")
    PARTNERS = "partners", _("Also partner organisations helping to search")


class Requester(models.Model):
    """The one who asks. Their contact details are the most sensitive data izdeu holds: encrypted."""

    audited = True  # every read and change is in the audit log (izdeu.audit)

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = EncryptedCharField(_("name"), max_length=200)
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    email = EncryptedEmailField(_("email"), blank=True)
    telegram = EncryptedCharField(_("Telegram"), max_length=64, blank=True)
    relationship = models.CharField(_("relationship to the sought person"), max_length=20, choices=Relationship.choices)
    preferred_channel = models.CharField(_("safe way to reach them"), max_length=12, choices=Channel.choices)
    reachable_when = EncryptedCharField(_("when they can be reached"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
    )
    consent_given_at = models.DateTimeField(_("consent given at"))
    sharing_scope = models.CharField(_("who may see the request"), max_length=12, choices=SharingScope.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("requester")
        verbose_name_plural = _("requesters")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | ~Q(telegram=""), name="requester_can_be_reached"
            ),
            models.CheckConstraint(condition=Q(relationship__in=Relationship.values), name="requester_relationship_known"),
            models.CheckConstraint(condition=Q(preferred_channel__in=Channel.values), name="requester_channel_known"),
            models.CheckConstraint(condition=Q(sharing_scope__in=SharingScope.values), name="requester_scope_known"),
            models.CheckConstraint(condition=Q(language__in=["kk", "ru", "en"]), name="requester_language_known"),
        ]

    def __str__(self) -> str:
        return _("Requester #%(id)s") % {"id": self.pk}


# Letters and digits that cannot be confused when read aloud or typed from a flyer
# (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
REFERENCE_LENGTH = 8


def new_reference_code() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


class IntakeChannel(models.TextChoices):
    WEB = "web", _("Web form")
    TELEGRAM = "telegram", _("Telegram bot")
    PHONE = "phone", _("Phone intake")
    API = "api", _("API")
    IMPORT = "import", _("Imported")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Searching")
    LOCATED = "located", _("Located")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the requester")


class SearchRequest(PersonDetails):
    """What a relative or volunteer files about a sought person, in the requester's own words."""

    audited = True  # every read and change is in the audit log (izdeu.audit)

    reference_code = models.CharField(_("reference code"), max_length=9, unique=True, default=new_reference_code, editable=False)
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(Requester, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="requests")
    phone = EncryptedCharField(_("sought person's phone"), max_length=32, blank=True)
    description = EncryptedTextField(_("appearance and clothing"), blank=True)
    last_seen_place = EncryptedCharField(_("last seen where"), max_length=300, blank=True)
    last_seen_at = models.DateTimeField(_("last seen when"), null=True, blank=True)
    circumstances = EncryptedTextField(_("circumstances"), blank=True)
    health_needs = EncryptedTextField(_("injuries or health needs"), blank=True)
    is_minor = models.BooleanField(_("under 18"), default=False)
    channel = models.CharField(_("received through"), max_length=10, choices=IntakeChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    # The requester's secret for the status page, as an Argon2 hash (izdeu.searches.intake): the
    # database alone cannot show anyone's status. Empty for requests filed before secrets existed.
    secret_hash = models.CharField(max_length=200, blank=True, editable=False)
    # Re-encoded on arrival, so no place, camera or time travels with it; stored encrypted
    # under a random name by the default storage, never served directly.
    photo = models.FileField(_("photo"), upload_to="request-photos/", max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(PersonDetails.Meta):
        verbose_name = _("search request")
        verbose_name_plural = _("search requests")
        constraints = PersonDetails.Meta.constraints + [
            models.CheckConstraint(condition=Q(channel__in=IntakeChannel.values), name="request_channel_known"),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="request_status_known"),
            # Requests typed in by volunteers say who typed them.
            models.CheckConstraint(
                condition=~Q(channel=IntakeChannel.PHONE) | Q(entered_by__isnull=False),
                name="request_phone_intake_names_volunteer",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.reference_code


class AttemptPurpose(models.TextChoices):
    # Never shown to anyone: no translated labels.
    REQUEST = "request"
    STATUS_ADDRESS = "status_address"
    STATUS_CODE = "status_code"


class PublicAttempt(models.Model):
    """One use of a public form, kept briefly to slow down floods and guessing (``throttle.py``).

    Addresses and codes are kept only as keyed hashes: the table says nothing about who came.
    """

    purpose = models.CharField(max_length=16, choices=AttemptPurpose.choices, editable=False)
    key = models.CharField(max_length=64, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["purpose", "key", "at"], name="public_attempt_key"),
                   models.Index(fields=["at"], name="public_attempt_at")]  # fmt: skip
