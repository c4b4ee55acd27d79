from django.urls import path

from echohub.credits import views

app_name = "credits"

urlpatterns = [
    path("", views.rules, name="rules"),
    path("rules/new/", views.rule_new, name="rule_new"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/", views.eligibility, name="eligibility"),
    path("rules/<int:pk>/recompute/", views.recompute, name="recompute"),
    path("rules/<int:pk>/sessions/<int:session_pk>/", views.session_awards, name="session"),
    path(
        "rules/<int:pk>/sessions/<int:session_pk>/certificate/",
        views.issue_session_certificate,
        name="issue_session_certificate",
    ),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/cancel/", views.batch_cancel, name="batch_cancel"),
    path("transcript/", views.transcript, name="transcript"),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
]
