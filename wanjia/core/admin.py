from django.contrib import admin
from django.db.models.signals import post_delete, post_save

from wanjia.core import worktime
from wanjia.core.models import CalendarOverride


class ScopedAdminMixin:
    """The admin obeys the same scope rule as every other view."""

    def get_queryset(self, request):
        return self.model.objects.restrict(request.user)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"


post_save.connect(worktime.forget_calendar, sender=CalendarOverride)
post_delete.connect(worktime.forget_calendar, sender=CalendarOverride)
