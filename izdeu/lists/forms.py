"""The forms of the list pages: loading a list, and fixing or dismissing a quarantined row."""


from django import forms
from django.utils.translation import gettext_lazy as _

from izdeu.facilities.models import Facility
from izdeu.lists.importing import KINDS
from izdeu.lists.models import Reliability
from izdeu.people.models import Sex

# The kinds of list the `izdeu import` command offers (its module is named "import", a keyword).
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Facility) -> str:
        return obj.name()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("List file"), required=False, help_text=_("CSV, TSV, XLSX or a text file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,.xlsx,text/csv,text/plain"}),
    )  # fmt: skip
    text = forms.CharField(
        label=_("Or paste the list"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A list copied from a chat: one person a line."),
    )  # fmt: skip
    name = forms.CharField(
        label=_("List name"), max_length=300,
        help_text=_("The same name again makes a new version of that list."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind of list"), choices=[(k.value, k.label) for k in KINDS.values()])
    facility = FacilityChoiceField(label=_("Facility"), queryset=Facility.objects.all(), required=False,
                                   empty_label=_("None or several"))  # fmt: skip
    list_date = forms.DateField(label=_("List date"), required=False, input_formats=DATE_FORMATS,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))  # fmt: skip
    reliability = forms.ChoiceField(label=_("Reliability"), choices=Reliability.choices, initial=Reliability.UNCONFIRMED)
    provided_by = forms.CharField(label=_("Provided by"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("file")), bool((data.get("text") or "").strip())
        if has_file == has_text:
            raise forms.ValidationError(_("Choose a file or paste a list, not both."))
        return data


# What each column can hold, as the mapping screen names it.
FIELD_LABELS = {
    "full_name": _("Full name"),
    "surname": _("Surname"),
    "given_name": _("Given name"),
    "patronymic": _("Patronymic"),
    "birth_date": _("Birth date"),
    "birth_year": _("Birth year"),
    "birth_place": _("Place of birth"),
    "age": _("Age"),
    "iin": _("IIN"),
    "sex": _("Sex"),
    "place": _("Where held"),
    "detention_date": _("Date detained"),
    "article": _("Charge (article)"),
    "note": _("Note"),
    "row_number": _("Row number in the list"),
    "phone": _("Phone"),
    "document_number": _("Document number"),
    "address": _("Address"),
    "chat_line": _("Whole line from a chat"),
}
NAME_FIELDS = frozenset({"full_name", "surname", "given_name", "chat_line"})


class MappingForm(forms.Form):
    """The columns of every sheet with what they hold; a sheet can be left out.

    Fields are named by position (`s0-load`, `s0-c3`), never by a header: headers come from the file.
    """

    def __init__(self, sheets: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets = sheets
        choices = [("", _("Not used")), *FIELD_LABELS.items()]
        for number, sheet in enumerate(sheets):
            if len(sheets) > 1:
                self.fields[f"s{number}-load"] = forms.BooleanField(
                    label=_("Load this sheet"), required=False, initial=sheet["rows"] > 0
                )
            for column in sheet["columns"]:
                self.fields[f"s{number}-c{column['index']}"] = forms.ChoiceField(
                    label=column["header"] or _("Column %(number)d") % {"number": column["index"] + 1},
                    choices=choices, required=False, initial=column["field"] or "",
                )  # fmt: skip

    def sheet_fields(self, number: int) -> list[forms.BoundField]:
        return [self[f"s{number}-c{column['index']}"] for column in self.sheets[number]["columns"]]

    def load_field(self, number: int) -> forms.BoundField | None:
        """The sheet's "load this sheet" box; a list of one sheet has none (it is the list)."""
        return self[f"s{number}-load"] if len(self.sheets) > 1 else None

    def _loads(self, number: int) -> bool:
        return len(self.sheets) == 1 or bool(self.cleaned_data.get(f"s{number}-load"))

    def clean(self):
        data = super().clean()
        chosen = [number for number in range(len(self.sheets)) if self._loads(number)]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one sheet to load."))
        message = _("Say which column holds the name, or leave this sheet out.")
        for number in chosen:
            meanings = {data.get(f"s{number}-c{column['index']}") for column in self.sheets[number]["columns"]}
            if not meanings & NAME_FIELDS:
                if len(self.sheets) > 1:
                    self.add_error(f"s{number}-load", message)
                else:
                    self.add_error(None, _("Say which column holds the name."))
        return data

    def mappings(self) -> dict[str, dict[str, str | None]]:
        data = self.cleaned_data
        return {
            sheet["sheet"]: {str(c["index"]): data[f"s{number}-c{c['index']}"] or None for c in sheet["columns"]}
            for number, sheet in enumerate(self.sheets)
            if self._loads(number)
        }

    def skipped_sheets(self) -> list[str]:
        return [sheet["sheet"] for number, sheet in enumerate(self.sheets) if not self._loads(number)]


class FixForm(forms.Form):
    """A quarantined row, retyped: read again exactly as the import reads a row."""

    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    birth = forms.CharField(label=_("Birth date, year or age"), max_length=100, required=False)
    iin = forms.CharField(label=_("IIN"), max_length=40, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)


class DismissReason:
    NOT_A_PERSON = "not_a_person"
    DUPLICATE = "duplicate"
    UNREADABLE = "unreadable"
    CHOICES = [
        (NOT_A_PERSON, _("Not a person (a title, a total, a note)")),
        (DUPLICATE, _("The same person as another row")),
        (UNREADABLE, _("Cannot be read even by a person")),
    ]


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=DismissReason.CHOICES)
