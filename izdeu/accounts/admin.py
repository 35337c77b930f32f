from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from izdeu.accounts.models import ApiToken, Organisation, TotpDevice, User
from izdeu.audit.admin import RecordsReads


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(RecordsReads, DjangoUserAdmin):
    # Staff records are personal data too: each change page shown is an audited read.
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


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Deleting someone's authenticator, when they lost both their phone and their recovery
    codes, lets them set up a new one at their next sign-in. The secret is never shown."""

    list_display = ["user", "created_at", "confirmed_at"]
    fields = readonly_fields = ["user", "created_at", "confirmed_at"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def sign_in_through_izdeu(request, extra_context=None):
    """The admin site's own sign-in form would skip the lock-out and the second factor, so
    it sends people to izdeu's sign-in, which comes back to the admin page they wanted."""
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in, but not an administrator
    return redirect_to_login(request.GET.get("next", "/admin/"))


admin.site.login = sign_in_through_izdeu
