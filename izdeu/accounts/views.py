"""Signing in and out, the second factor, re-authentication, and one's own sessions.

Signing in takes one or two steps: the password (Django's ``LoginView``, throttled), then, for
a user with an authenticator, its code (``verify``). A lawyer, coordinator or administrator
without an authenticator sets one up (``two_factor``) before any other page opens to them.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as sign_out
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from izdeu.accounts import reauth, sessions, twofactor
from izdeu.accounts.access import ALL_ROLES, public, roles
from izdeu.accounts.forms import BreakGlassForm, ConfirmForm, EnrolForm, SecondFactorForm, SignInForm
from izdeu.accounts.models import BreakGlass, Role, UserSession
from izdeu.accounts.reauth import recent_authentication
from izdeu.audit.log import AuditAction, record


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        if twofactor.confirmed_device(user) is not None:
            return _to_step("accounts:verify", self.get_success_url())
        if twofactor.requires_two_factor(user):
            return _to_step("accounts:two_factor", self.get_success_url())
        reauth.mark(self.request)
        return response


login = public(SignInView.as_view())
logout = public(auth_views.LogoutView.as_view())


@roles(*ALL_ROLES)
@sensitive_post_parameters("code", "recovery_code")
def verify(request: HttpRequest) -> HttpResponse:
    """The code step, after the password."""
    device = twofactor.confirmed_device(request.user)
    if device is None or twofactor.state_of(request) is twofactor.State.DONE:
        return redirect(_next_url(request))
    form = SecondFactorForm(_posted(request), request=request, device=device)
    if form.is_valid():
        _finish_second_factor(request)
        if form.used_recovery_code:
            left = twofactor.recovery_codes_left(device)
            text = ngettext(
                "You signed in with a recovery code. %(left)s code is left: make new ones on the two-factor page.",
                "You signed in with a recovery code. %(left)s codes are left: make new ones on the two-factor page.",
                left,
            )
            messages.warning(request, text % {"left": left})
        return redirect(_next_url(request))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@roles(*ALL_ROLES)
@sensitive_post_parameters("code")
def two_factor(request: HttpRequest) -> HttpResponse:
    """Setting up an authenticator app, or, once set up, what can be done with it."""
    device = twofactor.confirmed_device(request.user)
    if device is not None:
        if twofactor.state_of(request) is twofactor.State.VERIFY:
            return _to_step("accounts:verify", request.path)
        context = {"device": device, "codes_left": twofactor.recovery_codes_left(device)}
        return render(request, "accounts/two_factor_on.html", context)
    device = twofactor.pending_device(request.user)
    form = EnrolForm(_posted(request), device=device)
    if form.is_valid():
        _finish_second_factor(request)
        return _show_recovery_codes(request, form.recovery_codes)
    uri = twofactor.provisioning_uri(device)
    context = {
        "form": form,
        "required": twofactor.requires_two_factor(request.user),
        "qr": twofactor.qr_svg(uri, _("QR code to scan with your authenticator app")),
        "secret_groups": [device.secret[i : i + 4] for i in range(0, len(device.secret), 4)],
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@roles(*ALL_ROLES)
@require_POST
@recent_authentication()
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    device = get_object_or_404(twofactor.confirmed_devices(), user=request.user)
    return _show_recovery_codes(request, twofactor.issue_recovery_codes(device))


@roles(*ALL_ROLES)
@require_POST
@recent_authentication()
def remove_two_factor(request: HttpRequest) -> HttpResponse:
    """For a lost or replaced phone. Roles that need a second factor set up a new one at once."""
    get_object_or_404(twofactor.confirmed_devices(), user=request.user).delete()
    messages.success(request, _("The authenticator was removed from your account."))
    return redirect("accounts:two_factor")


@roles(*ALL_ROLES)
@sensitive_post_parameters("password", "code", "recovery_code")
def confirm(request: HttpRequest) -> HttpResponse:
    """Re-authentication before exports, deletions and key operations (``reauth.py``)."""
    device = twofactor.confirmed_device(request.user)
    form = ConfirmForm(_posted(request), request=request, device=device)
    if form.is_valid():
        reauth.mark(request)
        return redirect(_next_url(request))
    return render(request, "accounts/confirm.html", {"form": form, "device": device, "next": _next_url(request)})


@roles(*ALL_ROLES)
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    context = {
        "sessions": sessions.listed(request.user),
        "current": sessions.current_key_hash(request),
        "two_factor": twofactor.confirmed_device(request.user),
    }
    return render(request, "accounts/sessions.html", context)


@roles(*ALL_ROLES)
@require_POST
def end_session(request: HttpRequest) -> HttpResponse:
    try:
        chosen = UserSession.objects.filter(user=request.user, pk=int(request.POST.get("session", "")))
    except ValueError:
        return redirect("accounts:sessions")
    is_current = chosen.filter(key_hash=sessions.current_key_hash(request)).exists()
    if is_current:
        sign_out(request)
        return redirect(settings.LOGIN_URL)
    if sessions.end(chosen):
        messages.success(request, _("That session was ended. Its device is signed out."))
    return redirect("accounts:sessions")


@roles(*ALL_ROLES)
@require_POST
def end_all_sessions(request: HttpRequest) -> HttpResponse:
    """After a phone or laptop is taken: every device signed in as this user is signed out."""
    sessions.end(UserSession.objects.filter(user=request.user))
    sign_out(request)
    messages.success(request, _("You were signed out on every device."))
    return redirect(settings.LOGIN_URL)


def _finish_second_factor(request: HttpRequest) -> None:
    twofactor.mark_verified(request)
    reauth.mark(request)
    # Fully signed in now: a key seen before this point opens nothing.
    sessions.rotate_key(request)


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # Shown in this response only, never stored in clear or put in the session.
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _to_step(step: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': next_url})}")


@roles(Role.ADMINISTRATOR)
@require_GET
def break_glass(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/break_glass.html", _break_glass_context(request, BreakGlassForm()))


@roles(Role.ADMINISTRATOR)
@require_POST
@recent_authentication()
def open_break_glass(request: HttpRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/break_glass.html", _break_glass_context(request, form), status=400)
    glass = BreakGlass.open(request.user, form.cleaned_data["reason"])
    record(request, AuditAction.BREAK_GLASS, BreakGlass, [glass.pk], detail="minutes=60")
    messages.warning(request, _("Emergency access is open for one hour. Everything you open is recorded."))
    return redirect("accounts:break_glass")


def _break_glass_context(request: HttpRequest, form: BreakGlassForm) -> dict:
    return {"form": form, "open": BreakGlass.objects.open_for(request.user).first()}
