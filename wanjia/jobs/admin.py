from django.contrib import admin

from wanjia.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "unit", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["task_id", "created_at", "started_at", "finished_at"]
