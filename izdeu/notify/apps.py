from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "izdeu.notify"
    label = "notify"
    verbose_name = _("Messages to requesters")
