from django.urls import path

from . import views

app_name = "legislation"

urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.statute_new, name="statute_new"),
    path("<int:pk>/", views.statute_detail, name="statute"),
    path("<int:pk>/<slug:action>/", views.statute_action, name="statute_action"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("drafts/<int:pk>/<slug:action>/", views.draft_action, name="draft_action"),
]
