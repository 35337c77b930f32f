"""A bot switched on, and a chat with it: updates posted to the webhook as Telegram posts them."""

import itertools
import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from izdeu.bot.conversation import STEP_OF

UPDATES = Path(__file__).parent / "updates"
WEBHOOK = "/telegram/webhook/"
SECRET = "Ayaq-7d2f_webhook-secret-9QvL"
GULNAR = {"id": 5082214471, "first_name": "Гүлнар", "last_name": "Зағыпарова"}
YERLAN = {"id": 6139027755, "first_name": "Ерлан", "last_name": "Омаров"}


def recorded(name: str) -> list[dict]:
    """Updates as Telegram sent them, kept in updates/<name>.json."""
    return json.loads((UPDATES / f"{name}.json").read_text())


def question(step: str, language: str) -> str:
    with translation.override(language):
        return STEP_OF[step].question()


def buttons(reply: dict) -> list[str]:
    return [button["text"] for row in reply["reply_markup"].get("keyboard", []) for button in row]


@pytest.fixture
def bot(settings, organisation):
    """The bot on, with its webhook secret, taking requests for the organisation."""
    settings.TELEGRAM_BOT_TOKEN = "5512345678:AAE-izdeu-test-token"
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    settings.PUBLIC_ORGANISATION = organisation.name
    return organisation


class Chat:
    """One person's private chat with the bot."""

    update_ids = itertools.count(734020001)

    def __init__(self, person: dict, language_code: str = "ru"):
        self.person = person
        self.language_code = language_code
        self.client = Client()
        self.message_ids = itertools.count(1)

    def update(self, text: str, chat_type: str = "private") -> dict:
        message = {
            "message_id": next(self.message_ids),
            "from": {**self.person, "is_bot": False, "language_code": self.language_code},
            "chat": {**self.person, "type": chat_type},
            "date": 1641567600,
            "text": text,
        }
        return {"update_id": next(self.update_ids), "message": message}

    def post(self, update: dict, secret: str | None = SECRET):
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return self.client.post(WEBHOOK, json.dumps(update, ensure_ascii=False), content_type="application/json",
                                headers=headers)  # fmt: skip

    def send(self, text: str, **options) -> dict:
        """What the bot answers to a message: the Bot API call in the webhook's answer."""
        response = self.post(self.update(text, **options))
        assert response.status_code == 200
        return response.json()


@pytest.fixture
def gulnar(bot) -> Chat:
    return Chat(GULNAR)


@pytest.fixture
def yerlan(bot) -> Chat:
    return Chat(YERLAN)
