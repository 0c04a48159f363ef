from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wanjia.campaign import scoring, selectors, services
from wanjia.campaign.api import serializers as s
from wanjia.campaign.models import ActivityDay, Assessment, Pairing, PairingVisit
from wanjia.core.dates import parse_query_month
from wanjia.core.permissions import RolePermission
from wanjia.core.rest import ScopedViewSet
from wanjia.org.models import Role

CREATE_ONLY = ["get", "post", "head", "options"]


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Campaigns the user takes part in (owned in their subtree or by a unit above them);
    `GET .../{id}/progress/` gives the per-unit progress the campaign page charts."""

    serializer_class = s.CampaignSerializer
    permission_classes = [RolePermission]

    def get_queryset(self):
        return selectors.campaign_list(user=self.request.user).prefetch_related("phases")

    @action(detail=True)
    def progress(self, request, pk=None):
        campaign = self.get_object()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        rows = selectors.unit_progress(campaign=campaign, unit=unit)
        return Response([{**r, "unit": r["unit"].code} for r in rows])


class ActivityDayViewSet(ScopedViewSet):
    queryset = ActivityDay.objects.select_related("unit").prefetch_related("units")
    serializer_class = s.ActivityDaySerializer
    write_roles = (Role.MANAGER,)
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.activity_day_record(actor=self.request.user, **serializer.validated_data)


class PairingViewSet(ScopedViewSet):
    queryset = Pairing.objects.select_related("customer")
    serializer_class = s.PairingSerializer
    write_roles = (Role.BRANCH_SECRETARY, Role.MANAGER)
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("ended_on", None)
        serializer.instance = services.pairing_create(actor=self.request.user, **data)


class PairingVisitViewSet(ScopedViewSet):
    queryset = PairingVisit.objects.all()
    serializer_class = s.PairingVisitSerializer
    write_roles = (Role.BRANCH_SECRETARY, Role.MANAGER)
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.pairing_visit_record(actor=self.request.user, **serializer.validated_data)


class AssessmentViewSet(ScopedViewSet):
    """Recorded assessments; `GET .../ranking/?month=YYYY-MM` gives the ranking with the evidence."""

    queryset = Assessment.objects.select_related("unit", "item")
    serializer_class = s.AssessmentSerializer
    write_roles = (Role.MANAGER,)
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.assessment_record(actor=self.request.user, **serializer.validated_data)

    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="YYYY-MM (default: this month)")],
        responses=inline_serializer("AssessmentRanking", {
            "unit": serializers.CharField(), "unit_name": serializers.CharField(),
            "total": serializers.FloatField(), "max": serializers.IntegerField(),
            "items": inline_serializer("AssessmentRankingItem", {
                "code": serializers.CharField(), "score": serializers.FloatField(allow_null=True),
                "basis": serializers.CharField(), "evidence": serializers.CharField()}, many=True)}, many=True))
    @action(detail=False, pagination_class=None)
    def ranking(self, request):
        month = parse_query_month(request.query_params.get("month"), "month") or timezone.localdate().replace(day=1)
        units = selectors.reporting_units(request.user.unit) if request.user.unit else []
        return Response([{"unit": c.unit.code, "unit_name": c.unit.name, "total": c.total, "max": c.max_total,
                          "items": [{"code": x.item.code, "score": x.score, "basis": x.basis, "evidence": x.evidence}
                                    for x in c.scores]} for c in scoring.ranking(units, month)])
