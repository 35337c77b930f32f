from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoWorld(models.Model):
    """Present when the fictional demo world is loaded; every page then says so."""

    seed = models.PositiveIntegerField(_("seed"))
    scale = models.FloatField(_("scale"))
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    counts = models.JSONField(_("counts"), default=dict)
    # The organisation that owns every demo record; a reset removes it and all that hangs on it.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Facilities the demo added (not those it found already there), so a reset removes only these.
    facility_ids = models.JSONField(_("facilities added by the demo"), default=list, blank=True)

    class Meta:
        verbose_name = _("demo world")
        verbose_name_plural = _("demo worlds")

    def __str__(self) -> str:
        return f"seed {self.seed}, scale {self.scale}"
