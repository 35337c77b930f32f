from django.urls import path

from izdeu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.login, name="login"),
    path("sign-out/", views.logout, name="logout"),
    path("verify/", views.verify, name="verify"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/recovery-codes/", views.new_recovery_codes, name="new_recovery_codes"),
    path("two-factor/remove/", views.remove_two_factor, name="remove_two_factor"),
    path("confirm/", views.confirm, name="confirm"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/end/", views.end_session, name="end_session"),
    path("sessions/end-all/", views.end_all_sessions, name="end_all_sessions"),
    path("break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/open/", views.open_break_glass, name="open_break_glass"),
]
