"""REST endpoints for repair orders (intake with Idempotency-Key, transitions), crews, outages and the
reliability indices. Every queryset is the user's scope; every write goes through a service."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from wanjia.core.dates import QueryDateSerializerField
from wanjia.core.rest import IdempotentCreateMixin, ScopedViewSet
from wanjia.org.models import Unit
from wanjia.repairs import outages, services
from wanjia.repairs.api import serializers as s
from wanjia.repairs.filtersets import RepairOrderFilterSet
from wanjia.repairs.models import Crew, Outage, ReliabilityStandard, RepairOrder
from wanjia.repairs.reliability import default_standard, reliability_indices

@extend_schema_view(create=extend_schema(request=s.IntakeSerializer, responses={201: s.RepairOrderSerializer}))
class RepairOrderViewSet(IdempotentCreateMixin, ScopedViewSet):
    """Repair orders. `POST` files a fault report (send an `Idempotency-Key` header so a retry never makes a
    second order); the actions move an order through its life and record who and when."""

    queryset = (RepairOrder.objects.select_related("station", "category", "customer", "crew", "policy_set")
                .prefetch_related("events__actor"))
    serializer_class = s.RepairOrderSerializer
    filterset_class = RepairOrderFilterSet
    ordering_fields = ["received_at", "urgency", "arrival_due"]
    http_method_names = ["get", "post", "head", "options"]
    resource = "repairs.order"
    permission_actions = {"dispatch_crew": "dispatch", "photos": "photo"}
    idempotency_endpoint = "repairs.order_intake"

    def get_serializer_class(self):
        return s.IntakeSerializer if self.action == "create" else super().get_serializer_class()

    def _run(self, request, serializer_class, call):
        order = self.get_object()
        payload = self.payload(serializer_class, data=request.data)
        call(order, payload.validated_data)
        order.refresh_from_db()
        return Response(s.RepairOrderSerializer(order, context={"request": request}).data)

    @extend_schema(request=s.DispatchSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_crew(self, request, pk=None):
        return self._run(request, s.DispatchSerializer, lambda o, d: services.order_dispatch(
            order=o, crew=d["crew"], actor=request.user, note=d["note"], at=d["at"]))

    @extend_schema(request=s.MoveSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Place the order on another station of its county (a report Open311 could not place)."""
        return self._run(request, s.MoveSerializer, lambda o, d: services.order_move_station(
            order=o, station=d["station"], actor=request.user, note=d["note"]))

    @extend_schema(request=s.RepairStepTimeSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def travel(self, request, pk=None):
        return self._run(request, s.RepairStepTimeSerializer, lambda o, d: services.order_start_travel(
            order=o, actor=request.user, at=d["at"]))

    @extend_schema(request=s.RepairStepTimeSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        return self._run(request, s.RepairStepTimeSerializer, lambda o, d: services.order_arrive(
            order=o, actor=request.user, at=d["at"]))

    @extend_schema(request=s.RestoreSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        return self._run(request, s.RestoreSerializer, lambda o, d: services.order_restore(
            order=o, actor=request.user, resolution=d["resolution"], at=d["at"], cause=d["cause"]))

    @extend_schema(request=s.ReasonSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def delay(self, request, pk=None):
        return self._run(request, s.ReasonSerializer, lambda o, d: services.order_explain_delay(
            order=o, actor=request.user, reason=d["reason"]))

    @extend_schema(request=s.NoteSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._run(request, s.NoteSerializer, lambda o, d: services.order_cancel(
            order=o, actor=request.user, note=d["note"]))

    @extend_schema(request=s.NoteSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"], url_path="customer-side")
    def customer_side(self, request, pk=None):
        return self._run(request, s.NoteSerializer, lambda o, d: services.order_mark_customer_side(
            order=o, actor=request.user, note=d["note"]))

    @extend_schema(request=s.DuplicateSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        return self._run(request, s.DuplicateSerializer, lambda o, d: services.order_mark_duplicate(
            order=o, duplicate_of=d["duplicate_of"], actor=request.user, note=d["note"]))

    @extend_schema(request=s.CallbackSerializer, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def callback(self, request, pk=None):
        return self._run(request, s.CallbackSerializer, lambda o, d: services.callback_record(
            order=o, satisfaction=d["satisfaction"], comment=d["comment"], actor=request.user))

    @extend_schema(request=None, responses=s.RepairOrderSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._run(request, serializers.Serializer, lambda o, d: services.order_close(
            order=o, actor=request.user))

    @extend_schema(request={"multipart/form-data": s.PhotoUploadSerializer}, responses=s.PhotoSerializer)
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        order = self.get_object()
        payload = self.payload(s.PhotoUploadSerializer, data=request.data)
        photo = services.order_add_photo(order=order, image=payload.validated_data["image"], actor=request.user,
                                         caption=payload.validated_data["caption"])
        return Response(s.PhotoSerializer(photo, context={"request": request}).data, status=status.HTTP_201_CREATED)


class CrewViewSet(ScopedViewSet):
    queryset = Crew.objects.select_related("station").prefetch_related("members")
    serializer_class = s.CrewSerializer
    http_method_names = ["get", "head", "options"]
    filterset_fields = ["station", "is_active"]
    resource = "repairs.crew"


class OutageViewSet(ScopedViewSet):
    """Outages (unplanned, grouped from calls; planned, entered ahead). `POST /planned/` enters a planned one."""

    queryset = Outage.objects.select_related("station", "feeder").prefetch_related("transformers")
    serializer_class = s.OutageSerializer
    filterset_fields = ["kind", "station", "feeder", "cause", "is_cancelled"]
    ordering_fields = ["started_at", "customers_affected"]
    http_method_names = ["get", "post", "head", "options"]
    resource = "repairs.outage"

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        # Unplanned outages come from calls (grouping); planned ones through `planned/`.
        raise MethodNotAllowed("POST")

    @extend_schema(request=s.PlannedOutageSerializer, responses={201: s.OutageSerializer})
    @action(detail=False, methods=["post"])
    def planned(self, request):
        payload = self.payload(s.PlannedOutageSerializer, data=request.data)
        outage = outages.planned_outage_create(actor=request.user, **payload.validated_data)
        return Response(s.OutageSerializer(outage).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OutageRestoreSerializer, responses=s.OutageSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        outage = self.get_object()
        payload = self.payload(s.OutageRestoreSerializer, data=request.data)
        data = payload.validated_data
        outage = outages.outage_restore(outage=outage, actor=request.user, at=data["restored_at"],
                                        cause=data["cause"], cause_detail=data["cause_detail"])
        return Response(s.OutageSerializer(outage).data)


class IndicesQuery(serializers.Serializer):
    unit = serializers.CharField(required=False, help_text="unit code; default: your unit")
    start = QueryDateSerializerField()
    end = QueryDateSerializerField()
    standard = serializers.SlugRelatedField(slug_field="code", queryset=ReliabilityStandard.objects.all(),
                                            required=False)
    exclude_med = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": "结束日期不能早于开始日期。"})
        return attrs


class ReliabilityView(APIView):
    """Reliability indices (IEEE 1366 and DL/T 836.1) for a unit subtree and period."""

    resource = "repairs.reliability"

    @extend_schema(parameters=[IndicesQuery], responses={200: dict})
    def get(self, request):
        query = IndicesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        # Another county's unit answers like a code that does not exist: no hint that it does.
        units = Unit.objects.restrict(request.user)
        unit = units.filter(code=data["unit"]).first() if data.get("unit") else request.user.unit
        if unit is None:
            raise serializers.ValidationError({"unit": ["单位不存在。"]})
        indices = reliability_indices(unit=unit, start=data["start"], end=data["end"],
                                      standard=data.get("standard") or default_standard(),
                                      exclude_med=data["exclude_med"])
        return Response(indices.as_dict())
