from django.contrib import admin

from wanjia.core.admin import ScopedAdminMixin
from wanjia.payments.models import ChannelKind, PaymentChannel, PaymentStandard


@admin.register(ChannelKind)
class ChannelKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_physical", "order"]
    list_editable = ["is_physical", "order"]


@admin.register(PaymentStandard)
class PaymentStandardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_distance_km", "posting_hours", "source"]
    autocomplete_fields = ["unit"]


@admin.register(PaymentChannel)
class PaymentChannelAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "hours", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["unit"]
