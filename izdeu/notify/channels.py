"""The three ways a message leaves izdeu: email (SMTP), Telegram (Bot API) and SMS (an HTTP gateway).

Each ``send_*`` either returns (the gateway accepted the message) or raises ``NotDelivered``
with a short code and what the failure means for a second try:

- RETRY: the gateway certainly did not take it (refused connection, said "try later");
- FINAL: it never will (no address, the gateway refused this message);
- UNKNOWN: it may have gone (no answer in time): sending again could deliver it twice.

Codes never carry the gateway's words, which may quote an address or a phone number.
"""

import email.policy
import json
import smtplib
import urllib.error
import urllib.request
from enum import Enum

from django.conf import settings
from django.core.mail import EmailMessage

from izdeu.notify.models import MessageChannel

TIMEOUT = 20  # seconds to connect and to wait for each answer


class Outcome(Enum):
    RETRY = "retry"
    FINAL = "final"
    UNKNOWN = "unknown"


class NotDelivered(Exception):
    def __init__(self, code: str, outcome: Outcome):
        super().__init__(code)
        self.code = code
        self.outcome = outcome


def is_on(channel: str) -> bool:
    """Whether the operator configured this channel; messages for one that is off wait."""
    if channel == MessageChannel.TELEGRAM:
        return bool(settings.TELEGRAM_BOT_TOKEN)
    if channel == MessageChannel.SMS:
        # An SMS says nothing but the code and whom to call: without the number it says nothing useful.
        return bool(settings.SMS_GATEWAY_URL and settings.SMS_CALLBACK_NUMBER)
    return bool(settings.DEFAULT_FROM_EMAIL)


class _UnfoldedHeaders(email.policy.EmailPolicy):
    """Header lines up to RFC 5322's limit of 998 characters, so no subject izdeu writes is folded:
    Python before gh-144156 loses the space between two encoded words when it folds a long
    Cyrillic subject (a Kazakh family read "бойыншажаңалық"). The body keeps the usual lines."""

    def fold(self, name, value):
        return super(_UnfoldedHeaders, self.clone(max_line_length=998)).fold(name, value)

    def fold_binary(self, name, value):
        return super(_UnfoldedHeaders, self.clone(max_line_length=998)).fold_binary(name, value)


class _UnfoldedEmail(EmailMessage):
    def message(self, *, policy=email.policy.default):
        # The backend's policy (SMTP's line endings), with unfolded headers.
        return super().message(policy=_UnfoldedHeaders(**vars(policy)))


def send_email(address: str, subject: str, body: str) -> None:
    if not address:
        raise NotDelivered("no_address", Outcome.FINAL)
    try:
        _UnfoldedEmail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
    except smtplib.SMTPRecipientsRefused:
        raise NotDelivered("refused", Outcome.FINAL) from None
    except smtplib.SMTPResponseException as error:
        # 4xx: the server asks us to come back later; 5xx: it will not take this message.
        raise NotDelivered(f"smtp_{error.smtp_code}", Outcome.RETRY if error.smtp_code < 500 else Outcome.FINAL) from None
    except TimeoutError:
        raise NotDelivered("timeout", Outcome.UNKNOWN) from None
    except (smtplib.SMTPException, OSError):
        raise NotDelivered("unreachable", Outcome.RETRY) from None


def send_telegram(chat_id: str, text: str) -> None:
    if not chat_id:
        raise NotDelivered("no_address", Outcome.FINAL)
    url = f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/sendMessage"
    _post_json(url, {"chat_id": chat_id, "text": text}, headers={})


def send_sms(phone: str, text: str) -> None:
    if not phone:
        raise NotDelivered("no_address", Outcome.FINAL)
    headers = {"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"} if settings.SMS_GATEWAY_TOKEN else {}
    _post_json(settings.SMS_GATEWAY_URL, {"to": phone, "text": text}, headers=headers)


def _post_json(url: str, payload: dict, headers: dict) -> None:
    # Only the web schemes: a gateway address set to file:// would read the server's own files.
    if not url.startswith(("https://", "http://")):
        raise NotDelivered("gateway_address", Outcome.FINAL)
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        # 429 and 5xx: the gateway did not take it and asks for patience; other 4xx will not change.
        retry = error.code == 429 or error.code >= 500
        raise NotDelivered(f"http_{error.code}", Outcome.RETRY if retry else Outcome.FINAL) from None
    except urllib.error.URLError:
        # urllib wraps only failures to connect and to send the request: nothing went out.
        raise NotDelivered("unreachable", Outcome.RETRY) from None
    except TimeoutError:
        # The request went out and no answer came back: it may have been sent.
        raise NotDelivered("timeout", Outcome.UNKNOWN) from None
    except (OSError, ValueError):
        raise NotDelivered("unreachable", Outcome.RETRY) from None
