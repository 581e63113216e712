from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.board, name="board"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/forecast/", views.dashboard_forecast, name="dashboard_forecast"),
    path("dashboard/<slug:key>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/conclusions/", views.meeting_conclusions, name="meeting_conclusions"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/figures/<slug:key>/", views.report_figure, name="report_figure"),
    path("reports/<int:pk>/refresh/", views.report_refresh, name="report_refresh"),
    path("reports/<int:pk>/file.<slug:fmt>", views.report_file, name="report_file"),
]
