from django.contrib.auth import views as auth_views
from django.urls import path

from chancery.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/otp/", views.otp_verify, name="otp_verify"),
    path("account/", views.account, name="account"),
    path("account/two-step/", views.otp_setup, name="otp_setup"),
    path("account/token/", views.account_token, name="account_token"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("audit/", views.audit_list, name="audit_list"),
]
