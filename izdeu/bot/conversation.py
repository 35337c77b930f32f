"""Filing a search request in a chat, one question at a time.

Each answer is checked with the public form's own rules (``TelegramRequestForm``) together with
the answers before it, so a chat and the web form accept and refuse the same things; a refused
answer is explained and the question asked again, and what was accepted before stays. The
answers wait, encrypted, in the chat's ``Conversation`` until the last one, consent, files the
request through ``izdeu.searches.intake.file_request`` like every other channel.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from izdeu.audit.log import record_read
from izdeu.bot.forms import TelegramRequestForm
from izdeu.bot.models import ChatRequest, Conversation
from izdeu.bot.replies import Reply
from izdeu.people.models import Sex
from izdeu.searches import throttle
from izdeu.searches.forms import LANGUAGES
from izdeu.searches.intake import PublicOrganisationMissing, file_request, public_organisation
from izdeu.searches.models import AttemptPurpose, Channel, IntakeChannel, Relationship, SharingScope

ACTOR = "public:telegram"
# Asked before a language is chosen, so in all three.
CHOOSE_LANGUAGE = "Тілді таңдаңыз · Выберите язык · Choose your language"
LANGUAGE_CODES = [code for code, _name in LANGUAGES]

# Also the word on the sex question's third button: one word for "not known" throughout.
DONT_KNOW = gettext_lazy("Unknown")
NONE = gettext_lazy("None")


@dataclass(frozen=True)
class Step:
    """One question. A typed answer fills ``field``; otherwise the answer must be one of
    ``options``, each of which stands for some of the form's values."""

    name: str
    question: Callable[[], str]
    field: str = ""
    options: Callable[[], list[tuple[str, dict]]] | None = None
    # A button that leaves the field empty, for what the requester does not know.
    skip: str = ""

    def buttons(self) -> tuple[str, ...]:
        if self.options is not None:
            return tuple(label for label, _values in self.options())
        return (str(self.skip),) if self.skip else ()

    def read(self, text: str) -> dict | None:
        """The form values the answer stands for; None for a text that is not one of the buttons."""
        if self.options is not None:
            chosen = [values for label, values in self.options() if _same(label, text)]
            return chosen[0] if chosen else None
        if self.skip and _same(self.skip, text):
            return {self.field: ""}
        return {self.field: text.strip()}


def _same(label, text: str) -> bool:
    return str(label).casefold() == text.strip().casefold()


def _yes_no() -> list[tuple[str, dict]]:
    return [(_("Yes"), {"is_minor": "on"}), (_("No"), {"is_minor": ""})]


def _consent() -> list[tuple[str, dict]]:
    agreed = [(str(label), {"consent": "on", "sharing_scope": value}) for value, label in SharingScope.choices]
    return [*agreed, (_("I do not agree"), {"consent": ""})]


STEPS = [
    Step("language", lambda: CHOOSE_LANGUAGE, options=lambda: [(name, {"language": code}) for code, name in LANGUAGES]),
    Step("full_name", lambda: _("Who are you looking for? Write their full name as you usually write it, in any alphabet."),
         field="full_name"),
    Step("birth", lambda: _("When were they born, or how old are they? For example 12.03.1992, 1992, or 30 years old."),
         field="birth", skip=DONT_KNOW),
    Step("sex", lambda: _("Are you looking for a man or a woman?"),
         options=lambda: [(str(label), {"sex": value}) for value, label in Sex.choices]),
    Step("last_seen_place", lambda: _("Where were they last seen, or taken? A street, a square, a police station."),
         field="last_seen_place", skip=DONT_KNOW),
    Step("last_seen_at", lambda: _("When was that? For example 05.01.2022 18:30, or only the day: 05.01.2022."),
         field="last_seen_at", skip=DONT_KNOW),
    Step("health_needs", lambda: _("Do they have injuries or health needs? Wounds, illnesses, medicines they need "
                                   "every day. If not, answer “None”."), field="health_needs", skip=NONE),
    Step("is_minor", lambda: _("Are they under 18?"), options=_yes_no),
    Step("requester_name", lambda: _("Now about you. What is your name?"), field="requester_name"),
    Step("relationship", lambda: _("Who are you to them?"),
         options=lambda: [(str(label), {"relationship": value}) for value, label in Relationship.choices]),
    Step("consent", lambda: _(
        "Last question. Our lawyers and volunteers keep what you wrote, compare it with lists of detained, injured "
        "and dead people, and write to you about it in this chat. You can ask for it to be deleted at any time. "
        "If you agree, choose who may see your request. If you do not, nothing is kept."), options=_consent),
]  # fmt: skip
STEP_OF = {step.name: step for step in STEPS}


def start(chat_id: str, language: str = "") -> Reply:
    """A new conversation, forgetting any other in this chat. A language given with /start (a
    link such as t.me/bot?start=kk on a flyer) skips the question."""
    try:
        public_organisation()
    except PublicOrganisationMissing:
        return Reply(_("Requests are not taken through this bot at the moment. Please contact the organisation by phone."))
    Conversation.objects.filter_encrypted(chat_id=chat_id).delete()
    conversation = Conversation(chat_id=chat_id, step="language")
    if language in LANGUAGE_CODES:
        conversation.language = language
        conversation.step = STEPS[1].name
    conversation.save()
    return _ask(conversation)


def cancel(chat_id: str) -> Reply:
    Conversation.objects.filter_encrypted(chat_id=chat_id).delete()
    return Reply(_("Your answers are forgotten. Send /start to begin again."))


def answer(conversation: Conversation, chat_id: str, text: str) -> Reply:
    """Take the answer to the question asked, and ask the next one (or file the request)."""
    step = STEP_OF[conversation.step]
    values = step.read(text)
    if step.name == "language" and values is not None:
        conversation.language = values["language"]
    # Errors are worded as the form is checked: in the chat's language from the first answer on.
    with translation.override(conversation.language or translation.get_language()):
        return _take(conversation, chat_id, step, values)


def _take(conversation: Conversation, chat_id: str, step: Step, values: dict | None) -> Reply:
    if values is None:
        return _ask(conversation, _("Please choose one of the answers on the buttons below."))
    if step.name == "consent" and not values["consent"]:
        conversation.delete()
        return Reply(_("Without your consent we cannot keep your request: your answers are forgotten. "
                       "Send /start if you change your mind."))  # fmt: skip
    if step.name != "language":
        form = _form(conversation, chat_id, values)
        form.is_valid()
        errors = [error for name in values for error in form.errors.get(name, [])]
        if errors:
            return _ask(conversation, errors[0])
        conversation.answers = {**conversation.answers, **values}
    following = STEPS.index(step) + 1
    if following == len(STEPS):
        return _file(conversation, chat_id)
    conversation.step = STEPS[following].name
    conversation.save()
    return _ask(conversation)


def _ask(conversation: Conversation, problem: str = "") -> Reply:
    step = STEP_OF[conversation.step]
    with translation.override(conversation.language or translation.get_language()):
        question = step.question()
        return Reply(f"{problem}\n\n{question}" if problem else question, step.buttons())


def _form(conversation: Conversation, chat_id: str, values: dict | None = None) -> TelegramRequestForm:
    contact = {"requester_telegram": chat_id, "preferred_channel": Channel.TELEGRAM, "language": conversation.language}
    return TelegramRequestForm({**conversation.answers, **(values or {}), **contact})


def _file(conversation: Conversation, chat_id: str) -> Reply:
    form = _form(conversation, chat_id)
    if not form.is_valid():
        # Only if the rules changed between two answers (izdeu was updated meanwhile): ask again
        # the first answer they now refuse.
        refused = [s for s in STEPS if s.field in form.errors or _option_fields(s) & form.errors.keys()]
        conversation.step = (refused or STEPS[1:])[0].name
        conversation.save()
        return _ask(conversation, next(iter(form.errors.values()))[0])
    try:
        organisation = public_organisation()
    except PublicOrganisationMissing:
        return Reply(_("Requests are not taken through this bot at the moment. Please contact the organisation by phone."))
    limit_key = f"telegram:{chat_id}"
    if throttle.is_limited(AttemptPurpose.REQUEST, limit_key):
        return Reply(str(throttle.REQUESTS_REFUSAL))
    throttle.note(AttemptPurpose.REQUEST, limit_key)
    with transaction.atomic():
        filed = file_request(organisation, form.sought(), form.requester(), channel=IntakeChannel.TELEGRAM)
        ChatRequest.objects.create(chat_id=chat_id, search_request=filed.request)
        conversation.delete()
    record_read(ACTOR, [filed.request], fields=("reference_code",))
    return Reply(_filed_text(filed.request.reference_code, filed.secret))


def _option_fields(step: Step) -> set[str]:
    return {name for _label, values in step.options() for name in values} if step.options else set()


def _filed_text(code: str, secret: str) -> str:
    values = {"code": code, "secret": secret, "status_url": f"{settings.PUBLIC_URL.rstrip('/')}/{translation.get_language()}/status/"}
    return "\n\n".join([
        _("Your request has been received."),
        _("Reference code: %(code)s") % values + "\n" + _("Secret: %(secret)s") % values,
        _("Keep both to yourself: anyone who has them can see what is known about the person you are looking for."),
        _("To see what is confirmed, send /status %(code)s in this chat. From another chat, or on %(status_url)s, "
          "you need the secret too.") % values,
        _("We will write to you here as soon as a person has confirmed news."),
    ])  # fmt: skip
