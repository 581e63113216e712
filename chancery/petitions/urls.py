from django.urls import path

from chancery.petitions import views

app_name = "petitions"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.register, name="register"),
    path("new/check/", views.check_text, name="check"),
    path("new/scan/", views.scan_new, name="scan_new"),
    path("new/scan/<int:job_id>/", views.scan_job, name="scan_job"),
    path("new/scan/<int:job_id>/pages/<int:page>/", views.scan_page, name="scan_page"),
    path("places/wards/", views.wards, name="wards"),
    path("letters/templates/", views.letter_templates, name="letter_templates"),
    path("rules/", views.rule_book, name="rules"),
    path("import/", views.import_register, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("reception/", views.sessions, name="sessions"),
    path("reception/<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/classify/", views.classify_view, name="classify"),
    path("<int:pk>/facts/", views.case_facts, name="facts"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/duplicate/", views.duplicate, name="duplicate"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/remind/", views.remind, name="remind"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/letters/<int:letter_id>/", views.letter_file, name="letter_file"),
    path("<int:pk>/letters/<int:letter_id>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/letters/<int:letter_id>/sign/", views.letter_sign, name="letter_sign"),
    path("<int:pk>/letters/<int:letter_id>/signed/", views.letter_signed, name="letter_signed"),
    path("<int:pk>/letters/<int:letter_id>/enclosure/", views.letter_enclosure, name="letter_enclosure"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_file, name="attachment_file"),
]

public_urlpatterns = [
    path("gui-don/", views.public_submit, name="public_submit"),
    path("tra-cuu/", views.public_lookup, name="public_lookup"),
]
