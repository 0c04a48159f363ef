"""Reads for the feedback pages, each starting from `restrict(user)`."""
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wanjia.core.text import in_language
from wanjia.feedback.filtersets import FeedbackItemFilterSet
from wanjia.feedback.models import TOLD_BACK, FeedbackItem, FeedbackStatus, Forum


def item_list(*, user, filters=None):
    base = FeedbackItem.objects.restrict(user).select_related("topic", "unit", "queue_unit", "forum")
    return FeedbackItemFilterSet(filters or {}, queryset=base).qs


def forum_list(*, user):
    return Forum.objects.restrict(user).select_related("unit", "campaign").annotate(
        n_items=Count("items", distinct=True), n_attendees=Count("attendees", distinct=True))


def hot_issues(*, user, filters=None) -> list[dict]:
    """热点难点: items grouped by topic and area (the responsible unit), most frequent first, with how many
    were answered (the answer told back to the person), how many resolved (the problem fixed: linked work
    done, or a manager's recorded reason) and how many are overdue."""
    now = timezone.now()
    rows = (item_list(user=user, filters=filters).filter(unit__isnull=False)
            .values("topic_id", "topic__name", "topic__name_en", "unit__name", "unit__code")
            .annotate(total=Count("id"),
                      answered=Count("id", filter=Q(status__in=TOLD_BACK)),
                      resolved=Count("id", filter=Q(status=FeedbackStatus.RESOLVED)),
                      overdue=Count("id", filter=Q(status=FeedbackStatus.ASSIGNED, deadline__lt=now)))
            .order_by("-total", "topic__name", "unit__code"))
    return [{"topic": in_language(r["topic__name"], r["topic__name_en"]) or _("未分类"), "topic_id": r["topic_id"],
             "unit": r["unit__name"], "unit_code": r["unit__code"],
             "total": r["total"], "answered": r["answered"], "resolved": r["resolved"], "overdue": r["overdue"],
             "open": r["total"] - r["resolved"], "share_answered": r["answered"] / r["total"],
             "share_resolved": r["resolved"] / r["total"]} for r in rows]


def hot_topics(groups: list[dict]) -> list[dict]:
    """The same groups summed per topic over all areas, most frequent first, with how many areas raise it."""
    topics: dict[str, dict] = {}
    for g in groups:
        t = topics.setdefault(g["topic"], {"topic": g["topic"], "topic_id": g["topic_id"], "total": 0,
                                           "answered": 0, "resolved": 0, "overdue": 0, "areas": 0})
        t["total"] += g["total"]
        t["answered"] += g["answered"]
        t["resolved"] += g["resolved"]
        t["overdue"] += g["overdue"]
        t["areas"] += 1
    for t in topics.values():
        t["share_answered"], t["share_resolved"] = t["answered"] / t["total"], t["resolved"] / t["total"]
    return sorted(topics.values(), key=lambda t: (-t["total"], t["topic"]))


def todo(*, user, now):
    """Home page: opinions to assign, to answer (overdue first) and answers not yet told back to the person."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from wanjia.core.home import Todo, TodoRow

    if not user.has_role("counter", "branch_secretary", "manager", "dispatcher"):
        return []
    items = FeedbackItem.objects.restrict(user)
    listing = reverse("feedback:items")

    def todo_of(label, queryset, status, level, order, due=True):
        return Todo(label, queryset.count(), f"{listing}?status={status}", level, [
            TodoRow(f"{i.number} {i.content[:30]}", reverse("feedback:item", args=[i.pk]), i.deadline if due else None)
            for i in queryset[:5]], order=order)

    to_answer = items.filter(status=FeedbackStatus.ASSIGNED).order_by("deadline")
    late = to_answer.filter(deadline__lt=now).exists()
    return [
        todo_of(_("待答复的客户意见"), to_answer, FeedbackStatus.ASSIGNED, "danger" if late else "warning", 40),
        todo_of(_("待分派的客户意见"), items.filter(status=FeedbackStatus.RECEIVED).order_by("received_at"),
                FeedbackStatus.RECEIVED, "primary", 41, due=False),
        todo_of(_("待反馈到人的答复"), items.filter(status=FeedbackStatus.ANSWERED).order_by("answered_at"),
                FeedbackStatus.ANSWERED, "primary", 42, due=False),
    ]
