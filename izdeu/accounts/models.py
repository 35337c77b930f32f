import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from izdeu.encryption.fields import EncryptedCharField


class Organisation(models.Model):
    """A group that works together (a legal aid group, a volunteer network).

    Records belong to one organisation; a coordinator sees everything of their own.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    LAWYER = "lawyer", _("Lawyer")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """Someone who works in izdeu. Relatives never have accounts."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="members"
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="kk",
    )

    objects = UserManager()
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_known"),
            # Only administrators may use the admin site.
            models.CheckConstraint(
                condition=Q(is_staff=False) | Q(role=Role.ADMINISTRATOR), name="user_staff_is_administrator"
            ),
        ]

    def save(self, *args, **kwargs):
        self.is_staff = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="api_token_name_unique_per_user")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, user: User, name: str) -> tuple["ApiToken", str]:
        token = "izd_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, token_hash=hash_token(token)), token

    @classmethod
    def user_for(cls, token: str) -> User | None:
        found = (
            cls.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        cls.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found.user


class BreakGlassQuerySet(models.QuerySet):
    def open_for(self, user: User) -> "BreakGlassQuerySet":
        return self.filter(user=user, user__is_active=True, expires_at__gt=timezone.now())


class BreakGlass(models.Model):
    """An administrator's time-limited access to case content, opened with a stated reason.

    Administrators manage accounts and normally see no case content; in an emergency (a
    coordinator arrested, cases to hand over) they open one of these. Each is audited.
    """

    DURATION = dt.timedelta(hours=1)

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="break_glasses")
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("opened_at")), name="break_glass_ends_after_it_opens"),
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"break-glass #{self.pk}"

    @classmethod
    def open(cls, user: User, reason: str) -> "BreakGlass":
        if not user.has_role(Role.ADMINISTRATOR):
            raise PermissionError("only administrators break the glass")
        now = timezone.now()
        return cls.objects.create(user=user, reason=reason, opened_at=now, expires_at=now + cls.DURATION)


class TotpDevice(models.Model):
    """The authenticator app someone signs in with: a TOTP secret (RFC 6238) shared with it.

    It counts once confirmed with a first code. ``last_used_step`` is the time step of the last
    code accepted: a code from that step or an earlier one is refused, so a code seen over a
    shoulder or replayed from a phishing page is worth nothing.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    # Encrypted: with the secret, anyone holding a copy of the database could make codes.
    secret = EncryptedCharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_step = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return f"authenticator #{self.pk}"


class RecoveryCode(models.Model):
    """A single-use code for signing in without the authenticator. Only its hash is stored."""

    device = models.ForeignKey(TotpDevice, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "code_hash"], name="recovery_code_unique_per_device")]


class SignInStep(models.TextChoices):
    PASSWORD = "password"  # noqa: S105 - the name of a step, not a password
    CODE = "code"


class SignInAttempt(models.Model):
    """One try at a password or a second-factor code, kept briefly to slow down guessing.

    What was typed as the user name is kept only as a keyed hash: the table holds no names,
    and a failed attempt for an account that does not exist looks like any other.
    """

    account_key = models.CharField(max_length=64, editable=False)
    step = models.CharField(max_length=10, choices=SignInStep.choices, editable=False)
    ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False)
    succeeded = models.BooleanField(editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["account_key", "step", "at"], name="signin_attempt_account"),
            models.Index(fields=["ip", "at"], name="signin_attempt_ip"),
            models.Index(fields=["at"], name="signin_attempt_at"),
        ]


class UserSession(models.Model):
    """A signed-in browser, listed on the "My sessions" page so it can be ended from elsewhere.

    ``key_hash`` is the key under which the session is stored (see ``session_store.py``), never
    the cookie's value. The device is a browser and system name from a short fixed list.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    key_hash = models.CharField(max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_seen_at = models.DateTimeField(default=timezone.now, editable=False)
    ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    browser = models.CharField(max_length=30, editable=False)
    system = models.CharField(max_length=30, editable=False)

    class Meta:
        ordering = ["-last_seen_at"]
