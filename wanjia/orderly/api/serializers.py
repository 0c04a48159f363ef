from rest_framework import serializers

from wanjia.customers.models import Customer
from wanjia.org.models import Unit
from wanjia.orderly.models import (
    Allocation, CurtailmentPlan, LoadProfile, PlanPeriod, PolicyTier, ShiftOption, ShortageForecast, WarningLevel,
)
from wanjia.orderly.services import warning_level_for


class PolicyTierSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyTier
        fields = ["id", "code", "name", "priority", "is_protected", "description", "source"]


class WarningLevelSerializer(serializers.ModelSerializer):
    measures = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = WarningLevel
        fields = ["code", "name", "grade", "color", "share_above", "measures", "source"]


class LoadProfileSerializer(serializers.ModelSerializer):
    customer = serializers.SlugRelatedField(slug_field="account_number", queryset=Customer.objects.all())
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    tier = serializers.SlugRelatedField(slug_field="code", queryset=PolicyTier.objects.all())
    shifts = serializers.SlugRelatedField(slug_field="code", many=True, queryset=ShiftOption.objects.all(),
                                          required=False)

    class Meta:
        model = LoadProfile
        fields = ["id", "customer", "customer_name", "tier", "contracted_capacity_kw", "peak_load_kw",
                  "security_load_kw", "curtailable_load_kw", "shifts", "contact", "note", "updated_at"]
        read_only_fields = ["updated_at"]

    def validate_customer(self, customer):
        user = self.context["request"].user
        if not Customer.objects.restrict(user, "change").filter(pk=customer.pk).exists():
            raise serializers.ValidationError("户号不存在或不在您的范围内。")
        return customer


class ForecastSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    share = serializers.FloatField(read_only=True)
    level = serializers.SerializerMethodField()

    class Meta:
        model = ShortageForecast
        fields = ["id", "unit", "start", "end", "max_demand_kw", "gap_kw", "share", "level", "note", "created_at"]

    def get_level(self, obj) -> str | None:
        level = warning_level_for(obj.gap_kw, obj.max_demand_kw)
        return level.code if level else None


class PlanPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanPeriod
        fields = ["id", "start", "end", "max_demand_kw", "gap_kw", "planned_kw", "shortfall_kw"]


class AllocationSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="profile.customer.account_number", read_only=True)
    tier = serializers.CharField(source="tier.code", read_only=True)
    start = serializers.DateTimeField(source="period.start", read_only=True)
    end = serializers.DateTimeField(source="period.end", read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "start", "end", "account_number", "tier", "shed_kw", "baseline_kw", "load_limit_kw",
                  "measured_load_kw", "complied", "achieved_kw"]


class PlanSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    periods = PlanPeriodSerializer(many=True, read_only=True)
    is_feasible = serializers.BooleanField(read_only=True)

    class Meta:
        model = CurtailmentPlan
        fields = ["id", "unit", "title", "start_date", "end_date", "status", "target_kwh", "planned_kwh",
                  "shortfall_kwh", "is_feasible", "gaps", "solve_seconds", "published_at", "periods", "created_at"]
        read_only_fields = ["status", "target_kwh", "planned_kwh", "shortfall_kwh", "gaps", "solve_seconds",
                            "published_at", "created_at"]


class ApproveSerializer(serializers.Serializer):
    accept_shortfall = serializers.BooleanField(default=False)
    accept_gaps = serializers.BooleanField(default=False, help_text="acknowledge the plan's `gaps` (required when "
                                           "customers were left out or forecast hours are missing)")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReadingSerializer(serializers.Serializer):
    allocation = serializers.IntegerField()
    measured_load_kw = serializers.FloatField(min_value=0)
