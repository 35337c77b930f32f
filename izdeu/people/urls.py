from django.urls import path

from izdeu.people import views

# People by their ids only: nothing in an address names a person.
app_name = "people"
urlpatterns = [
    path("<int:person_id>/", views.person, name="person"),
]
