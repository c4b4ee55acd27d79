from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from echohub.api.api import api
from echohub.cases import urls as cases_urls
from echohub.joining import urls as joining_urls
from echohub.portal import data_views
from echohub.portal import views as portal_views
from echohub.programs import views as program_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("programs/", program_views.program_list, name="program_list"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("echohub/favicon.svg"), permanent=True),
    ),
    path("accounts/profile/data/", data_views.my_data, name="my_data"),  # gathers every app
    path("accounts/privacy/", include("echohub.privacy.me_urls")),
    path("accounts/", include("echohub.accounts.urls")),
    path("tools/", include("echohub.tools.urls")),
    path("p/<slug:slug>/", include("echohub.programs.urls")),
    path("p/<slug:slug>/sessions/", include("echohub.scheduling.urls")),
    path(
        "p/<slug:slug>/sessions/<int:pk>/",
        include((joining_urls.session_urlpatterns, "joining_session")),
    ),
    path("p/<slug:slug>/cases/", include("echohub.cases.urls")),
    path("p/<slug:slug>/attendance/", include("echohub.attendance.urls")),
    path("p/<slug:slug>/credits/", include("echohub.credits.urls")),
    path("p/<slug:slug>/", include("echohub.evaluation.urls")),
    path("p/<slug:slug>/privacy/", include("echohub.privacy.urls")),
    path("p/<slug:slug>/library/", include("echohub.library.urls")),
    path("p/<slug:slug>/search/", include("echohub.search.urls")),
    path("p/<slug:slug>/community/", include("echohub.community.urls")),
    path("p/<slug:slug>/mentoring/", include("echohub.mentoring.urls")),
    path("p/<slug:slug>/live/", include("echohub.live.urls")),
    path("s/", include("echohub.evaluation.respond_urls")),
    path("community/", include("echohub.community.public_urls")),  # unsubscribe, no sign-in
    path(
        "p/<slug:slug>/sessions/<int:pk>/",
        include((cases_urls.session_urlpatterns, "cases_session")),
    ),
    path("", include("echohub.joining.urls")),
    path("webhooks/", include("echohub.attendance.webhook_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
