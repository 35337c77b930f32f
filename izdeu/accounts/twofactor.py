"""Two-factor sign-in: an authenticator app (TOTP, RFC 6238) and single-use recovery codes.

A password read off a seized laptop or typed into a phishing page is not enough to sign in as
a lawyer, coordinator or administrator: they also type the 6-digit code their phone shows.
Volunteers may turn it on too.

The session counts as fully signed in once ``second_factor_at`` is set in it; until then
``TwoFactorMiddleware`` sends the user to the code step, or to enrolment if their role needs a
second factor and they have none yet.
"""

import enum
import hashlib
import re
import secrets

import pyotp
import segno
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.safestring import SafeString, mark_safe

from izdeu.accounts.models import RecoveryCode, Role, TotpDevice, User

ROLES_REQUIRING_TWO_FACTOR = frozenset({Role.LAWYER, Role.COORDINATOR, Role.ADMINISTRATOR})
SESSION_KEY = "second_factor_at"
ISSUER = "izdeu"
STEP_SECONDS = 30
# Codes from the step before and after the current one are accepted too: phones' clocks drift.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# Crockford's base32: no I, L, O or U to confuse with 1, 0 or V when copied by hand.
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RECOVERY_CODE_GROUPS = 4  # of 4 characters: 80 random bits


class State(enum.Enum):
    DONE = "done"  # signed in with every factor the account needs
    VERIFY = "verify"  # has an authenticator, has not typed its code in this session
    ENROL = "enrol"  # the role needs an authenticator and there is none yet


def requires_two_factor(user: User) -> bool:
    return user.role in ROLES_REQUIRING_TWO_FACTOR


def confirmed_devices() -> QuerySet[TotpDevice]:
    return TotpDevice.objects.filter(confirmed_at__isnull=False)


def confirmed_device(user: User) -> TotpDevice | None:
    return confirmed_devices().filter(user=user).first()


def state_of(request: HttpRequest) -> State:
    device = confirmed_device(request.user)
    if device is None:
        return State.ENROL if requires_two_factor(request.user) else State.DONE
    return State.DONE if SESSION_KEY in request.session else State.VERIFY


def mark_verified(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = timezone.now().timestamp()


def pending_device(user: User) -> TotpDevice:
    """The authenticator being set up: the same secret until it is confirmed, so reloading the
    page does not invalidate what was already scanned."""
    device, _created = TotpDevice.objects.get_or_create(
        user=user, confirmed_at__isnull=True, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> SafeString:
    """The otpauth address as an SVG QR code to put straight into the page.

    segno draws it with one path and presentation attributes, no style attribute, so it
    passes the Content-Security-Policy; without width and height it takes its size from CSS.
    """
    svg = segno.make(uri, error="m").svg_inline(
        title=title, svgclass="qr", lineclass=None, omitsize=True, dark="#000", light="#fff"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup; it escapes the title


def verify_code(device: TotpDevice, code: str) -> bool:
    """Whether ``code`` is the device's code for now (±1 step), and not one used before."""
    code = re.sub(r"\s", "", code)
    if not re.fullmatch(r"\d{6}", code):
        return False
    totp = pyotp.TOTP(device.secret)
    now = int(timezone.now().timestamp()) // STEP_SECONDS
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if constant_time_compare(totp.generate_otp(step), code):
            return _use_step(device, step)
    return False


def _use_step(device: TotpDevice, step: int) -> bool:
    # One conditional update: two requests racing with the same code cannot both succeed.
    fresh = Q(last_used_step__isnull=True) | Q(last_used_step__lt=step)
    used = TotpDevice.objects.filter(fresh, pk=device.pk).update(last_used_step=step)
    if used:
        device.last_used_step = step
    return bool(used)


@transaction.atomic
def confirm(device: TotpDevice, code: str) -> list[str] | None:
    """Confirm a device being set up with its first code; return its new recovery codes."""
    if not verify_code(device, code):
        return None
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    return issue_recovery_codes(device)


@transaction.atomic
def issue_recovery_codes(device: TotpDevice) -> list[str]:
    """Replace the device's recovery codes with new ones, returned once and stored hashed."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    device.recovery_codes.all().delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code_hash=_hash_recovery_code(code)) for code in codes)
    return codes


def use_recovery_code(device: TotpDevice, code: str) -> bool:
    unused = device.recovery_codes.filter(code_hash=_hash_recovery_code(code), used_at__isnull=True)
    return bool(unused.update(used_at=timezone.now()))


def recovery_codes_left(device: TotpDevice) -> int:
    return device.recovery_codes.filter(used_at__isnull=True).count()


def _new_recovery_code() -> str:
    groups = ("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(4)) for _ in range(RECOVERY_CODE_GROUPS))
    return "-".join(groups)


def _hash_recovery_code(code: str) -> str:
    # 80 random bits need no slow hash: nobody can try 2^80 candidates against a stolen table.
    normalised = re.sub(r"[\s-]", "", code.casefold()).translate(str.maketrans("oil", "011"))
    return hashlib.sha256(normalised.encode()).hexdigest()
