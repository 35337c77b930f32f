"""The web form's rules, applied to answers given one at a time in a chat."""

from django import forms

from izdeu.searches.forms import RequestForm


class TelegramRequestForm(RequestForm):
    """The public form's fields and checks, without its photo, honeypot and sum: Telegram
    already stands between the bot and robots. The requester is reached in the chat they write
    from: its id, given by Telegram and never typed, takes the place of the contacts the web form
    asks for."""

    def clean_requester_telegram(self) -> str:
        chat_id = self.cleaned_data["requester_telegram"].strip()
        # A private chat's id is the person's user id: a positive number.
        if not chat_id.isdigit():
            raise forms.ValidationError("not a private chat", code="chat_id")
        return chat_id
