"""A reply to an update, as the one Bot API call the webhook's answer carries."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reply:
    text: str
    # A reply keyboard of these answers; none: whatever keyboard is shown is taken away.
    buttons: tuple[str, ...] = ()

    def as_method(self, chat_id: int) -> dict:
        """``sendMessage`` as the body of the webhook's answer: Telegram makes the call itself,
        so the bot needs no outbound connection to reply."""
        if self.buttons:
            markup = {"keyboard": _rows(self.buttons), "resize_keyboard": True, "one_time_keyboard": True}
        else:
            markup = {"remove_keyboard": True}
        return {"method": "sendMessage", "chat_id": chat_id, "text": self.text, "reply_markup": markup}


def _rows(buttons: tuple[str, ...]) -> list[list[dict]]:
    # Short answers side by side, long ones one per row, so that none is cut off on a phone.
    longest = max(len(text) for text in buttons)
    per_row = 3 if longest <= 12 else 2 if longest <= 22 else 1
    return [[{"text": text} for text in buttons[i : i + per_row]] for i in range(0, len(buttons), per_row)]
