from django.urls import path, register_converter

from echohub.attendance import views

app_name = "attendance"


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export_format")

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.mine, name="mine"),
    path("export.<export_format:fmt>", views.program_export, name="program_export"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("sessions/<int:pk>/", views.session_page, name="session"),
    path("sessions/<int:pk>/import/", views.upload, name="upload"),
    path("sessions/<int:pk>/manual/", views.manual, name="manual"),
    path("sessions/<int:pk>/fetch-zoom/", views.fetch_zoom, name="fetch_zoom"),
    path(
        "sessions/<int:pk>/imports/<int:batch_id>/delete/",
        views.delete_import,
        name="delete_import",
    ),
    path("sessions/<int:pk>/roll-call/", views.roll_call, name="roll_call"),
    path("sessions/<int:pk>/rows/<int:row_id>/assign/", views.assign, name="assign"),
    path("sessions/<int:pk>/rows/<int:row_id>/people/", views.find_people, name="find_people"),
    path("sessions/<int:pk>/rows/<int:row_id>/guest/", views.guest, name="guest"),
    path("sessions/<int:pk>/people/<int:user_id>/adjust/", views.adjust, name="adjust"),
    path(
        "sessions/<int:pk>/export.<export_format:fmt>",
        views.session_export,
        name="session_export",
    ),
]
