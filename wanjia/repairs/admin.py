from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from wanjia.core.admin import ScopedAdminMixin
from wanjia.repairs.models import (Crew, FaultCategory, Open311Client, Outage, PlaceName, ReliabilityStandard,
                                   RepairConfig, RepairOrder, RepairOrderEvent, ServiceAttribute)


@admin.register(FaultCategory)
class FaultCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "urgency", "groups_into_outage", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Crew)
class CrewAdmin(admin.ModelAdmin):
    list_display = ["name", "station", "phone", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "station__name", "station__code"]
    autocomplete_fields = ["members"]
    raw_id_fields = ["station"]


@admin.register(ReliabilityStandard)
class ReliabilityStandardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "momentary_max_minutes", "med_beta_multiplier", "med_history_years", "is_default"]


@admin.register(RepairConfig)
class RepairConfigAdmin(admin.ModelAdmin):
    list_display = ["outage_window_minutes", "source"]


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "triage_station", "rate", "is_active", "created_at"]
    autocomplete_fields = ["unit", "triage_station"]


class PlaceNameForm(forms.ModelForm):
    class Meta:
        model = PlaceName
        fields = "__all__"

    def clean(self):
        data = super().clean()
        station, transformers = data.get("station"), data.get("transformers")
        if station and transformers:
            wrong = [t.code for t in transformers if t.feeder.station_id != station.pk]
            if wrong:
                self.add_error("transformers", _("以下台区不属于 %(s)s:%(t)s") % {"s": station.name,
                                                                                "t": "、".join(wrong)})
        return data


@admin.register(PlaceName)
class PlaceNameAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = PlaceNameForm
    list_display = ["name", "kind", "code", "station", "latitude", "longitude"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "station__name"]
    autocomplete_fields = ["station", "transformers"]
    fields = ["name", "kind", "code", "station", "transformers", "latitude", "longitude"]


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    list_display = ["code", "description", "category", "datatype", "required", "order", "is_active"]
    list_filter = ["category", "is_active"]


class EventInline(admin.TabularInline):
    model = RepairOrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "from_status", "to_status", "note"]
    fields = readonly_fields


@admin.register(RepairOrder)
class RepairOrderAdmin(admin.ModelAdmin):
    """Read-only here: orders change through the repair desk's actions, which record who and when."""

    list_display = ["number", "status", "category", "station", "received_at"]
    list_filter = ["status", "category"]
    search_fields = ["number", "phone"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Outage)
class OutageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "station", "started_at", "restored_at", "customers_affected", "cause"]
    list_filter = ["kind", "cause"]
    raw_id_fields = ["station", "feeder", "transformers"]
