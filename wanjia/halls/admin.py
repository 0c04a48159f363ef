from django.contrib import admin

from wanjia.core.admin import ScopedAdminMixin
from wanjia.halls.models import (BusinessHall, DissatisfactionReason, Facility, HallService, OpeningHours, Practice)


@admin.register(Facility, HallService, Practice, DissatisfactionReason)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order", "is_active", "source"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(BusinessHall)
class BusinessHallAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "counters", "open_on_public_holidays"]
    filter_horizontal = ["services"]
    inlines = [OpeningHoursInline]
    autocomplete_fields = ["unit"]
