from django.urls import path

from izdeu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.login, name="login"),
    path("sign-out/", views.logout, name="logout"),
]
