"""The rules (tiers, warning levels, measures, shifts, notice period) are edited here, each with its source.
Load data and forecasts too, within the admin's scope; plans move only through their services (the pages and
the API), so they are not editable here."""
from django.contrib import admin

from wanjia.core.admin import ScopedAdminMixin
from wanjia.orderly.models import (
    LoadProfile, Measure, OrderlyPolicy, PolicyTier, ShiftOption, ShortageForecast, WarningLevel,
)


@admin.register(PolicyTier)
class PolicyTierAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "priority", "is_protected", "source"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "source"]


@admin.register(WarningLevel)
class WarningLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "grade", "share_above", "color", "source"]
    filter_horizontal = ["measures"]


@admin.register(ShiftOption)
class ShiftOptionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "description"]


@admin.register(OrderlyPolicy)
class OrderlyPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "notice_hours", "rotation_window_days", "is_active"]


@admin.register(LoadProfile)
class LoadProfileAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["customer", "tier", "contracted_capacity_kw", "peak_load_kw", "security_load_kw",
                    "curtailable_load_kw"]
    list_filter = ["tier"]
    search_fields = ["customer__account_number", "customer__name"]
    raw_id_fields = ["customer"]
    filter_horizontal = ["shifts"]


@admin.register(ShortageForecast)
class ShortageForecastAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "start", "end", "max_demand_kw", "gap_kw"]
    date_hierarchy = "start"
    raw_id_fields = ["unit", "created_by"]
