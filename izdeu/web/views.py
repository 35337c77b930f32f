from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from izdeu.accounts.access import ALL_ROLES, public, roles
from izdeu.web.figures import dashboard_figures


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@roles(*ALL_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = dashboard_figures(request.user)
    return render(request, "web/dashboard.html", {"figures": figures})


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@public
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin site, the API docs)."""
    return redirect(static("izdeu/favicon.svg"), permanent=True)


@public
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form came back without a valid token: usually an old tab or an expired session."""
    return render(request, "web/csrf_failure.html", status=403)


@public
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: is the service up and can it reach its database? Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
