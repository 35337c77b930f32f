from django.urls import path

from izdeu.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.dashboard, name="dashboard"),
]
