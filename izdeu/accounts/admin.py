from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from izdeu.accounts.models import ApiToken, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Work"), {"fields": ["role", "organisation", "language", "is_active"]}),
        (_("Contact"), {"fields": ["first_name", "last_name", "email"]}),
        (_("History"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "role", "organisation", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # issued with `izdeu createtoken`, which shows the token once
