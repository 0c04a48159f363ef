from django.db import transaction
from rest_framework.decorators import action
from rest_framework.response import Response

from wanjia.core.rest import ScopedViewSet
from wanjia.core.void_views import VoidActionMixin
from wanjia.feedback import services
from wanjia.feedback.api import serializers as s
from wanjia.feedback.filtersets import FeedbackItemFilterSet
from wanjia.feedback.models import FeedbackItem, Forum
from wanjia.org.scoping import ensure_unit_in_scope


class FeedbackItemViewSet(ScopedViewSet):
    """Feedback from counter, hotline, web and portal (forum opinions are recorded on their forum). Loop:
    POST .../assign/ (triage), .../answer/, .../deliver/ (told back), .../resolve/ (the problem fixed: every
    linked work done, or a manager's `reason`); POST .../link/ links the work that fixes it."""

    resource = "feedback.item"
    queryset = FeedbackItem.objects.select_related("topic", "unit").prefetch_related("events", "links")
    serializer_class = s.FeedbackItemSerializer
    filterset_class = FeedbackItemFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        unit = serializer.validated_data.get("unit")
        if unit is not None:  # staff route items only to units they answer for
            ensure_unit_in_scope(self.request.user, unit)
        serializer.instance = services.feedback_item_create(actor=self.request.user, **serializer.validated_data)

    def _step(self, request, serializer_class, service):
        item = self.get_object()
        params = self.payload(serializer_class, data=request.data)
        with transaction.atomic():
            service(item=item, actor=request.user, **params.validated_data)
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._step(request, s.AssignSerializer, services.feedback_item_assign)

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._step(request, s.AnswerSerializer, services.feedback_item_answer)

    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        return self._step(request, s.DeliverSerializer, services.feedback_item_deliver)

    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._step(request, s.ResolveSerializer, services.feedback_item_resolve)

    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        return self._step(request, s.LinkSerializer, services.feedback_item_link)


class ForumViewSet(VoidActionMixin, ScopedViewSet):
    resource = "feedback.forum"
    queryset = Forum.objects.select_related("unit")
    serializer_class = s.ForumSerializer
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.forum_create(actor=self.request.user, **serializer.validated_data)
