from django.contrib import admin

from izdeu.facilities.models import Facility


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_kk", "kind", "city", "district"]
    list_filter = ["kind", "city"]
    search_fields = ["name_kk", "name_ru", "name_en", "address"]
