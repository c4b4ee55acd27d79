from django.contrib import admin

from echohub.attendance.models import Attendance, AttendanceRow, ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["session", "source", "filename", "row_count", "new_rows", "created_at"]
    list_filter = ["source", "session__program"]
    list_select_related = ["session"]
    raw_id_fields = ["session", "uploaded_by"]
    date_hierarchy = "created_at"


@admin.register(AttendanceRow)
class AttendanceRowAdmin(admin.ModelAdmin):
    list_display = ["session", "batch", "row_number", "name", "status", "method", "user"]
    list_filter = ["status", "source", "session__program"]
    list_select_related = ["session", "user"]
    search_fields = ["name", "email"]
    raw_id_fields = ["session", "batch", "user", "room_row", "decided_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "minutes", "computed_minutes", "adjusted_minutes", "sources"]
    list_filter = ["session__program"]
    list_select_related = ["session", "user"]
    raw_id_fields = ["session", "user", "adjusted_by"]
