from django.urls import path

from echohub.scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_new, name="session_new"),
    path("series/new/", views.series_new, name="series_new"),
    path("breaks/", views.breaks, name="breaks"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("<int:pk>/", views.session_detail, name="session"),
    path("<int:pk>/title/", views.session_title, name="title"),
    path("<int:pk>/reschedule/", views.session_reschedule, name="reschedule"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<int:pk>/agenda/new/", views.agenda_item, name="agenda_new"),
    path("<int:pk>/agenda/<int:item_id>/", views.agenda_item, name="agenda_edit"),
    path("<int:pk>/agenda/<int:item_id>/resources/", views.resource_add, name="resource_add"),
]
