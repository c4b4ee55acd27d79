"""Evaluation URLs under /p/<slug>/: surveys (builder, distribution, results), insights
(dashboards and the program report) and research exports. Each area keeps its own list."""

from django.urls import include, path

from echohub.evaluation import dashboard_urls, export_urls, survey_urls

app_name = "evaluation"

urlpatterns = [
    path("surveys/", include(survey_urls.urlpatterns)),
    path("insights/", include(dashboard_urls.urlpatterns)),
    path("research/", include(export_urls.urlpatterns)),
]
