from django.urls import path

from izdeu.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.export_list, name="list"),
    path("request/", views.request_export, name="request"),
    path("<int:export_id>/decide/", views.decide_export, name="decide"),
    path("<int:export_id>/download/", views.download_export, name="download"),
]
