"""Research exports under /p/<slug>/research/ (namespace `evaluation`)."""

from django.urls import URLPattern, path

from echohub.evaluation import export_views

urlpatterns: list[URLPattern] = [
    path("", export_views.research, name="research"),
    path("studies/new/", export_views.study_new, name="research_study_new"),
    path("export/", export_views.counts, name="research_counts"),
    path("export/download/", export_views.download, name="research_download"),
]
