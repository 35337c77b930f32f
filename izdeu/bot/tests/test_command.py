"""izdeu telegram-webhook: registers the webhook with the Bot API (a local stand-in here, never the internet)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

TOKEN = "5512345678:AAE-izdeu-test-token"


class BotApiStub:
    """Answers Bot API calls as Telegram does: JSON with ``ok``, and a ``description`` when refusing."""

    def __init__(self):
        self.calls: list[dict] = []
        self.answer = (200, {"ok": True, "result": True, "description": "Webhook was set"})
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.calls.append({"path": self.path, "json": body})
                status, answer = stub.answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def bot_api(settings):
    stub = BotApiStub()
    settings.TELEGRAM_API_URL = stub.url
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_WEBHOOK_SECRET = "Ayaq-7d2f_webhook-secret-9QvL"
    settings.PUBLIC_URL = "https://izdeu.example.kz/"
    yield stub
    stub.close()


def test_the_webhook_is_registered_at_the_public_address_with_the_secret(bot_api):
    out = StringIO()
    call_command("telegram-webhook", stdout=out)
    [call] = bot_api.calls
    assert call["path"] == f"/bot{TOKEN}/setWebhook"
    assert call["json"] == {
        "url": "https://izdeu.example.kz/telegram/webhook/",
        "secret_token": "Ayaq-7d2f_webhook-secret-9QvL",
        "allowed_updates": ["message"],
    }
    assert "https://izdeu.example.kz/telegram/webhook/" in out.getvalue()


def test_telegrams_refusal_is_shown_without_the_token(bot_api):
    bot_api.answer = (400, {"ok": False, "error_code": 400,
                            "description": "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"})  # fmt: skip
    with pytest.raises(CommandError) as refusal:
        call_command("telegram-webhook", stdout=StringIO())
    assert "An HTTPS URL must be provided" in str(refusal.value)
    assert TOKEN not in str(refusal.value)


def test_an_unreachable_bot_api_is_reported(bot_api, settings):
    bot_api.close()
    with pytest.raises(CommandError) as refusal:
        call_command("telegram-webhook", stdout=StringIO())
    assert TOKEN not in str(refusal.value)


@pytest.mark.parametrize("setting", ["TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"])
def test_nothing_is_sent_without_a_token_or_a_secret(bot_api, settings, setting):
    setattr(settings, setting, "")
    with pytest.raises(CommandError, match=f"IZDEU_{setting}"):
        call_command("telegram-webhook", stdout=StringIO())
    assert bot_api.calls == []


def test_izdeu_check_warns_of_a_token_without_a_secret(settings):
    from izdeu.bot.checks import check_webhook_secret

    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert [warning.id for warning in check_webhook_secret(None)] == ["bot.W001"]
    settings.TELEGRAM_WEBHOOK_SECRET = "Ayaq-7d2f_webhook-secret-9QvL"
    assert check_webhook_secret(None) == []
