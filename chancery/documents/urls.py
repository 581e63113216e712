from django.urls import path

from chancery.documents import views, views_exchange, views_scanning

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("registers/", views.registers, name="registers"),
    path("incoming/new/", views.incoming_new, name="incoming_new"),
    path("incoming/import/", views.incoming_import, name="incoming_import"),
    path("incoming/scan/", views_scanning.scan_new, name="scan_new"),
    path("incoming/scan/separator.pdf", views_scanning.scan_separator, name="scan_separator"),
    path("incoming/scan/<int:job_id>/", views_scanning.scan_job, name="scan_job"),
    path("incoming/scan/<int:job_id>/pages/<int:page>/", views_scanning.scan_page, name="scan_page"),
    path(
        "incoming/<int:pk>/status-package/",
        views_exchange.incoming_status_package,
        name="incoming_status_package",
    ),
    path("incoming/<int:pk>/recall/", views_exchange.incoming_recall_request, name="incoming_recall_request"),
    path(
        "incoming/<int:pk>/recall/answer/package/",
        views_exchange.incoming_answer_package,
        name="incoming_answer_package",
    ),
    path(
        "incoming/<int:pk>/recall/answer/",
        views_exchange.incoming_recall_answer,
        name="incoming_recall_answer",
    ),
    path("incoming/<int:pk>/", views.incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/route/", views.incoming_route, name="incoming_route"),
    path("incoming/<int:pk>/handling/", views.incoming_handling, name="incoming_handling"),
    path("incoming/<int:pk>/close/", views.incoming_close, name="incoming_close"),
    path("incoming/<int:pk>/return/", views.incoming_return, name="incoming_return"),
    path(
        "incoming/<int:pk>/files/<int:attachment_id>/", views.incoming_attachment, name="incoming_attachment"
    ),
    path("outgoing/new/", views.outgoing_new, name="outgoing_new"),
    path("outgoing/<int:pk>/", views.outgoing_detail, name="outgoing_detail"),
    path("outgoing/<int:pk>/edit/", views.outgoing_edit, name="outgoing_edit"),
    path("outgoing/<int:pk>/versions/", views.outgoing_version, name="outgoing_version"),
    path(
        "outgoing/<int:pk>/versions/<int:version>/", views.outgoing_version_file, name="outgoing_version_file"
    ),
    path("outgoing/<int:pk>/pdf/", views.outgoing_pdf, name="outgoing_pdf"),
    path("outgoing/<int:pk>/submit/", views.outgoing_submit, name="outgoing_submit"),
    path("outgoing/<int:pk>/review/", views.outgoing_review, name="outgoing_review"),
    path("outgoing/<int:pk>/to-signing/", views.outgoing_to_signing, name="outgoing_to_signing"),
    path("outgoing/<int:pk>/refuse/", views.outgoing_refuse, name="outgoing_refuse"),
    path("outgoing/<int:pk>/issue/", views.outgoing_issue, name="outgoing_issue"),
    path("outgoing/<int:pk>/dispatch/", views.outgoing_dispatch, name="outgoing_dispatch"),
    path("outgoing/<int:pk>/withdraw/", views.outgoing_withdraw, name="outgoing_withdraw"),
    path("outgoing/<int:pk>/exchange/", views_exchange.outgoing_exchange, name="outgoing_exchange"),
    path("outgoing/<int:pk>/status/", views_exchange.outgoing_status, name="outgoing_status"),
    path("outgoing/<int:pk>/recall/", views_exchange.outgoing_recall, name="outgoing_recall"),
]
