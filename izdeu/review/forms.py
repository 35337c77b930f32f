from django import forms
from django.utils.translation import gettext_lazy as _

CONFIRM, REJECT = "confirm", "reject"


class DecisionForm(forms.Form):
    """Confirm or reject, from the button pressed; a rejection says why."""

    action = forms.ChoiceField(choices=[(CONFIRM, _("Confirm")), (REJECT, _("Reject"))])
    reason = forms.CharField(label=_("Why"), max_length=1000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == REJECT and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why this entry is someone else."))
        return data
