from django.utils import timezone
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wanjia.campaign import scoring, selectors, services
from wanjia.campaign.api import serializers as s
from wanjia.campaign.models import ActivityDay, Assessment, Pairing, PairingVisit
from wanjia.core.rest import ScopedViewSet

CREATE_ONLY = ["get", "post", "head", "options"]


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Campaigns the user takes part in (owned in their subtree or by a unit above them);
    `GET .../{id}/progress/` gives the per-unit progress the campaign page charts."""

    resource = "campaign.campaign"
    serializer_class = s.CampaignSerializer

    def get_queryset(self):
        return selectors.campaign_list(user=self.request.user).prefetch_related("phases")

    @action(detail=True)
    def progress(self, request, pk=None):
        campaign = self.get_object()
        unit = selectors.view_unit(user=request.user, campaign=campaign)
        rows = selectors.unit_progress(campaign=campaign, unit=unit)
        return Response([{**r, "unit": r["unit"].code} for r in rows])


class ActivityDayViewSet(ScopedViewSet):
    resource = "campaign.activity_day"
    queryset = ActivityDay.objects.select_related("unit").prefetch_related("units")
    serializer_class = s.ActivityDaySerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.activity_day_record(actor=self.request.user, **serializer.validated_data)


class PairingViewSet(ScopedViewSet):
    resource = "campaign.pairing"
    queryset = Pairing.objects.select_related("customer")
    serializer_class = s.PairingSerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("ended_on", None)
        serializer.instance = services.pairing_create(actor=self.request.user, **data)


class PairingVisitViewSet(ScopedViewSet):
    resource = "campaign.pairing"
    queryset = PairingVisit.objects.all()
    serializer_class = s.PairingVisitSerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.pairing_visit_record(actor=self.request.user, **serializer.validated_data)


class AssessmentViewSet(ScopedViewSet):
    """Recorded assessments; `GET .../ranking/?month=YYYY-MM` gives the ranking with the evidence."""

    resource = "campaign.scorecard"
    queryset = Assessment.objects.select_related("unit", "item")
    serializer_class = s.AssessmentSerializer
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        serializer.instance = services.assessment_record(actor=self.request.user, **serializer.validated_data)

    @action(detail=False)
    def ranking(self, request):
        from wanjia.campaign.views import _month

        month = _month(request.query_params.get("month")) or timezone.localdate().replace(day=1)
        units = selectors.reporting_units(request.user.unit) if request.user.unit else []
        return Response([{"unit": c.unit.code, "unit_name": c.unit.name, "total": c.total, "max": c.max_total,
                          "items": [{"code": x.item.code, "score": x.score, "basis": x.basis, "evidence": x.evidence}
                                    for x in c.scores]} for c in scoring.ranking(units, month)])
