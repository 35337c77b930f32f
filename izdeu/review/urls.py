from django.urls import path

from izdeu.review import views

# Candidates and decisions by their ids only: nothing in an address names a person.
app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:candidate_id>/", views.candidate, name="candidate"),
    path("decisions/<int:decision_id>/undo/", views.undo, name="undo"),
]
