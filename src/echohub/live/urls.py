"""Pages of live, under /p/<slug>/live/."""

from django.urls import path

from echohub.live import views

app_name = "live"

urlpatterns = [
    path("<int:pk>/", views.live_page, name="page"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("<int:pk>/events/", views.events, name="events"),
    path("<int:pk>/events.json", views.events_json, name="events_json"),
    path("<int:pk>/console/", views.console, name="console"),
    path("<int:pk>/console/action/", views.console_action, name="action"),
    path("<int:pk>/console/questions/<int:qid>/", views.decide_question, name="decide_question"),
    path("<int:pk>/console/questions/<int:qid>/send/", views.send_question, name="send_question"),
    path("<int:pk>/console/cases/<int:case_pk>/draft/", views.save_draft, name="save_draft"),
    path("<int:pk>/console/cases/<int:case_pk>/turn/", views.turn_drafts, name="turn_drafts"),
]
