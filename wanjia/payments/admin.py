from django.contrib import admin

from wanjia.core.admin import ScopedAdminMixin
from wanjia.core.void_views import VoidableAdminMixin
from wanjia.payments.models import ChannelKind, MeasureKind, PaymentChannel, PaymentMeasure, PaymentStandard


@admin.register(ChannelKind)
class ChannelKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "is_physical", "order"]
    list_editable = ["is_physical", "order"]


@admin.register(PaymentStandard)
class PaymentStandardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_distance_km", "posting_hours", "source"]
    autocomplete_fields = ["unit"]


@admin.register(PaymentChannel)
class PaymentChannelAdmin(VoidableAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "hours", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["unit"]


@admin.register(MeasureKind)
class MeasureKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "covers_village", "order"]
    list_editable = ["covers_village", "order"]


@admin.register(PaymentMeasure)
class PaymentMeasureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["transformer", "kind", "unit", "due_date", "done_on"]
    list_filter = ["kind"]
    autocomplete_fields = ["unit", "transformer", "channel"]
