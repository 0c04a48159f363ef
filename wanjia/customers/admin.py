from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wanjia.core.admin import ScopedAdminMixin
from wanjia.customers.models import Customer, GreenChannelKind


@admin.register(Customer)
class CustomerAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["account_number", "name", "customer_class", "walk_in_category", "is_protected_load",
                    "green_channel", "station"]
    list_filter = ["customer_class", "walk_in_category", "is_protected_load", "green_channel"]
    search_fields = ["account_number", "name", "phone", "address"]
    autocomplete_fields = ["station", "feeder", "transformer"]
    list_select_related = ["station", "green_channel"]
    # The import screen (all rows or none) lives at /customers/import/, linked from the customer list.


@admin.register(GreenChannelKind)
class GreenChannelKindAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "description", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
