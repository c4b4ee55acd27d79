"""Insights under /p/<slug>/insights/: the dashboards and the program report (PDF)."""

from django.urls import path

from echohub.evaluation import dashboard_views as views

urlpatterns = [
    path("", views.insights, name="insights"),
    path("reach/", views.reach, name="reach"),
    path("sessions/", views.sessions_dashboard, name="sessions_dashboard"),
    path("cases/", views.cases_dashboard, name="cases_dashboard"),
    path("surveys/", views.surveys_dashboard, name="surveys_dashboard"),
    path("surveys/<int:pk>/", views.survey_results, name="survey_results"),
    path("report.pdf", views.report, name="report"),
]
