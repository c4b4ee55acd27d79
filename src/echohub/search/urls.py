"""Pages of search, under /p/<slug>/search/."""

from django.urls import path

from echohub.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("similar/<int:pk>/", views.similar_panel, name="similar"),
]
