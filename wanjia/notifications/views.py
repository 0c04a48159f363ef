from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wanjia.core.views import requires
from wanjia.notifications.models import Notification
from wanjia.notifications.services import mark_read


@requires("notifications.inbox")
def inbox(request):
    qs = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@requires("notifications.inbox")
def unread_count(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "notifications/badge.html", {"count": count})


@requires("notifications.inbox", write_action="own_mark_read")
@require_POST
def read(request):
    ids = request.POST.getlist("id") or None
    mark_read(user=request.user, ids=[int(i) for i in ids if i.isdigit()] if ids else None)
    return redirect("notifications:inbox")
