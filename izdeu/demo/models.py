from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoWorld(models.Model):
    """Present when the fictional demo world is loaded; every page then says so."""

    seed = models.PositiveIntegerField(_("seed"))
    scale = models.FloatField(_("scale"))
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("demo world")
        verbose_name_plural = _("demo worlds")

    def __str__(self) -> str:
        return f"seed {self.seed}, scale {self.scale}"
