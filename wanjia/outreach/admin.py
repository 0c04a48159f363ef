from django.contrib import admin

from wanjia.core.void_views import VoidableAdminMixin
from wanjia.outreach import models


@admin.register(models.ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    """The six walk-ins' checklists are data: add, reword or retire items here."""

    list_display = ["category", "order", "text", "text_en", "is_active"]
    list_filter = ["category", "is_active"]
    list_editable = ["order", "is_active"]
    list_display_links = ["text"]


@admin.register(models.Hazard)
class HazardAdmin(admin.ModelAdmin):
    list_display = ["number", "unit", "severity", "side", "status", "deadline"]
    list_filter = ["status", "severity", "side"]
    readonly_fields = ["status"]  # moves only through the rectification services


@admin.register(models.Visit)
class VisitAdmin(VoidableAdminMixin, admin.ModelAdmin):
    list_display = ["date", "category", "site", "unit"]
    list_filter = ["category"]
    search_fields = ["site"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["customer"]
