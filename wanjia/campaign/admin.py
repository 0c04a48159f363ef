from django.contrib import admin

from wanjia.campaign import models
from wanjia.core.void_views import VoidableAdminMixin


class PhaseInline(admin.TabularInline):
    model = models.Phase
    extra = 0


class GoalInline(admin.TabularInline):
    model = models.CampaignGoal
    extra = 0


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "start_date", "end_date"]
    inlines = [PhaseInline, GoalInline]


@admin.register(models.ScorecardItem)
class ScorecardItemAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "dimension", "name", "name_en", "max_points", "source_code"]
    list_display_links = ["code"]
    list_editable = ["max_points", "source_code"]


@admin.register(models.Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "month", "item", "score", "assessor"]
    list_filter = ["month", "item"]


class MemberInline(admin.TabularInline):
    model = models.PartyMember
    extra = 0


@admin.register(models.PartyBranch)
class PartyBranchAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "secretary"]
    inlines = [MemberInline]


admin.site.register(models.GoodPractice)
admin.site.register(models.ProcessImprovement)


@admin.register(models.ActivityDay)
class ActivityDayAdmin(VoidableAdminMixin, admin.ModelAdmin):
    list_display = ["date", "place", "unit", "campaign", "attendance"]
    list_filter = ["campaign"]
    search_fields = ["place"]
    autocomplete_fields = ["unit", "units"]
