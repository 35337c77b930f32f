from django.urls import path

from izdeu.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge_alert, name="acknowledge"),
]
