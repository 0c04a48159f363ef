from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wanjia.connections.models import (Application, CapacityRule, DesignationRecord, Pause, RequiredDocument,
                                       StageRecord, StageRule)


@admin.register(StageRule)
class StageRuleAdmin(SimpleHistoryAdmin):
    list_display = ["customer_class", "application_type", "position", "stage", "min_capacity_kva"]
    list_filter = ["customer_class", "application_type", "stage"]


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["customer_class", "application_type", "name", "name_en", "position", "is_active"]
    list_filter = ["customer_class", "application_type", "is_active"]


@admin.register(CapacityRule)
class CapacityRuleAdmin(SimpleHistoryAdmin):
    list_display = ["customer_class", "max_kva"]


class StageRecordInline(admin.TabularInline):
    model = StageRecord
    extra = 0
    fields = ["position", "stage", "handler", "started_at", "finished_at", "limit_days", "due_at", "used_days"]
    readonly_fields = fields
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    """Read-mostly: applications move only through the services (and their events)."""

    list_display = ["number", "applicant_name", "customer_class", "application_type", "status", "station",
                    "received_at"]
    list_filter = ["status", "customer_class", "application_type", "channel"]
    search_fields = ["number", "applicant_name"]
    readonly_fields = [f.name for f in Application._meta.fields]
    inlines = [StageRecordInline]


@admin.register(Pause)
class PauseAdmin(admin.ModelAdmin):
    list_display = ["stage", "reason", "started_at", "ended_at"]
    readonly_fields = ["stage", "reason", "detail", "needs_visit", "started_at", "ended_at", "started_by", "ended_by"]


@admin.register(DesignationRecord)
class DesignationRecordAdmin(SimpleHistoryAdmin):
    list_display = ["application", "scope", "chosen_freely", "staff_recommended", "is_flagged", "reviewed_at"]
    list_filter = ["scope", "is_flagged"]
    readonly_fields = [f.name for f in DesignationRecord._meta.fields]
