from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    POLICE_STATION = "police_station", _("Police station")
    TEMPORARY_DETENTION = "temporary_detention", _("Temporary detention centre (IVS)")
    PRETRIAL_DETENTION = "pretrial_detention", _("Pre-trial detention centre (SIZO)")
    COURT = "court", _("Court")
    HOSPITAL = "hospital", _("Hospital")
    MORGUE = "morgue", _("Morgue")
    OTHER = "other", _("Other place")


class Facility(models.Model):
    """A police station, detention centre, court, hospital or morgue, named in kk, ru and en."""

    kind = models.CharField(_("kind"), max_length=30, choices=FacilityKind.choices)
    name_kk = models.CharField(_("name in Kazakh"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["kind", "name_ru"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FacilityKind.values), name="facility_kind_known"),
            models.CheckConstraint(
                condition=~Q(name_kk="") | ~Q(name_ru="") | ~Q(name_en=""), name="facility_has_a_name"
            ),
            models.UniqueConstraint(
                fields=["kind", "name_ru", "city"], condition=~Q(name_ru=""), name="facility_unique_russian_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        """The name in the given (or current) language, falling back to the others."""
        language = (language or get_language() or "kk")[:2]
        preferred = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}
        for code in preferred.get(language, ("kk", "ru", "en")):
            if value := getattr(self, f"name_{code}"):
                return value
        return ""
