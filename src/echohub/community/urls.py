"""Pages of community, under /p/<slug>/community/."""

from django.urls import path

from echohub.community import views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/new/", views.topic_new, name="topic_new"),
    path("topics/<int:pk>/", views.topic, name="topic"),
    path("topics/<int:pk>/new/", views.thread_new, name="thread_new"),
    path("threads/<int:pk>/", views.thread, name="thread"),
    path("threads/<int:pk>/<str:action>/", views.thread_action, name="thread_action"),
    path("cases/<int:case_pk>/", views.case_thread, name="case_thread"),
    path("talks/<int:item_pk>/", views.talk_thread, name="talk_thread"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("posts/<int:pk>/<str:action>/", views.post_action, name="post_action"),
    path("files/<str:token>/", views.attachment, name="attachment"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/reports/<int:pk>/dismiss/", views.report_dismiss, name="report_dismiss"),
    path("notifications/", views.notifications, name="notifications"),
    path("settings/", views.notification_settings, name="settings"),
]
