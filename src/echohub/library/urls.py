"""Pages of library, under /p/<slug>/library/."""

from django.urls import path

from echohub.library import views

app_name = "library"

urlpatterns = [
    path("", views.home, name="home"),
    path("talks/<int:pk>/", views.talk_detail, name="talk"),
    path("talks/<int:pk>/<str:what>/download/", views.talk_file, name="talk_file"),
    path("tools/<int:pk>/download/", views.tool_file, name="tool_file"),
    path("cases/<int:pk>/", views.case_entry, name="case"),
    path("manage/", views.manage, name="manage"),
    path("manage/talks/new/", views.talk_edit, name="talk_new"),
    path("manage/talks/<int:pk>/", views.talk_edit, name="talk_edit"),
    path("manage/talks/<int:pk>/delete/", views.talk_delete, name="talk_delete"),
    path("manage/tools/new/", views.tool_edit, name="tool_new"),
    path("manage/tools/<int:pk>/", views.tool_edit, name="tool_edit"),
    path("manage/tools/<int:pk>/delete/", views.tool_delete, name="tool_delete"),
    path("manage/tools/<int:pk>/checked/", views.tool_checked, name="tool_checked"),
]
