from django import forms
from django.utils.translation import gettext_lazy as _

from izdeu.exports.models import ExportKind


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to export"), choices=ExportKind.choices)
    reason = forms.CharField(
        label=_("Why it is needed"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The administrator who approves it reads this. Do not write anyone's name here."),
    )


class DecisionForm(forms.Form):
    approve = forms.BooleanField(required=False)
    refusal_reason = forms.CharField(label=_("Why it is refused"), required=False, max_length=1000)
