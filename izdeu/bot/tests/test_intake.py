"""A request filed step by step in a chat: the same rules as the web form, nothing lost, nothing kept longer than needed."""

import datetime as dt
import re

from django.contrib.auth.hashers import check_password
from django.db import connection
from django.utils import timezone

from izdeu.audit.retention import purge
from izdeu.bot.models import Conversation
from izdeu.bot.tests.conftest import GULNAR, buttons, question, recorded
from izdeu.notify.models import Message
from izdeu.searches.models import Channel, IntakeChannel, Relationship, SearchRequest, SharingScope

SECRET_PATTERN = r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b"


def test_a_mother_files_a_whole_request_in_kazakh_and_is_reached_in_her_chat(gulnar):
    replies = [gulnar.post(update).json() for update in recorded("intake_kk")]

    # Her Telegram speaks Russian; she is offered the three languages and chooses Kazakh.
    assert buttons(replies[0]) == ["Қазақша", "Русский", "English"]
    assert replies[1]["text"] == question("full_name", "kk")
    assert replies[1]["reply_markup"] == {"remove_keyboard": True}
    assert buttons(replies[3]) == ["Ер", "Әйел", "Белгісіз"]
    assert buttons(replies[9])[0] == "Әкесі немесе анасы"
    assert buttons(replies[10])[:2] == ["Тек мен хабарласқан ұйым", "Іздеуге көмектесетін серіктес ұйымдар да"]

    request = SearchRequest.objects.select_related("requester").get()
    assert request.channel == IntakeChannel.TELEGRAM
    assert request.full_name == "Зағыпаров Нұрлан Серікұлы"
    assert (request.age_min, request.age_max, request.sex) == (30, 30, "male")
    assert request.last_seen_place == "Республика алаңы, Алматы"
    assert timezone.localtime(request.last_seen_at).replace(tzinfo=None) == dt.datetime(2022, 1, 5, 18, 30)
    assert request.health_needs == "Басынан жарақат алған, күнде инсулин қажет"
    assert not request.is_minor
    requester = request.requester
    assert requester.name == "Гүлнар Зағыпарова" and requester.relationship == Relationship.PARENT
    assert requester.telegram == str(GULNAR["id"]) and requester.preferred_channel == Channel.TELEGRAM
    assert requester.language == "kk" and requester.sharing_scope == SharingScope.ORGANISATION
    assert requester.consent_given_at is not None

    # The last answer gives the code and the secret, and how to ask for news.
    filed = replies[-1]["text"]
    assert request.reference_code in filed
    assert f"/status {request.reference_code}" in filed
    assert check_password(re.search(SECRET_PATTERN, filed).group(0), request.secret_hash)
    # That answer is the only "received": no second message about it waits in the outbox.
    assert not Message.objects.filter(search_request=request).exists()
    # The answers are filed: the conversation is gone.
    assert not Conversation.objects.exists()


def test_an_unreadable_birth_date_is_explained_and_asked_again_and_the_name_is_kept(gulnar):
    gulnar.send("/start kk")  # from a flyer's link: the language is chosen already
    gulnar.send("Омаров Ерлан Бекұлы")
    reply = gulnar.send("ертең")
    assert reply["text"].startswith("Туған күнді немесе жасты оқу мүмкін болмады.")
    assert reply["text"].endswith(question("birth", "kk"))
    assert Conversation.objects.get().answers == {"full_name": "Омаров Ерлан Бекұлы"}

    assert gulnar.send("1998")["text"] == question("sex", "kk")
    assert Conversation.objects.get().answers == {"full_name": "Омаров Ерлан Бекұлы", "birth": "1998"}


def test_a_typed_answer_to_a_question_with_buttons_brings_the_buttons_back(gulnar):
    gulnar.send("/start ru")
    gulnar.send("Омаров Ерлан")
    gulnar.send("24 года")
    reply = gulnar.send("парень")
    assert reply["text"].endswith(question("sex", "ru"))
    assert buttons(reply) == ["Мужской", "Женский", "Неизвестно"]
    assert Conversation.objects.get().step == "sex"


def test_a_time_not_understood_is_asked_again_and_unknown_is_accepted(gulnar):
    gulnar.send("/start ru")
    for text in ("Омаров Ерлан", "24 года", "Мужской", "Площадь Республики"):
        gulnar.send(text)
    reply = gulnar.send("вечером пятого")
    assert reply["text"].endswith(question("last_seen_at", "ru")) and reply["text"] != question("last_seen_at", "ru")
    unknown = buttons(reply)[0]
    assert gulnar.send(unknown)["text"] == question("health_needs", "ru")
    assert Conversation.objects.get().answers["last_seen_at"] == ""


def test_cancel_forgets_every_answer(gulnar):
    gulnar.send("/start kk")
    gulnar.send("Зағыпаров Нұрлан")
    reply = gulnar.send("/cancel")
    assert "/start" in reply["text"]
    assert not Conversation.objects.exists()
    # An answer after that is not taken for anything: the bot explains its commands.
    assert "/status" in gulnar.send("30 жаста")["text"]
    assert not Conversation.objects.exists()


def test_refusing_consent_keeps_nothing(gulnar):
    replies = [gulnar.post(update).json() for update in recorded("intake_kk")[:-1]]
    assert Conversation.objects.get().step == "consent"
    refuse = buttons(replies[-1])[-1]
    reply = gulnar.send(refuse)
    assert "/start" in reply["text"]
    assert not Conversation.objects.exists() and not SearchRequest.objects.exists()


def test_the_answers_and_the_chat_id_are_encrypted_in_the_database(gulnar):
    gulnar.send("/start kk")
    gulnar.send("Зағыпаров Нұрлан Серікұлы")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM bot_conversation")
        raw = repr(cursor.fetchall())
    assert "Зағыпаров" not in raw and str(GULNAR["id"]) not in raw
    assert Conversation.of_chat(str(GULNAR["id"])).answers["full_name"] == "Зағыпаров Нұрлан Серікұлы"


def test_a_conversation_idle_for_a_day_is_forgotten(gulnar, yerlan):
    gulnar.send("/start kk")
    gulnar.send("Зағыпаров Нұрлан Серікұлы")
    Conversation.objects.update(updated_at=timezone.now() - dt.timedelta(hours=24, minutes=1))
    # Any update is the occasion: here another person's.
    yerlan.send("/help")
    assert not Conversation.objects.exists()


def test_a_conversation_nobody_finished_is_forgotten_by_the_daily_purge_even_if_the_bot_hears_nothing(gulnar):
    gulnar.send("/start kk")
    gulnar.send("Зағыпаров Нұрлан Серікұлы")
    Conversation.objects.update(updated_at=timezone.now() - dt.timedelta(hours=25))

    purge(dry_run=True)
    assert Conversation.objects.exists()
    purge()
    assert not Conversation.objects.exists()


def test_a_conversation_idle_for_less_than_a_day_goes_on(gulnar):
    gulnar.send("/start kk")
    gulnar.send("Зағыпаров Нұрлан Серікұлы")
    Conversation.objects.update(updated_at=timezone.now() - dt.timedelta(hours=23))
    assert gulnar.send("30 жаста")["text"] == question("sex", "kk")


def test_in_a_group_the_bot_asks_for_a_private_chat_and_keeps_nothing(gulnar):
    reply = gulnar.send("/start", chat_type="group")
    assert reply["reply_markup"] == {"remove_keyboard": True}
    assert not Conversation.objects.exists()


def test_without_a_public_organisation_the_bot_says_requests_are_not_taken(gulnar, settings):
    settings.PUBLIC_ORGANISATION = ""
    reply = gulnar.send("/start")
    assert not buttons(reply)
    assert not Conversation.objects.exists()
