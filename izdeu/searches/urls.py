from django.urls import path

from izdeu.searches import views

# Stable addresses: they are printed on flyers and sent in chat messages (/kk/request/, /ru/status/).
# Codes and secrets are posted, never part of an address.
app_name = "searches"
urlpatterns = [
    path("request/", views.request_form, name="request"),
    path("status/", views.status, name="status"),
    path("intake/", views.phone_intake, name="intake"),
]
