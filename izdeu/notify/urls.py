from django.urls import path

from izdeu.notify import views

# Messages and follow-ups by their ids only: nothing in an address names a person.
app_name = "notify"
urlpatterns = [
    path("", views.outbox_page, name="outbox"),
    path("<int:message_id>/<slug:decision>/", views.decide, name="decide"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/done/", views.follow_up_done, name="follow_up_done"),
]
