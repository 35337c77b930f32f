"""The forms of the sign-in steps. Each failure is counted (``throttle.py``) before it is shown."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from izdeu.accounts import throttle, twofactor
from izdeu.accounts.clients import client_ip
from izdeu.accounts.models import SignInStep, TotpDevice, User

WRONG_CODE = _("This code is not right, or it was already used. Try the next code your app shows.")
WRONG_PASSWORD = _("This password is not right.")


class OneTimeCodeInput(forms.TextInput):
    """A code is never shown back: after a mistake the field starts empty for the next one."""

    def format_value(self, value) -> None:
        return None


def code_field() -> forms.CharField:
    return forms.CharField(
        label=_("6-digit code from your authenticator app"),
        required=False,
        max_length=8,
        widget=OneTimeCodeInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "autofocus": True}
        ),
    )


def recovery_code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Recovery code"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refused while the name or the address is locked out."""

    @sensitive_variables("password")
    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        ip = client_ip(self.request)
        if throttle.is_locked(username, ip):
            # Refused without checking the password, but a failed sign-in all the same (audit log).
            user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)
            raise ValidationError(throttle.REFUSAL, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record(username, ip, succeeded=False)
            raise
        throttle.record(username, ip, succeeded=True)
        return cleaned


class SecondFactorForm(forms.Form):
    """The code step: a code from the authenticator app, or else one of the recovery codes."""

    code = code_field()
    recovery_code = recovery_code_field()

    def __init__(self, *args, request: HttpRequest, device: TotpDevice | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.device = device
        self.used_recovery_code = False

    @property
    def user(self) -> User:
        return self.request.user

    @sensitive_variables("code", "recovery_code")
    def clean(self):
        cleaned = super().clean()
        if self.device is not None and not self.errors:
            self._check_second_factor(cleaned.get("code", ""), cleaned.get("recovery_code", ""))
        return cleaned

    def _check_second_factor(self, code: str, recovery_code: str) -> None:
        if not (code or recovery_code):
            raise ValidationError(_("Enter the code your authenticator app shows."), code="required")
        username, ip = self.user.get_username(), client_ip(self.request)
        if throttle.is_locked(username, ip, SignInStep.CODE):
            raise ValidationError(throttle.REFUSAL, code="throttled")
        if code:
            accepted = twofactor.verify_code(self.device, code)
        else:
            accepted = self.used_recovery_code = twofactor.use_recovery_code(self.device, recovery_code)
        throttle.record(username, ip, accepted, SignInStep.CODE)
        if not accepted:
            raise ValidationError(WRONG_CODE, code="wrong_code")


class ConfirmForm(SecondFactorForm):
    """Re-entering the password, and the authenticator code if the user has one."""

    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    field_order = ["password", "code", "recovery_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The password comes first on this page, so the cursor starts there.
        self.fields["code"].widget.attrs.pop("autofocus", None)
        self.fields["password"].widget.attrs["autofocus"] = True

    @sensitive_variables("password")
    def clean(self):
        password = self.cleaned_data.get("password")
        if password:
            self._check_password(password)
        return super().clean()

    def _check_password(self, password: str) -> None:
        username, ip = self.user.get_username(), client_ip(self.request)
        if throttle.is_locked(username, ip):
            raise ValidationError(throttle.REFUSAL, code="throttled")
        accepted = authenticate(self.request, username=username, password=password) == self.user
        throttle.record(username, ip, accepted)
        if not accepted:
            raise ValidationError(WRONG_PASSWORD, code="wrong_password")


class EnrolForm(forms.Form):
    """The first code from a newly added authenticator, which confirms it."""

    code = code_field()

    def __init__(self, *args, device: TotpDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.fields["code"].required = True
        # The code comes last on a page to read first; the cursor waits there only after a mistake.
        if not self.is_bound:
            self.fields["code"].widget.attrs.pop("autofocus", None)
        self.recovery_codes: list[str] = []

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        self.recovery_codes = twofactor.confirm(self.device, code) or []
        if not self.recovery_codes:
            raise ValidationError(
                _("This code is not right. Check that the time on your phone is set automatically, then try the next code."),
                code="wrong_code",
            )
        return code


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you need to see case content"),
        min_length=20,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Coordinators read this in the audit log. Do not write anyone's name here."),
    )
