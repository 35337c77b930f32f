"""Sessions are listed and timed from the moment someone signs in, and unlisted when they sign out."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from izdeu.accounts import sessions


@receiver(user_logged_in, dispatch_uid="izdeu.accounts.session_started")
def session_started(sender, request, user, **kwargs) -> None:
    sessions.start(request, user)


@receiver(user_logged_out, dispatch_uid="izdeu.accounts.session_ended")
def session_ended(sender, request, user, **kwargs) -> None:
    sessions.forget(request)
