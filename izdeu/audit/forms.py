import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from izdeu.accounts.models import Organisation, User
from izdeu.audit.models import AuditAction, AuditAlert, AuditEntry
from izdeu.audit.signals import audited_models

# Without an account: commands, tasks, the public forms and failed sign-ins.
NOT_AN_ACCOUNT = "none"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def record_type_choices() -> list[tuple[str, str]]:
    models = [*audited_models(), User, AuditAlert]
    named = sorted((capfirst(model._meta.verbose_name_plural), model._meta.label_lower) for model in models)
    return [("", _("Any"))] + [(label, name) for name, label in named]


class AuditFilter(forms.Form):
    """Filters hold staff accounts, actions and dates only: nothing about the people sought,
    so they may travel in the address."""

    actor = forms.ChoiceField(label=_("Who"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any")), *AuditAction.choices])
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, data, organisation: Organisation):
        super().__init__(data)
        accounts = User.objects.filter(organisation=organisation).order_by("username").values_list("pk", "username")
        self.fields["actor"].choices = [
            ("", _("Anyone")),
            (NOT_AN_ACCOUNT, _("No account: commands, tasks, public forms")),
            *((str(pk), username) for pk, username in accounts),
        ]
        self.fields["object_type"].choices = record_type_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        if data["actor"] == NOT_AN_ACCOUNT:
            entries = entries.filter(user_id__isnull=True)
        elif data["actor"]:
            entries = entries.filter(user_id=int(data["actor"]))
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        return entries


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of a day in the site's time zone: dates are read as the people using izdeu see them."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
