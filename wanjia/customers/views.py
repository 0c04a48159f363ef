from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from wanjia.core.errors import DomainError
from wanjia.core.exports import Column, xlsx_response
from wanjia.core.text import label
from wanjia.core.views import ScopedMixin, requires
from wanjia.customers.filtersets import CustomerFilterSet
from wanjia.customers.importer import ImportFailed, upload_bytes
from wanjia.customers.models import Customer, GreenChannelKind, phone_for
from wanjia.customers.selectors import customer_list, customer_pick
from wanjia.customers.services import customer_green_channel_set
from wanjia.customers.tasks import customers_import
from wanjia.jobs.selectors import job_shown
from wanjia.jobs.services import job_start


class CustomerListView(ScopedMixin, View):
    resource = "customers.customer"
    model = Customer

    def get(self, request):
        qs = customer_list(user=request.user, filters=request.GET)
        if request.GET.get("format") == "xlsx":
            return self.export(qs)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        for c in page:
            c.shown_phone = phone_for(request.user, c.phone)
        filterset = CustomerFilterSet(request.GET, queryset=qs)
        return render(request, "customers/list.html", {"page": page, "filter": filterset,
                                                       "can_import": self.permits("import")})

    def export(self, qs):
        user = self.request.user
        columns = [Column("户号", 14), Column("户名", 20), Column("客户类别"), Column("走进类别"), Column("重要负荷", 10),
                   Column("绿色通道", 12), Column("用电地址", 40), Column("联系电话"), Column("供电所", 20), Column("馈线"), Column("台区"),
                   Column("纬度", 10, "0.000000"), Column("经度", 10, "0.000000")]
        rows = ((c.account_number, c.name, c.get_customer_class_display(), c.get_walk_in_category_display(),
                 "是" if c.is_protected_load else "否", label(c.green_channel), c.address, phone_for(user, c.phone), c.station.name,
                 c.feeder.code if c.feeder else "", c.transformer.code if c.transformer else "", c.latitude,
                 c.longitude) for c in qs.iterator(chunk_size=2000))
        return xlsx_response("客户清单.xlsx", [("客户", columns, rows)])


@requires("customers.customer")
def customer_pick_view(request):
    """The customer pickers' search (`customers.widgets.CustomerPicker`): JSON, the user's scope only, phone
    numbers as the user may read them. Plain text values: the picker escapes them when it draws them."""
    found = customer_pick(user=request.user, query=request.GET.get("q", "")[:50])
    return JsonResponse({"results": [
        {"value": c.account_number, "name": c.name, "address": c.address, "station": c.station.name,
         "phone": phone_for(request.user, c.phone)} for c in found]})


class CustomerDetailView(ScopedMixin, View):
    resource = "customers.customer"
    model = Customer

    def get(self, request, pk):
        customer = get_object_or_404(self.get_queryset().select_related(
            "station", "feeder", "transformer", "green_channel"), pk=pk)
        return render(request, "customers/detail.html", {
            "customer": customer, "shown_phone": phone_for(request.user, customer.phone),
            "history": customer.history.select_related("history_user")[:20],
            "green_kinds": GreenChannelKind.objects.filter(is_active=True) if self.permits("write") else None,
        })


class CustomerGreenChannelView(ScopedMixin, View):
    """POST from the customer page: put the customer in a green channel kind, or take it out."""

    resource = "customers.customer"
    write_action = "write"
    scope_action = "change"
    model = Customer

    def post(self, request, pk):
        customer = get_object_or_404(self.get_queryset(), pk=pk)
        value = request.POST.get("green_channel") or ""
        kind = GreenChannelKind.objects.filter(pk=value).first() if value.isdigit() else None
        if value and kind is None:
            messages.error(request, _("请选择绿色通道类别。"))
            return redirect("customers:detail", pk=pk)
        try:
            customer_green_channel_set(customer=customer, kind=kind, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已设为绿色通道:%(k)s。") % {"k": label(kind)} if kind
                             else _("已取消绿色通道。"))
        return redirect("customers:detail", pk=pk)


class CustomerImportView(ScopedMixin, View):
    resource = "customers.customer"
    action = "import"
    write_action = "import"
    model = Customer

    def get(self, request):
        return render(request, "customers/import.html", {"job": job_shown(request, "customers.import")})

    def post(self, request):
        """Keeps the file and hands the checking and writing to a worker; the page then follows the job."""
        upload = request.FILES.get("file")
        if upload is None:
            return render(request, "customers/import.html", {"errors": [_("请选择文件。")]}, status=400)
        try:
            data = upload_bytes(upload)
        except ImportFailed as exc:
            return render(request, "customers/import.html", {"errors": [str(e) for e in exc.errors]}, status=400)
        job = job_start(customers_import, upload.name, kind="customers.import",
                        title=_("客户导入:%(file)s") % {"file": upload.name}, owner=request.user,
                        unit=request.user.unit, source=(upload.name, data))
        messages.info(request, _("已开始导入 %(file)s,完成后可在此查看结果。") % {"file": upload.name})
        return redirect(f"{reverse('customers:import')}?job={job.pk}")
