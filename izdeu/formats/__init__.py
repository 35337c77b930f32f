"""Date and number formats per language (Django's FORMAT_MODULE_PATH), and dates in sentences."""

import datetime as dt

from django.utils import timezone, translation
from django.utils.formats import date_format


def in_sentence(moment: dt.datetime, format_string: str) -> str:
    """A moment as it reads in the middle of a sentence ("since 7 January"), in local time.

    Django's Kazakh month names are capitalised as for a calendar's heading; in a sentence
    they are not ("7 қаңтар")."""
    text = date_format(timezone.localtime(moment), format_string)
    return text.lower() if translation.get_language() == "kk" else text
