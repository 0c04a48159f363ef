import hashlib

from django import forms
from django.contrib import admin, messages
from django.db.models.signals import post_delete, post_save
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wanjia.core import holidays, worktime
from wanjia.core.errors import DomainError
from wanjia.core.models import CalendarOverride, HolidayNotice


class ScopedAdminMixin:
    """The admin obeys the same scope rule as every other view."""

    def get_queryset(self, request):
        return self.model.objects.restrict(request.user)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note", "notice"]
    list_filter = ["is_working_day", "notice"]
    date_hierarchy = "date"


class HolidayNoticeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    document = forms.CharField(label=_("文号"), max_length=100, help_text=_("例如:国办发明电〔2026〕7号"))
    published_on = forms.DateField(label=_("发布日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    source = forms.CharField(label=_("来源"), max_length=300, required=False)
    holidays = forms.CharField(label=_("放假日期"), widget=forms.Textarea(attrs={"rows": 8, "cols": 40}),
                               help_text=_("每行一段,如 2027-01-01 或 2027-02-05 至 2027-02-12,照通知逐条录入"))
    working_days = forms.CharField(label=_("调休上班日期"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
                                   help_text=_("每行一天,如 2027-02-14(通知中“上班”的周末)"))


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    """Entered through a two-step page (check and preview, then save) instead of the plain add form: a notice
    is a set of days that must agree with the law before it changes every deadline in its year."""

    list_display = ["year", "document", "published_on", "entered_by", "entered_at"]
    readonly_fields = ["year", "document", "published_on", "source", "entered_by", "entered_at"]

    def get_urls(self):
        return [path("enter/", self.admin_site.admin_view(self.enter_view), name="core_holidaynotice_enter"),
                *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:core_holidaynotice_enter")

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        holidays.notice_delete(notice=obj)

    def delete_queryset(self, request, queryset):
        for notice in queryset:
            holidays.notice_delete(notice=notice)

    def enter_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = HolidayNoticeForm(request.POST or None)
        preview = digest = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                preview = holidays.notice_preview(year=data["year"], holidays_text=data["holidays"],
                                                  working_days_text=data["working_days"])
                # Save only what was previewed: an edit after the preview gets a fresh preview first.
                digest = hashlib.sha256(repr((data["year"], preview.holidays, preview.working_days)).encode()).hexdigest()
                if "confirm" in request.POST and request.POST.get("previewed") == digest:
                    notice = holidays.notice_save(preview=preview, document=data["document"],
                                                  published_on=data["published_on"], source=data["source"],
                                                  actor=request.user)
                    messages.success(request, _("%(y)d 年放假安排已保存(%(n)d 天),该年的期限不再是暂定。")
                                     % {"y": notice.year, "n": notice.days.count()})
                    return redirect(reverse("admin:core_holidaynotice_changelist"))
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                preview = None
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "preview": preview, "digest": digest if preview else "", "title": _("录入年度放假通知"),
                   "gaps": worktime.uncovered_years()}
        return TemplateResponse(request, "admin/core/holidaynotice/enter.html", context)


post_save.connect(worktime.forget_calendar, sender=CalendarOverride)
post_delete.connect(worktime.forget_calendar, sender=CalendarOverride)
