"""Every problem code met while loading a list, as a sentence a volunteer can act on.

The reader (`izdeu.lists.reading`) and the value parsers (`izdeu.lists.values`) speak in codes;
the import adds its own. Pages and the `izdeu import` command show `describe(code)`.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Codes the import itself gives, beside those of the reader and the parsers.
NO_NAME = "no_name"
VALUE_TOO_LONG = "value_too_long"
UNKNOWN_COLUMN = "unknown_column"
IIN_LEADING_ZERO_RESTORED = "iin_leading_zero_restored"
SHEET_LEFT_OUT = "sheet_left_out"
NO_SHEET_CHOSEN = "no_sheet_chosen"
LOAD_FAILED = "load_failed"
FILE_ERASED = "file_erased"
# Codes of the JSON API's import.
UNKNOWN_FACILITY = "unknown_facility"
AMBIGUOUS_FACILITY = "ambiguous_facility"

SENTENCES: dict[str, Promise] = {
    # Reading the file
    "too_large": _("The file is larger than the largest upload allowed: split it, or ask an administrator."),
    "empty_file": _("The file is empty."),
    "unsupported_xls": _("This is an old Excel file (.xls): save it as .xlsx or CSV and load it again."),
    "not_a_table": _("This file is not a table: load a CSV or XLSX file, or paste the list as text."),
    "zip_bomb": _("The file unpacks to far more than its size, which real lists never do: it was refused."),
    "broken_xlsx": _("The spreadsheet is damaged: open it and save it again, or save it as CSV."),
    "mixed_encoding": _("Some lines were written in another encoding than the rest: check their letters."),
    "suspect_quote": _("A stray quotation mark may have joined several lines into one row: check this row."),
    "ragged_row": _("This row has more cells than the header has columns."),
    "missing_header": _("A column has no header: say what it holds."),
    "duplicate_header": _("Two columns have the same header: say what each one holds."),
    "empty_sheet": _("This sheet is empty."),
    "no_header": _("No header row was found: say what each column holds."),
    "row_above_header": _("This row is above the header row: check that it is not a person."),
    "formula_cell": _("A cell holds a formula: it was kept as the text written, not calculated."),
    # Birth dates and ages
    "unreadable_date": _("The birth date or age could not be read."),
    "impossible_date": _("The birth date does not exist (such as 31 February): check it for a typo."),
    "future_date": _("The birth date is in the future: check it for a typo."),
    "implausible_age": _("The age or birth date gives an impossible age: check it for a typo."),
    # IIN
    "iin_not_digits": _("The IIN holds something other than digits."),
    "iin_wrong_length": _("The IIN does not have 12 digits."),
    "iin_bad_check_digit": _("The IIN's last digit does not match the others: check it for a typo."),
    "iin_impossible_date": _("The IIN's first six digits are not a real birth date: check it for a typo."),
    "iin_contradicts_birth_date": _("The IIN says another birth date than the row: one of them is wrong."),
    "iin_contradicts_sex": _("The IIN says another sex than the row: one of them is wrong."),
    # Phones
    "phone_not_a_number": _("The phone number holds something other than digits."),
    "phone_too_short": _("The phone number is too short."),
    "phone_too_long": _("The phone number is too long."),
    "phone_incomplete": _("The phone number is missing digits."),
    "phone_unknown_prefix": _("The phone number does not start like a Kazakh or Russian number."),
    # The import
    NO_NAME: _("The row has no name: it cannot be matched until someone adds one."),
    VALUE_TOO_LONG: _("A cell is longer than the field it goes into: shorten it by hand."),
    UNKNOWN_COLUMN: _("The column mapping names a column the file does not have."),
    IIN_LEADING_ZERO_RESTORED: _(
        "An IIN had 11 digits, as spreadsheets write an IIN starting with 0: the 0 was put back. Check it."
    ),
    SHEET_LEFT_OUT: _("This sheet was left out when the list was loaded: its rows are in the kept file only."),
    NO_SHEET_CHOSEN: _("Every sheet was left out: choose at least one sheet to load."),
    LOAD_FAILED: _("Loading stopped on an unexpected error and nothing was saved: try again, or tell an administrator."),
    FILE_ERASED: _("The kept file was erased when its retention period ended: load the list again."),
    UNKNOWN_FACILITY: _("No facility has this name: check the name in the admin site."),
    AMBIGUOUS_FACILITY: _("Several facilities have this name: use another of their names."),
}


def describe(code: str) -> str:
    """The sentence for a code, in the active language; an unknown code is shown as it is."""
    sentence = SENTENCES.get(code)
    return str(sentence) if sentence is not None else code
