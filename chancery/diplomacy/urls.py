from django.urls import path

from . import views

app_name = "diplomacy"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("calendar.ics", views.feed, name="feed"),
    path("tasks/", views.tasks, name="tasks"),
    path("figures/", views.figures, name="figures"),
    path("countries/", views.country_list, name="countries"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("events/<int:pk>/<slug:action>/", views.event_action, name="event_action"),
    path("treaties/", views.treaty_list, name="treaties"),
    path("treaties/new/", views.treaty_new, name="treaty_new"),
    path("treaties/<int:pk>/", views.treaty_detail, name="treaty"),
    path("treaties/<int:pk>/step/", views.treaty_step, name="treaty_step"),
    path("treaties/<int:pk>/files/<int:attachment_id>/", views.step_file, name="step_file"),
]
