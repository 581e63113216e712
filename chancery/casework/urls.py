from django.urls import path

from chancery.casework import views

app_name = "casework"

urlpatterns = [
    path("<slug:key>/", views.case_list, name="list"),
    path("<slug:key>/export/", views.list_export, name="list_export"),
    path("<slug:key>/saved/", views.saved_filter_save, name="saved_filter_save"),
    path("saved/<int:pk>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
]
