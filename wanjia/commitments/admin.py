from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wanjia.commitments.models import (ConnectionStageLimit, GreenRepairTarget, GreenStageTarget, OtherTimeLimit,
                                       PolicySet, QualityFloor, RepairTimeLimit)


class RepairTimeLimitInline(admin.TabularInline):
    model = RepairTimeLimit
    extra = 0


class ConnectionStageLimitInline(admin.TabularInline):
    model = ConnectionStageLimit
    extra = 0


class OtherTimeLimitInline(admin.TabularInline):
    model = OtherTimeLimit
    extra = 0


class GreenRepairTargetInline(admin.TabularInline):
    model = GreenRepairTarget
    extra = 0


class GreenStageTargetInline(admin.TabularInline):
    model = GreenStageTarget
    extra = 0


@admin.register(PolicySet)
class PolicySetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "kind", "is_active", "at_risk_share"]
    inlines = [RepairTimeLimitInline, ConnectionStageLimitInline, OtherTimeLimitInline, GreenRepairTargetInline,
               GreenStageTargetInline]


@admin.register(QualityFloor)
class QualityFloorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "indicator", "applies_to", "comparison", "threshold", "kind"]
