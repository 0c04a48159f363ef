"""Voiding in the UI, the API and the admin: one view, one viewset action and one admin mixin for every
voidable model (the rule itself is core.voiding.record_void)."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from wanjia.core.errors import DomainError
from wanjia.core.views import ScopedMixin
from wanjia.core.voiding import record_void


class VoidForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("作废原因"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                             help_text=gettext_lazy("例如:测试数据、重复登记、录入错误。作废后不再计入列表、统计和地图,历史记录保留。"))


class VoidView(ScopedMixin, View):
    """GET: what is about to be voided and a reason box; POST: voids it. Subclasses name `model`, `resource`
    (whose `void` entry in the permission table says who may void) and `done_url(record)` (where to go
    after; also the cancel link)."""

    action = write_action = "void"
    scope_action = "change"

    def done_url(self, record) -> str:
        raise NotImplementedError

    def cancel_url(self, record) -> str:
        return self.done_url(record)

    def record(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def get(self, request, pk, form=None, status=200):
        record = self.record(pk)
        return render(request, "core/void.html", {
            "record": record, "form": form or VoidForm(), "kind": self.model._meta.verbose_name,
            "cancel_url": self.cancel_url(record)}, status=status)

    def post(self, request, pk):
        record = self.record(pk)
        form = VoidForm(request.POST)
        if form.is_valid():
            try:
                record_void(record=record, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                form.add_error("reason" if exc.field == "reason" else None, exc.message)
            else:
                messages.success(request, _("已作废:%(r)s") % {"r": record})
                return redirect(self.done_url(record))
        return self.get(request, pk, form=form, status=400)


class VoidReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class VoidActionMixin:
    """`POST .../{id}/void/` with `reason` on a ScopedViewSet (its resource's `void` entry and scope apply)."""

    @action(detail=True, methods=["post"], serializer_class=VoidReasonSerializer)
    def void(self, request, pk=None):
        record = self.get_object()
        body = VoidReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = record_void(record=record, actor=request.user, reason=body.validated_data["reason"])
        return Response({"id": record.pk, "voided_at": record.voided_at, "voided_by": record.voided_by_id,
                         "void_reason": record.void_reason})


class VoidedFilter(admin.SimpleListFilter):
    title = gettext_lazy("作废")
    parameter_name = "voided"

    def lookups(self, request, model_admin):
        return [("no", _("有效")), ("yes", _("已作废"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(voided_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(voided_at__isnull=False)
        return queryset


class VoidableAdminMixin:
    """The admin lists voided rows too (marked, filterable, never deleted) and voids with a reason through an
    action; deleting is left to nobody, so the record and its history stay."""

    actions = ["void_selected"]

    def get_queryset(self, request):
        return self.model.all_objects.restrict(request.user)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "voided_at"]

    def get_list_filter(self, request):
        return [VoidedFilter, *super().get_list_filter(request)]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "voided_at", "voided_by", "void_reason"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("作废所选记录(需填写原因)"))
    def void_selected(self, request, queryset):
        form = VoidForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for record in queryset.filter(voided_at__isnull=True):
                try:
                    record_void(record=record, actor=request.user, reason=form.cleaned_data["reason"])
                except (DomainError, PermissionDenied) as exc:
                    self.message_user(request, f"{record}: {exc}", messages.ERROR)
                else:
                    done += 1
            self.message_user(request, _("已作废 %(n)d 条记录。") % {"n": done}, messages.SUCCESS)
            return None
        return render(request, "admin/core/void_confirm.html", {
            **self.admin_site.each_context(request), "title": _("作废所选记录"), "form": form,
            "records": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME})
