"""Survey URLs under /p/<slug>/surveys/ (namespace `evaluation`)."""

from django.urls import path

from echohub.evaluation import survey_views as v

urlpatterns = [
    path("", v.survey_list, name="surveys"),
    path("new/", v.survey_new, name="survey_new"),
    path("answer/<int:invitation_pk>/", v.answer, name="survey_answer"),
    path("<int:pk>/", v.survey_detail, name="survey"),
    path("<int:pk>/edit/", v.survey_edit, name="survey_edit"),
    path("<int:pk>/preview/", v.survey_preview, name="survey_preview"),
    path("<int:pk>/delete/", v.survey_delete, name="survey_delete"),
    path("<int:pk>/send/", v.survey_send, name="survey_send"),
    path("<int:pk>/open/", v.survey_status, {"action": "open"}, name="survey_open"),
    path("<int:pk>/close/", v.survey_status, {"action": "close"}, name="survey_close"),
    path("<int:pk>/sections/add/", v.section_add, name="section_add"),
    path("<int:pk>/sections/<int:section_pk>/", v.section_edit, name="section_edit"),
    path("<int:pk>/sections/<int:section_pk>/delete/", v.section_delete, name="section_delete"),
    path("<int:pk>/sections/<int:section_pk>/move/", v.section_move, name="section_move"),
    path("<int:pk>/questions/add/", v.question_form, name="question_add"),
    path("<int:pk>/questions/<int:question_pk>/", v.question_form, name="question_edit"),
    path("<int:pk>/questions/<int:question_pk>/delete/", v.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:question_pk>/move/", v.question_move, name="question_move"),
]
