"""REST endpoints for connections: list/read/intake of applications (scoped), one POST action per service,
the 三指定 records for auditors."""
import django_filters
from django.db.models import Count
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from wanjia.connections import figures, services
from wanjia.connections.api.serializers import (ApplicationIntakeSerializer, ApplicationSerializer, AssignSerializer,
                                                StageTimeSerializer, BoundaryInputSerializer, DesignationInputSerializer, DesignationRecordSerializer,
                                                DocumentSerializer, FiguresQuerySerializer, FinishSerializer,
                                                PauseSerializer,
                                                ReviewSerializer, WithdrawSerializer)
from wanjia.connections.filtersets import ApplicationFilterSet
from wanjia.connections.models import Application, DesignationRecord
from wanjia.core.rest import IdempotentCreateMixin, ScopedReferencesMixin, ScopedViewSet


class ApplicationViewSet(IdempotentCreateMixin, ScopedViewSet):
    resource = "connections.application"
    permission_actions = {"designations": "designation", "documents": "document"}
    queryset = (Application.objects.select_related("station", "customer", "policy_set", "green_channel")
                .prefetch_related("stages__pauses", "stages__handler").annotate(visit_count=Count("visits")))
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    ordering_fields = ["received_at", "number", "requested_kva"]
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    idempotency_endpoint = "connections.applications"

    def get_serializer_class(self):
        return ApplicationIntakeSerializer if self.action == "create" else ApplicationSerializer

    @extend_schema(request=ApplicationIntakeSerializer, responses={201: ApplicationSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def _run(self, request, serializer_class, call, response_status=status.HTTP_200_OK):
        application = self.get_object()
        serializer = self.payload(serializer_class, data=request.data)
        call(application, dict(serializer.validated_data), request.user)
        fresh = get_object_or_404(self.get_queryset(), pk=application.pk)
        return Response(ApplicationSerializer(fresh, context=self.get_serializer_context()).data,
                        status=response_status)

    @extend_schema(request=FinishSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        """Finish the running stage (no skipping; not before its start; acceptance needs every document)."""
        return self._run(request, FinishSerializer, lambda a, d, u: services.stage_finish(application=a, actor=u, **d))

    @extend_schema(request=PauseSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return self._run(request, PauseSerializer, lambda a, d, u: services.stage_pause(application=a, actor=u, **d))

    @extend_schema(request=StageTimeSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._run(request, StageTimeSerializer, lambda a, d, u: services.stage_resume(application=a, actor=u, **d))

    @extend_schema(request=AssignSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._run(request, AssignSerializer, lambda a, d, u: services.stage_assign(application=a, actor=u, **d))

    @extend_schema(request={"multipart/form-data": DocumentSerializer}, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        return self._run(request, DocumentSerializer,
                         lambda a, d, u: services.document_add(application=a, actor=u, **d), status.HTTP_201_CREATED)

    @extend_schema(request=DesignationInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def designations(self, request, pk=None):
        """Record the customer's own choice (三指定). The API offers no list of contractors, by design."""
        return self._run(request, DesignationInputSerializer,
                         lambda a, d, u: services.designation_record(application=a, actor=u, **d))

    @extend_schema(request=BoundaryInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def boundary(self, request, pk=None):
        """Record the investment boundary (业扩投资界面) and who pays for each work; flagged like 三指定."""
        return self._run(request, BoundaryInputSerializer,
                         lambda a, d, u: services.boundary_record(application=a, actor=u, **d))

    @extend_schema(request=WithdrawSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(request, WithdrawSerializer,
                         lambda a, d, u: services.application_withdraw(application=a, actor=u, **d))


class DesignationFilterSet(django_filters.FilterSet):
    class Meta:
        model = DesignationRecord
        fields = ["scope", "is_flagged", "chosen_freely", "staff_recommended"]


class DesignationRecordViewSet(ScopedReferencesMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    """三指定 records in scope; auditors post their conclusion on flagged ones."""

    resource = "connections.designation"
    permission_actions = {"review": "audit_review"}
    queryset = DesignationRecord.objects.select_related("application", "recorded_by", "reviewed_by")
    serializer_class = DesignationRecordSerializer
    filterset_class = DesignationFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user)

    @extend_schema(request=ReviewSerializer, responses=DesignationRecordSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        record = self.get_object()
        serializer = self.payload(ReviewSerializer, data=request.data)
        services.designation_review(record=record, actor=request.user, note=serializer.validated_data["note"])
        return Response(DesignationRecordSerializer(record).data)


class FiguresView(APIView):
    """Getting-electricity figures of a unit's subtree over a period: on-time rate per stage and overall,
    average days per class, ranking of the units one level below."""

    resource = "connections.figures"

    @extend_schema(parameters=[FiguresQuerySerializer], responses=dict)
    def get(self, request):
        query = FiguresQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        unit = query.validated_data.get("unit") or request.user.unit
        if unit is None:
            return Response({"code": "no_unit", "message": "用户没有所属单位。", "fields": {}}, status=400)
        period = figures.Period(query.validated_data["start"], query.validated_data["end"])
        by_stage = [{**row, "label": str(row["label"])} for row in figures.on_time_by_stage(unit, period)]
        by_class = [{**row, "label": str(row["label"])} for row in figures.average_days_by_class(unit, period)]
        ranking = [{"unit": row["unit"].code, "name": row["unit"].name, **{k: v for k, v in row.items() if k != "unit"}}
                   for row in figures.unit_ranking(unit, period)]
        return Response({"unit": unit.code, "start": period.start, "end": period.end,
                         "on_time_rate": figures.on_time_rate(unit, period), "on_time_by_stage": by_stage,
                         "average_days_by_class": by_class, "ranking": ranking})
