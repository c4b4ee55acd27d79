from django.urls import path

from echohub.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("summary/", views.case_summary, name="summary"),
    path("form/", views.form_config, name="form_config"),
    path("form/reset/", views.form_config_reset, name="form_config_reset"),
    path("form/sender/", views.form_sender, name="form_sender"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/override/", views.case_override, name="override"),
    path("<int:pk>/letter.pdf", views.case_letter, name="letter"),
    path("<int:pk>/patient-summary/", views.patient_summary, name="patient_summary"),
    path("<int:pk>/<str:action>/", views.case_action, name="action"),
]

session_urlpatterns = [path("cases/", views.session_cases, name="session_cases")]
