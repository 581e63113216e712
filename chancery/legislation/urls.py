from django.urls import path

from . import views

app_name = "legislation"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.statute_new, name="statute_new"),
    path("<int:pk>/", views.statute_detail, name="statute"),
    path("<int:pk>/<slug:action>/", views.statute_action, name="statute_action"),
]
