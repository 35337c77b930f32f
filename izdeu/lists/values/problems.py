"""The one shape every parser uses to say why a value cannot be read.

Parsers never raise on bad data: a row that cannot be read goes to quarantine with its reason,
and the Django layer translates the code into Kazakh, Russian or English.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str
    value: str = ""  # the text as typed, shown beside the translated reason
