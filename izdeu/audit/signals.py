"""Signal handlers that write the audit log without the rest of izdeu having to ask.

Models holding personal data say so with a class attribute ``audited = True``; each save and
delete of one is recorded. Sign-ins, sign-outs and failed sign-ins are recorded too.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import salted_hmac

from izdeu.accounts.clients import client_ip
from izdeu.audit.log import Actor, AuditAction, record, record_deleted, record_saved


def audited_models() -> list[type]:
    return [model for model in apps.get_models() if getattr(model, "audited", False) is True]


def connect() -> None:
    for model in audited_models():
        label = model._meta.label_lower
        post_save.connect(_saved, sender=model, dispatch_uid=f"izdeu.audit.saved.{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"izdeu.audit.deleted.{label}")
    user_logged_in.connect(_signed_in, dispatch_uid="izdeu.audit.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="izdeu.audit.signed_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="izdeu.audit.sign_in_failed")


def _saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    record_saved(instance, created, update_fields)


def _deleted(sender, instance, **kwargs) -> None:
    record_deleted(instance)


def _ip(request) -> str:
    return (client_ip(request) or "") if request is not None else ""


def _signed_in(sender, request, user, **kwargs) -> None:
    record(Actor.of_user(user, _ip(request)), AuditAction.SIGN_IN, get_user_model(), [user.pk])


def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(Actor.of_user(user, _ip(request)), AuditAction.SIGN_OUT, get_user_model(), [user.pk])


def username_digest(username: str) -> str:
    """A keyed hash of a typed user name: attempts on one name can be told apart from
    attempts on many, yet a password typed into the name box is never stored."""
    return salted_hmac("izdeu.audit.sign-in", username, algorithm="sha256").hexdigest()[:16]


def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD, ""))
    target = User._default_manager.filter(**{User.USERNAME_FIELD: username}).values_list("pk", "organisation_id").first()
    record(
        Actor("public:sign-in", ip=_ip(request)),
        AuditAction.SIGN_IN_FAILED,
        User if target else "",
        [target[0]] if target else [],
        detail=f"username-hmac={username_digest(username)}",
        organisation_id=target[1] if target else None,
    )
