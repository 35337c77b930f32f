from django.urls import path

from izdeu.lists import views

# Lists and rows by their ids only: nothing in an address names a person.
app_name = "lists"
urlpatterns = [
    path("", views.list_index, name="index"),
    path("loading/<int:job_id>/", views.job, name="job"),
    path("loading/<int:job_id>/again/", views.start_again, name="start_again"),
    path("<int:source_id>/", views.list_summary, name="summary"),
    path("<int:source_id>/quarantine/", views.quarantine, name="quarantine"),
    path("<int:source_id>/quarantine/<int:row_id>/fix/", views.fix_row, name="fix"),
    path("<int:source_id>/quarantine/<int:row_id>/dismiss/", views.dismiss_row, name="dismiss"),
    path("<int:source_id>/quarantine/<int:row_id>/reopen/", views.reopen_row, name="reopen"),
]
