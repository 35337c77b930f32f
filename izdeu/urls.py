from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from izdeu.api import api
from izdeu.bot import views as bot_views
from izdeu.web import views as web_views

# Addresses without personal data only: people are found by POSTed searches, never by URL.
urlpatterns = [
    path("health/", web_views.health, name="health"),
    path("favicon.ico", web_views.favicon, name="favicon"),
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    # Outside the language prefix: Telegram calls one fixed address (izdeu telegram-webhook).
    path("telegram/webhook/", bot_views.webhook, name="telegram_webhook"),
]
urlpatterns += i18n_patterns(
    path("", include("izdeu.web.urls")),
    path("accounts/", include("izdeu.accounts.urls")),
    path("exports/", include("izdeu.exports.urls")),
    path("audit/", include("izdeu.audit.urls")),
    path("lists/", include("izdeu.lists.urls")),
    path("", include("izdeu.searches.urls")),
    path("review/", include("izdeu.review.urls")),
    path("people/", include("izdeu.people.urls")),
    path("messages/", include("izdeu.notify.urls")),
)
