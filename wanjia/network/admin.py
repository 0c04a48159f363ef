from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wanjia.core.admin import ScopedAdminMixin
from wanjia.network.models import Feeder, Transformer


@admin.register(Feeder)
class FeederAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "station", "voltage_kv"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["station"]


@admin.register(Transformer)
class TransformerAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "feeder", "capacity_kva"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["feeder"]
