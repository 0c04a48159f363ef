from django.contrib import admin

from wanjia.core.void_views import VoidableAdminMixin
from wanjia.feedback import models


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name", "name_en"]
    list_display_links = ["code"]


@admin.register(models.FeedbackItem)
class FeedbackItemAdmin(admin.ModelAdmin):
    list_display = ["number", "channel", "topic", "unit", "status", "deadline"]
    list_filter = ["status", "channel", "topic"]
    readonly_fields = ["status"]  # moves only through the feedback services


@admin.register(models.Forum)
class ForumAdmin(VoidableAdminMixin, admin.ModelAdmin):
    list_display = ["title", "date", "place", "unit"]
    search_fields = ["title", "place"]
    autocomplete_fields = ["unit"]
