from django.urls import path

from . import views

app_name = "amnesty"

urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/progress/", views.campaign_progress, name="campaign_progress"),
    path("campaigns/<int:pk>/terms/", views.campaign_terms, name="campaign_terms"),
    path("campaigns/<int:pk>/council/", views.campaign_council, name="campaign_council"),
    path("campaigns/<int:pk>/council/agree/", views.campaign_council_agree, name="campaign_council_agree"),
    path("campaigns/<int:pk>/lists/new/", views.list_new, name="list_new"),
    path("campaigns/<int:pk>/appraise/", views.campaign_appraise, name="campaign_appraise"),
    path("campaigns/<int:pk>/export/", views.campaign_export, name="campaign_export"),
    path("campaigns/<int:pk>/submit/", views.campaign_submit, name="campaign_submit"),
    path("campaigns/<int:pk>/record/", views.campaign_record, name="campaign_record"),
    path("campaigns/<int:pk>/reopen/", views.campaign_reopen, name="campaign_reopen"),
    path("lists/<int:pk>/import/", views.list_import, name="list_import"),
    path("lists/<int:pk>/files/", views.list_files, name="list_files"),
    path("lists/<int:pk>/files/<int:attachment_id>/", views.list_file, name="list_file"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
]
