from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wanjia.core.rest import SAFE, ScopedReferencesMixin, ScopedViewSet
from wanjia.orderly import services
from wanjia.orderly.api.serializers import (
    AllocationSerializer, ApproveSerializer, ForecastSerializer, LoadProfileSerializer, PlanSerializer,
    PolicyTierSerializer, ReadingSerializer, WarningLevelSerializer,
)
from wanjia.orderly.filtersets import ForecastFilterSet, LoadProfileFilterSet, PlanFilterSet
from wanjia.orderly.models import Allocation, CurtailmentPlan, LoadProfile, PolicyTier, ShortageForecast, WarningLevel


class PolicyTierViewSet(viewsets.ReadOnlyModelViewSet):
    resource = "orderly.policy"
    queryset = PolicyTier.objects.all()
    serializer_class = PolicyTierSerializer


class WarningLevelViewSet(viewsets.ReadOnlyModelViewSet):
    resource = "orderly.policy"
    queryset = WarningLevel.objects.prefetch_related("measures")
    serializer_class = WarningLevelSerializer
    lookup_field = "code"


class LoadProfileViewSet(ScopedViewSet):
    """Load data of non-resident customers; writes go through `load_profile_save` (all validation rules)."""

    resource = "orderly.profile"
    queryset = LoadProfile.objects.select_related("customer", "tier").prefetch_related("shifts")
    serializer_class = LoadProfileSerializer
    filterset_class = LoadProfileFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # plans keep their customers' rows

    def perform_create(self, serializer):
        self._save(serializer, None)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def _save(self, serializer, profile):
        data = dict(serializer.validated_data)
        customer = data.pop("customer", None) or profile.customer
        if profile is not None:
            for field in ("tier", "contracted_capacity_kw", "peak_load_kw", "security_load_kw",
                          "curtailable_load_kw", "contact", "note"):
                data.setdefault(field, getattr(profile, field))
            data.setdefault("shifts", list(profile.shifts.all()))
        serializer.instance = services.load_profile_save(actor=self.request.user, customer=customer,
                                                         profile=profile, **data)


class ForecastViewSet(ScopedViewSet):
    resource = "orderly.forecast"
    queryset = ShortageForecast.objects.select_related("unit")
    serializer_class = ForecastSerializer
    filterset_class = ForecastFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.forecast_create(actor=self.request.user, **serializer.validated_data)


class PlanViewSet(ScopedReferencesMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                  viewsets.GenericViewSet):
    """Plans: POST solves a new draft; actions move it through approve → publish → close."""

    resource = "orderly.plan"
    queryset = CurtailmentPlan.objects.select_related("unit").prefetch_related("periods")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view" if self.request.method in SAFE else "change")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.plan_create(actor=self.request.user, unit=data["unit"],
                                                   start_date=data["start_date"], end_date=data["end_date"],
                                                   title=data.get("title", ""))

    def _done(self, plan):
        plan.refresh_from_db()
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data)

    @extend_schema(request=ApproveSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        params = self.payload(ApproveSerializer, data=request.data)
        return self._done(services.plan_approve(actor=request.user, plan=self.get_object(), **params.validated_data))

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._done(services.plan_publish(actor=request.user, plan=self.get_object()))

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._done(services.plan_close(actor=request.user, plan=self.get_object()))

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def replan(self, request, pk=None):
        return self._done(services.plan_replan(actor=request.user, plan=self.get_object()))

    @extend_schema(request=None, responses=AllocationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def allocations(self, request, pk=None):
        rows = Allocation.objects.filter(period__plan=self.get_object()).select_related(
            "period", "profile__customer", "tier").order_by("period__start", "tier__priority", "-shed_kw")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AllocationSerializer(page, many=True).data)

    @extend_schema(request=ReadingSerializer(many=True), responses={200: dict})
    @action(detail=True, methods=["post"])
    def compliance(self, request, pk=None):
        readings = self.payload(ReadingSerializer, data=request.data, many=True)
        with transaction.atomic():
            count = services.compliance_record(actor=request.user, plan=self.get_object(), readings={
                r["allocation"]: r["measured_load_kw"] for r in readings.validated_data})
        return Response({"recorded": count})
