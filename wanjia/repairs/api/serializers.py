from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wanjia.core.rest import ChoiceLabelField, InLanguageField, SharedFields
from wanjia.network.models import Feeder, Transformer
from wanjia.org.models import Unit, UnitKind
from wanjia.repairs.models import (Channel, Crew, OrderStatus, Outage, RepairOrder, RepairOrderEvent,
                                   RepairPhoto, Satisfaction)
from wanjia.repairs.selectors import order_clock, order_phone_for
from wanjia.repairs.services import order_intake


class RepairOrderEventSerializer(SharedFields, serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = RepairOrderEvent
        fields = ["at", "actor", "from_status", "to_status", "note"]


class PhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = RepairPhoto
        fields = ["id", "image", "caption", "uploaded_at"]
        read_only_fields = ["id", "uploaded_at"]


class RepairOrderSerializer(SharedFields, serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_label = InLanguageField(source="category")
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)
    customer = serializers.SlugRelatedField(slug_field="account_number", read_only=True)
    status_label = ChoiceLabelField(OrderStatus, source="status")
    time_status = serializers.SerializerMethodField()
    events = RepairOrderEventSerializer(many=True, read_only=True)

    class Meta:
        model = RepairOrder
        fields = ["id", "number", "channel", "caller_name", "phone", "customer", "address", "latitude", "longitude",
                  "description", "category", "category_label", "urgency", "station", "station_name", "crew", "status",
                  "status_label", "time_status", "received_at", "arrival_due", "dispatched_at", "on_the_way_at", "arrived_at",
                  "restoration_due", "restored_at", "closed_at", "outage", "duplicate_of", "delay_reason",
                  "resolution", "needs_placing", "green_channel", "target_arrival_due", "target_restoration_due",
                  "events"]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "properties": {
        "stage": {"type": "string"}, "status": {"type": "string", "enum": ["on_time", "at_risk", "overdue"]},
        "due": {"type": "string", "format": "date-time"}}})
    def get_time_status(self, order):
        clock = order_clock(order)
        return {"stage": clock.stage, "status": clock.status, "due": clock.due}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["phone"] = order_phone_for(self.context["request"].user, instance)
        return data


class IntakeSerializer(SharedFields, serializers.Serializer):
    """A fault report; the answer is the order created (see RepairOrderSerializer)."""

    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.API)
    caller_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    # Checked by the service against the cached active categories (no query of its own here).
    category = serializers.CharField(max_length=32, help_text=_("故障类别代码(启用的故障类别)"))
    account_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def create(self, validated_data):
        return order_intake(**validated_data, actor=self.context["request"].user)

    def to_representation(self, instance):
        return RepairOrderSerializer(instance, context=self.context).data


class RepairStepTimeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                   help_text=_("实际发生时间(留空为现在);不能早于上一步,不能晚于现在。"))


class DispatchSerializer(RepairStepTimeSerializer):
    crew = serializers.PrimaryKeyRelatedField(queryset=Crew.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["crew"].queryset = Crew.objects.restrict(request.user)


class MoveSerializer(serializers.Serializer):
    station = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.filter(kind=UnitKind.STATION),
                                           help_text=_("本县供电所编码"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # another county's code answers like an unknown one
            self.fields["station"].queryset = Unit.objects.restrict(request.user).filter(kind=UnitKind.STATION)


class RestoreSerializer(RepairStepTimeSerializer):
    resolution = serializers.CharField(allow_blank=True)
    cause = serializers.ChoiceField(choices=Outage.Cause.choices, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class DuplicateSerializer(NoteSerializer):
    duplicate_of = serializers.SlugRelatedField(slug_field="number", queryset=RepairOrder.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class CallbackSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, default="")


class CrewSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Crew
        fields = ["id", "name", "station", "phone", "is_active", "members"]
        read_only_fields = fields


class OutageSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    feeder = serializers.SlugRelatedField(slug_field="code", read_only=True)
    transformers = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Outage
        fields = ["id", "kind", "station", "feeder", "transformers", "started_at", "expected_restoration_at",
                  "restored_at", "notice_at", "cause", "cause_detail", "area_description", "customers_affected",
                  "duration_minutes", "is_cancelled"]
        read_only_fields = fields


class PlannedOutageSerializer(serializers.Serializer):
    feeder = serializers.SlugRelatedField(slug_field="code", queryset=Feeder.objects.all())
    transformers = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Transformer.objects.all(),
                                                required=False, default=list)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    notice_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    area_description = serializers.CharField(allow_blank=True)
    cause_detail = serializers.CharField(required=False, allow_blank=True, default="")


class OutageRestoreSerializer(serializers.Serializer):
    restored_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    cause = serializers.ChoiceField(choices=Outage.Cause.choices, required=False, allow_blank=True, default="")
    cause_detail = serializers.CharField(required=False, allow_blank=True, default="")
