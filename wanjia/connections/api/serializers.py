from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers

from wanjia.connections import figures, services
from wanjia.connections.forms import station_from_location
from wanjia.connections.models import (Application, ApplicationType, BoundaryPoint, DesignationRecord,
                                       DesignationScope, IntakeChannel, InvestmentBoundary, PauseReason, Payer,
                                       RequiredDocument, StageRecord, WorkSide)
from wanjia.connections.selectors import stage_states
from wanjia.core.dates import QueryDateSerializerField
from wanjia.customers.models import Customer, CustomerClass, GreenChannelKind, phone_for
from wanjia.org.models import Unit, UnitKind, User


class StageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    handler = serializers.SerializerMethodField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    limit_days = serializers.IntegerField(allow_null=True, help_text="工作日;空为该类别不限时")
    due_at = serializers.DateTimeField(allow_null=True, help_text="期限;暂停中时按至今的暂停顺延")
    status = serializers.CharField(allow_null=True, help_text="on_time / at_risk / overdue / paused")
    used_days = serializers.FloatField(allow_null=True)
    paused = serializers.BooleanField()
    target_days = serializers.IntegerField(allow_null=True, help_text="绿色通道内部目标(工作日);空为没有")
    target_due_at = serializers.DateTimeField(allow_null=True, help_text="绿色通道内部目标期限")
    target_status = serializers.CharField(allow_null=True, help_text="对内部目标:on_time / at_risk / overdue / paused")

    def get_handler(self, state) -> str | None:
        handler = state["record"].handler
        return handler.username if handler else None


class BoundaryWorkSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=200)
    side = serializers.ChoiceField(choices=WorkSide.choices)
    payer = serializers.ChoiceField(choices=Payer.choices)


class BoundaryInputSerializer(serializers.Serializer):
    boundary_point = serializers.ChoiceField(choices=BoundaryPoint.choices)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    works = BoundaryWorkSerializer(many=True, allow_empty=False)


class BoundarySerializer(serializers.ModelSerializer):
    works = BoundaryWorkSerializer(many=True, read_only=True)

    class Meta:
        model = InvestmentBoundary
        fields = ["boundary_point", "description", "zero_investment", "is_flagged", "flag_reason", "recorded_at",
                  "works"]


class ApplicationSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    customer = serializers.SlugRelatedField(slug_field="account_number", read_only=True)
    green_channel = serializers.SlugRelatedField(slug_field="code", read_only=True)
    phone = serializers.SerializerMethodField()
    stages = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    investment_boundary = BoundarySerializer(read_only=True)

    class Meta:
        model = Application
        fields = ["id", "number", "application_type", "customer_class", "customer", "applicant_name", "phone",
                  "requested_kva", "address", "latitude", "longitude", "station", "channel", "green_channel", "status",
                  "received_at", "connected_at", "completed_at", "utility_days", "total_days", "note", "stages",
                  "figures", "investment_boundary"]

    def _states(self, obj):
        if not hasattr(obj, "_states"):
            obj._states = stage_states(obj, self.context.get("now") or timezone.now())
        return obj._states

    def get_phone(self, obj) -> str:
        return phone_for(self.context["request"].user, obj.phone)

    def get_stages(self, obj) -> list[dict]:
        return StageSerializer(self._states(obj), many=True).data

    def get_figures(self, obj) -> dict:
        return figures.application_figures(obj, states=self._states(obj))


class ApplicationIntakeSerializer(serializers.Serializer):
    application_type = serializers.ChoiceField(choices=ApplicationType.choices)
    customer_class = serializers.ChoiceField(choices=CustomerClass.choices)
    account_number = serializers.CharField(required=False, allow_blank=True, help_text="增容必填:现有客户户号")
    applicant_name = serializers.CharField(max_length=100)
    phone = serializers.CharField(max_length=20)
    requested_kva = serializers.DecimalField(max_digits=9, decimal_places=1)
    address = serializers.CharField(max_length=200)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    station = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.filter(kind=UnitKind.STATION),
                                           required=False, help_text="供电所编码;留空按经纬度确定")
    channel = serializers.ChoiceField(choices=IntakeChannel.choices)
    note = serializers.CharField(required=False, allow_blank=True)
    green_channel = serializers.SlugRelatedField(
        slug_field="code", queryset=GreenChannelKind.objects.filter(is_active=True), required=False, allow_null=True,
        help_text="绿色通道类别代码(如 hospital、school);留空:增容按客户档案,其余不属于绿色通道")

    def validate(self, attrs):
        if attrs.get("station") is None:
            try:
                attrs["station"] = station_from_location(attrs.get("latitude"), attrs.get("longitude"))
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"station": exc.messages}) from exc
        return attrs

    def validate_account_number(self, value):
        if not value:
            return None
        customer = Customer.objects.restrict(self.context["request"].user).filter(account_number=value).first()
        if customer is None:
            raise serializers.ValidationError("在您的单位范围内找不到这个户号。")
        return customer

    def create(self, validated_data):
        data = dict(validated_data)
        customer = data.pop("account_number", None)
        return services.application_intake(actor=self.context["request"].user, customer=customer, **data)

    def to_representation(self, instance):
        return ApplicationSerializer(instance, context=self.context).data


class FinishSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=[s for s in StageRecord._meta.get_field("stage").choices])
    at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    next_handler = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.all(), required=False,
                                                allow_null=True)


class PauseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=PauseReason.choices)
    detail = serializers.CharField(max_length=300)
    needs_visit = serializers.BooleanField(required=False, default=False)
    at = serializers.DateTimeField(required=False, allow_null=True)


class StageTimeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True)


class AssignSerializer(serializers.Serializer):
    handler = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))


class DocumentSerializer(serializers.Serializer):
    file = serializers.FileField()
    requirement = serializers.PrimaryKeyRelatedField(queryset=RequiredDocument.objects.all(), required=False,
                                                     allow_null=True)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class DesignationInputSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=DesignationScope.choices)
    chosen_freely = serializers.BooleanField()
    chosen_party = serializers.CharField(max_length=200, help_text="客户方填写的单位名称(系统不提供单位清单)")
    declared_by = serializers.CharField(max_length=100)
    staff_recommended = serializers.BooleanField(required=False, default=False)
    recommendation_detail = serializers.CharField(required=False, allow_blank=True, default="")


class DesignationRecordSerializer(serializers.ModelSerializer):
    application = serializers.SlugRelatedField(slug_field="number", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DesignationRecord
        fields = ["id", "application", "scope", "chosen_freely", "chosen_party", "staff_recommended",
                  "recommendation_detail", "declared_by", "recorded_at", "recorded_by", "is_flagged", "reviewed_at",
                  "reviewed_by", "review_note"]
        read_only_fields = fields


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField()


class FiguresQuerySerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False,
                                        help_text="单位编码(预设为自己的单位)")
    start = QueryDateSerializerField()
    end = QueryDateSerializerField()

    def validate_unit(self, unit):
        if not Unit.objects.restrict(self.context["request"].user).filter(pk=unit.pk).exists():
            raise serializers.ValidationError("该单位不在您的单位范围内。")
        return unit

    def validate(self, attrs):
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "结束日期不能早于开始日期。"})
        if (attrs["end"] - attrs["start"]).days > 3660:
            raise serializers.ValidationError({"end": "期间不能超过十年。"})
        return attrs
