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
