"""Pages of mentoring, under /p/<slug>/mentoring/."""

from django.urls import path

from echohub.mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("availability/", views.availability, name="availability"),
    path("credit/", views.claims, name="claims"),
    path("questions/<int:pk>/", views.question, name="question"),
    path("questions/<int:pk>/<str:action>/", views.question_action, name="question_action"),
    path("manage/", views.manage, name="manage"),
    path("manage/questions/<int:pk>/", views.manage_question, name="manage_question"),
    path("manage/mentors/new/", views.mentor_edit, name="mentor_new"),
    path("manage/mentors/<int:pk>/", views.mentor_edit, name="mentor_edit"),
    path("manage/topics/new/", views.topic_edit, name="topic_new"),
    path("manage/topics/<int:pk>/", views.topic_edit, name="topic_edit"),
    path("manage/settings/", views.settings_edit, name="settings"),
    path("figures/", views.figures, name="figures"),
]
