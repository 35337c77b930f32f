"""Events confirmed on a sought person's timeline, and stand-ins for the gateways messages go through."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from izdeu.facilities.models import FacilityKind
from izdeu.people.models import Certainty, EventKind, TimePrecision
from izdeu.searches.models import Channel

# 7 January 2022, 14:30 in Almaty: the day most detainees of the January events were first listed.
JANUARY_7 = dt.datetime(2022, 1, 7, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=6)))


class Events:
    """Builds confirmed events as a lawyer's confirmation of a list entry would."""

    def __init__(self, factory, lawyer):
        self.factory = factory
        self.lawyer = lawyer

    def ivs(self):
        return self.factory.facility(
            kind=FacilityKind.TEMPORARY_DETENTION,
            name_kk="Алматы қ. ПД ИУО",
            name_ru="ИВС ДП г. Алматы",
            name_en="Almaty police temporary detention centre",
            district="",
        )

    def confirm(self, case, kind=EventKind.DETAINED, **fields):
        from izdeu.people.models import Event

        source = self.factory.source()
        values = {
            "person": case.person,
            "kind": kind,
            "occurred_at": JANUARY_7,
            "time_precision": TimePrecision.DAY,
            "certainty": Certainty.CONFIRMED,
            "source": source,
            "list_entry": self.factory.entry(source=source),
            "recorded_by": self.lawyer,
        } | fields
        if kind in (EventKind.DETAINED, EventKind.HOSPITALISED) and "facility" not in fields:
            values["facility"] = self.ivs()
        return Event.objects.create(**values)


@pytest.fixture
def events(factory, lawyer) -> Events:
    return Events(factory, lawyer)


@pytest.fixture
def mother(factory):
    """Гүлнар, who asked by email in Kazakh about her son Нурлан."""
    return factory.requester(email="gulnar.zagiparova@mail.kz", preferred_channel=Channel.EMAIL, language="kk")


@pytest.fixture
def request_by_mother(factory, mother):
    return factory.search_request(requester=mother)


class GatewayStub:
    """A local HTTP server standing in for the Telegram Bot API or an SMS gateway.

    It records every request it receives (path, headers, JSON body) and answers with the next
    status in ``answers`` (200 once they run out).
    """

    def __init__(self):
        self.received: list[dict] = []
        self.answers: list[int] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stub.received.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                status = stub.answers.pop(0) if stub.answers else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"ok": status == 200}).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    with GatewayStub() as stub:
        yield stub


@pytest.fixture
def sms_gateway(gateway, settings):
    settings.SMS_GATEWAY_URL = f"{gateway.url}/send"
    settings.SMS_GATEWAY_TOKEN = "sms-token-7f3a"
    settings.SMS_CALLBACK_NUMBER = "+7 727 355 01 22"
    return gateway


@pytest.fixture
def telegram_api(gateway, settings):
    settings.TELEGRAM_API_URL = gateway.url
    settings.TELEGRAM_BOT_TOKEN = "123456:izdeu-test-token"
    return gateway


def later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


class SMTPSink:
    """Collects what a real SMTP conversation delivers (aiosmtpd on a local port)."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    import socket
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SMTPSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    sink.messages = lambda: [message_from_bytes(e.content, policy=policy.default) for e in sink.envelopes]
    yield sink
    controller.stop()
