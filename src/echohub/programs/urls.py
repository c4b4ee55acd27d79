from django.urls import path

from echohub.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_detail, name="detail"),
    path("register/", views.register, name="register"),
    path("register/thanks/", views.registered, name="registered"),
    path("manage/registrations/", views.registrations, name="registrations"),
    path(
        "manage/registrations/approve-selected/",
        views.approve_selected_registrations,
        name="approve_selected_registrations",
    ),
    path(
        "manage/registrations/<int:pk>/<str:decision>/",
        views.decide_registration,
        name="decide_registration",
    ),
    path("manage/people/", views.people, name="people"),
    path("manage/people/invite/", views.invite, name="invite"),
    path("manage/people/<int:user_id>/", views.person, name="person"),
    path("manage/sites/", views.sites, name="sites"),
    path("manage/sites/new/", views.site_edit, name="site_new"),
    path("manage/sites/<int:pk>/", views.site_edit, name="site_edit"),
    path("hub/", views.hub, name="hub"),
    path("hub/<int:hub_id>/members/new/", views.hub_member_edit, name="hub_member_new"),
    path("hub/<int:hub_id>/members/<int:pk>/", views.hub_member_edit, name="hub_member_edit"),
    path("manage/audit/", views.audit_log, name="audit"),
    path("manage/settings/", views.program_settings, name="settings"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
]
