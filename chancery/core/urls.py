from django.contrib.auth import views as auth_views
from django.urls import path

from chancery.core import views, views_accounts, views_links

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/otp/", views.otp_verify, name="otp_verify"),
    path("account/", views.account, name="account"),
    path("account/two-step/", views.otp_setup, name="otp_setup"),
    path("account/token/", views.account_token, name="account_token"),
    path("account/set-password/", views_accounts.password_set, name="password_set"),
    path("work/<str:scope>/", views.assignment_list, name="assignment_list"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/propose/", views_accounts.staff_propose, name="staff_propose"),
    path("staff/<int:pk>/reset/", views_accounts.staff_reset, name="staff_reset"),
    path("staff/proposals/", views_accounts.proposal_list, name="proposal_list"),
    path("staff/proposals/<int:pk>/", views_accounts.proposal_detail, name="proposal_detail"),
    path("audit/", views.audit_list, name="audit_list"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("links/add/", views_links.link_add, name="link_add"),
    path("links/remove/", views_links.link_remove, name="link_remove"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/start/", views.job_start, name="job_start"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/file/", views.job_file, name="job_file"),
    path("jobs/<int:pk>/<str:action>/", views.job_action, name="job_action"),
]
