"""The webhook answers Telegram only, once per update, and only when the bot is on."""

import logging

from izdeu.bot.models import Conversation, HandledUpdate
from izdeu.bot.tests.conftest import GULNAR, WEBHOOK, Chat, question


def test_an_update_without_the_secret_or_with_a_wrong_one_is_refused_and_nothing_of_it_is_logged(gulnar, caplog):
    update = gulnar.update("/start")
    with caplog.at_level(logging.DEBUG):
        assert gulnar.post(update, secret=None).status_code == 403
        assert gulnar.post(update, secret="Ayaq-7d2f_webhook-secret-9Qv").status_code == 403
    assert not HandledUpdate.objects.exists() and not Conversation.objects.exists()
    assert "Зағыпарова" not in caplog.text and str(GULNAR["id"]) not in caplog.text
    # The real one is answered.
    assert gulnar.post(update).status_code == 200


def test_no_secret_configured_refuses_everything(gulnar, settings):
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert gulnar.post(gulnar.update("/start"), secret="").status_code == 403


def test_the_bot_is_off_without_a_token(gulnar, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    assert gulnar.post(gulnar.update("/start")).status_code == 404


def test_only_posts_are_taken(gulnar):
    assert gulnar.client.get(WEBHOOK).status_code == 405


def test_an_update_sent_again_changes_nothing(gulnar):
    gulnar.send("/start kk")
    answer = gulnar.update("Зағыпаров Нұрлан Серікұлы")
    assert gulnar.post(answer).json()["text"] == question("birth", "kk")
    # Telegram did not see our answer and sends the same update again.
    again = gulnar.post(answer)
    assert again.status_code == 200 and again.content == b""
    conversation = Conversation.objects.get()
    assert conversation.step == "birth" and conversation.answers == {"full_name": "Зағыпаров Нұрлан Серікұлы"}


def test_updates_other_than_messages_get_an_empty_answer(gulnar):
    edited = {"update_id": 734029999, "edited_message": gulnar.update("Зағыпаров")["message"]}
    response = gulnar.post(edited)
    assert response.status_code == 200 and response.content == b""


def test_a_photo_is_not_an_answer(gulnar):
    gulnar.send("/start kk")
    update = gulnar.update("")
    del update["message"]["text"]
    update["message"]["photo"] = [{"file_id": "AgACAgIAAxkBAAIB", "file_unique_id": "AQAD", "width": 90, "height": 90}]
    reply = gulnar.post(update).json()
    assert reply["text"] != question("birth", "kk")
    assert Conversation.objects.get().step == "full_name"


def test_help_lists_the_commands_in_the_language_of_the_persons_telegram(bot):
    text = Chat(GULNAR, language_code="kk").send("/help")["text"]
    for command in ("/start", "/status", "/cancel", "/help"):
        assert command in text
