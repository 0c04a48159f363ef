"""Feedback pages: the list from every channel, one item's loop (assign → answer → deliver) with HTMX, forums
with their minutes, attendees and opinions, and the hot-and-difficult view."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from wanjia.campaign.forms import form_error
from wanjia.core.errors import DomainError
from wanjia.core.permissions import permits
from wanjia.core.void_views import VoidView
from wanjia.core.views import ScopedMixin
from wanjia.customers.models import phone_for
from wanjia.feedback import forms, links, selectors, services
from wanjia.feedback.filtersets import FeedbackItemFilterSet
from wanjia.feedback.models import FeedbackItem, FeedbackStatus, Forum

def _can_write(user) -> bool:
    return permits(user, "feedback.item", "write")


class ItemListView(ScopedMixin, View):
    resource = "feedback.item"
    model = FeedbackItem

    def get(self, request):
        qs = selectors.item_list(user=request.user, filters=request.GET)
        return render(request, "feedback/items.html", {
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "filter": FeedbackItemFilterSet(request.GET, queryset=qs), "can_write": _can_write(request.user)})


class ItemCreateView(ScopedMixin, View):
    resource = "feedback.item"
    action = "write"
    model = FeedbackItem

    def get(self, request):
        return render(request, "campaign/form.html", {"form": forms.ItemForm(user=request.user),
                                                      "title": _("登记客户意见")})

    def post(self, request):
        form = forms.ItemForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.feedback_item_create(actor=request.user, topic=data.pop("topic") or "", **data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                return redirect("feedback:item", pk=item.pk)
        return render(request, "campaign/form.html", {"form": form, "title": _("登记客户意见")}, status=400)


ACTIONS = {
    FeedbackStatus.RECEIVED: ("assign", forms.AssignForm, services.feedback_item_assign),
    FeedbackStatus.ASSIGNED: ("answer", forms.AnswerForm, services.feedback_item_answer),
    FeedbackStatus.ANSWERED: ("deliver", forms.DeliverForm, services.feedback_item_deliver),
    FeedbackStatus.DELIVERED: ("resolve", forms.ResolveForm, services.feedback_item_resolve),
}


def _form(form_class, user, data=None):
    kwargs = {"user": user} if form_class is forms.AssignForm else {}
    return form_class(data, **kwargs) if data is not None else form_class(**kwargs)


class ItemDetailView(ScopedMixin, View):
    resource = "feedback.item"
    model = FeedbackItem

    def context(self, item, form=None, link_form=None):
        user = self.request.user
        step = ACTIONS.get(item.status)
        if form is None and step and _can_write(user):
            form = _form(step[1], user)
        item_links = list(item.links.select_related(*links.WORK))
        done = links.done_by_link(item_links)
        if link_form is None and _can_write(user) and item.status != FeedbackStatus.RESOLVED:
            link_form = forms.LinkForm()
        return {"item": item, "shown_phone": phone_for(user, item.phone), "action": step[0] if step else None,
                "form": form if step else None, "events": item.events.select_related("actor"),
                "links": [(link, done[link.pk]) for link in item_links], "link_form": link_form}

    def get(self, request, pk):
        item = get_object_or_404(self.get_queryset().select_related("topic", "unit", "queue_unit", "forum"), pk=pk)
        return render(request, "feedback/item.html", self.context(item))


class ItemActionView(ItemDetailView):
    scope_action = "change"

    def post(self, request, pk):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        step = ACTIONS.get(item.status)
        status = 200
        form = None
        if step:
            form = _form(step[1], request.user, request.POST)
            if form.is_valid():
                try:
                    step[2](item=item, actor=request.user, **form.cleaned_data)
                except DomainError as exc:
                    form_error(form, exc)
                    status = 400
                else:
                    item.refresh_from_db()
                    form = None
            else:
                status = 400
        template = "feedback/_item_panel.html" if request.headers.get("HX-Request") else "feedback/item.html"
        return render(request, template, self.context(item, form), status=status)


class ItemLinkView(ItemDetailView):
    """Link the opinion to the work that fixes it (hazard, repair order, application, measure, task)."""

    write_action = "link"
    scope_action = "change"

    def post(self, request, pk):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        form, status = forms.LinkForm(request.POST), 400
        if form.is_valid():
            try:
                services.feedback_item_link(item=item, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                form, status = None, 200
        template = "feedback/_item_panel.html" if request.headers.get("HX-Request") else "feedback/item.html"
        return render(request, template, self.context(item, link_form=form), status=status)


class ForumListView(ScopedMixin, View):
    resource = "feedback.forum"
    model = Forum

    def get(self, request):
        return render(request, "feedback/forums.html", {"forums": selectors.forum_list(user=request.user),
                                                        "can_write": _can_write(request.user)})


class ForumCreateView(ScopedMixin, View):
    resource = "feedback.forum"
    action = "write"
    model = Forum

    def get(self, request):
        return render(request, "campaign/form.html", {"form": forms.ForumForm(user=request.user),
                                                      "title": _("安排客户座谈会")})

    def post(self, request):
        form = forms.ForumForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                forum = services.forum_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                return redirect("feedback:forum", pk=forum.pk)
        return render(request, "campaign/form.html", {"form": form, "title": _("安排客户座谈会")}, status=400)


class ForumDetailView(ScopedMixin, View):
    resource = "feedback.forum"
    model = Forum

    def get(self, request, pk, held_form=None, opinion_form=None, status=200):
        forum = get_object_or_404(self.get_queryset().select_related("unit", "campaign"), pk=pk)
        can_write = _can_write(request.user)
        return render(request, "feedback/forum.html", {
            "forum": forum, "attendees": forum.attendees.all(),
            "items": forum.items.select_related("topic", "unit"),
            "held_form": held_form or (forms.HeldForm() if can_write and not forum.held else None),
            "opinion_form": opinion_form or (forms.OpinionForm(user=request.user) if can_write else None),
            "can_void": can_write,
        }, status=status)

    def post(self, request, pk):
        if not _can_write(request.user):
            return self.get(request, pk, status=403)
        forum = get_object_or_404(Forum.objects.restrict(request.user, "change"), pk=pk)
        if "minutes" in request.POST:
            form, key = forms.HeldForm(request.POST), "held_form"
            action = lambda data: services.forum_record_held(forum=forum, actor=request.user, **data)  # noqa: E731
        else:
            form, key = forms.OpinionForm(request.POST, user=request.user), "opinion_form"
            action = lambda data: services.forum_opinion_record(forum=forum, actor=request.user, **data)  # noqa: E731
        if form.is_valid():
            try:
                action(form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("feedback:forum", pk=pk)
        return self.get(request, pk, status=400, **{key: form})


class HotIssuesView(ScopedMixin, View):
    resource = "feedback.item"
    model = FeedbackItem

    def get(self, request):
        groups = selectors.hot_issues(user=request.user, filters=request.GET)
        topics = selectors.hot_topics(groups)
        # Stacked: resolved, told back but not yet resolved, not yet told back.
        chart = {"labels": [t["topic"] for t in topics], "resolved": [t["resolved"] for t in topics],
                 "answered": [t["answered"] - t["resolved"] for t in topics],
                 "open": [t["total"] - t["answered"] for t in topics],
                 "names": [_("已解决"), _("已答复未解决"), _("未答复")]}
        return render(request, "feedback/hot.html", {"groups": groups, "topics": topics, "chart": chart,
                                                     "filter": FeedbackItemFilterSet(request.GET)})


class ForumVoidView(VoidView):
    model = Forum
    resource = "feedback.forum"

    def done_url(self, record):
        return reverse("feedback:forums")

    def cancel_url(self, record):
        return reverse("feedback:forum", args=[record.pk])
