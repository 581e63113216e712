from django.urls import path

from chancery.honours import views

app_name = "honours"

urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.home_figures, name="home_figures"),
    path("rules/", views.rule_book, name="rules"),
    path("batches/new/", views.batch_new, name="batch_new"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/import/", views.batch_import, name="batch_import"),
    path("batches/<int:pk>/appraise/", views.batch_appraise, name="batch_appraise"),
    path("honorees/", views.honorees, name="honorees"),
    path("batches/<int:pk>/files/", views.batch_files, name="batch_files"),
    path("batches/<int:pk>/files/<int:attachment_id>/", views.batch_file, name="batch_file"),
    path("batches/<int:pk>/submit/", views.batch_submit, name="batch_submit"),
    path("batches/<int:pk>/settle/", views.batch_settle, name="batch_settle"),
    path("batches/<int:pk>/record/", views.batch_record, name="batch_record"),
    path("batches/<int:pk>/reopen/", views.batch_reopen, name="batch_reopen"),
    path("batches/<int:pk>/certificates/", views.batch_certificates, name="batch_certificates"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("honorees/<int:pk>/", views.honoree_detail, name="honoree"),
]
