from rest_framework import serializers

from wanjia.campaign.models import ActivityDay, Campaign
from wanjia.core.rest import InLanguageField
from wanjia.customers.models import Customer
from wanjia.org.models import Unit, User
from wanjia.outreach.models import AnswerResult, Hazard, HazardEvent, Visit, VisitAnswer


class AnswerSerializer(serializers.ModelSerializer):
    item_text = InLanguageField(source="item", field="text")

    class Meta:
        model = VisitAnswer
        fields = ["id", "item", "item_text", "result", "note"]


class VisitSerializer(serializers.ModelSerializer):
    """Create with `answers: [{item, result, note}]` covering the category's whole checklist."""

    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    customer = serializers.SlugRelatedField(slug_field="account_number", queryset=Customer.objects.all(),
                                            required=False, allow_null=True)
    activity_day = serializers.PrimaryKeyRelatedField(queryset=ActivityDay.objects.all(), required=False,
                                                      allow_null=True)
    team = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True)
    answers = AnswerSerializer(many=True)

    class Meta:
        model = Visit
        fields = ["id", "campaign", "unit", "category", "date", "site", "customer", "team", "activity_day",
                  "summary", "answers", "recorded_by", "created_at"]
        read_only_fields = ["recorded_by", "created_at"]

    def validate_answers(self, value):
        for answer in value:
            if answer["result"] not in AnswerResult.values:
                raise serializers.ValidationError("result")
        return value


class HazardEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = HazardEvent
        fields = ["at", "actor", "from_status", "to_status", "note"]


class HazardSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    answer = serializers.PrimaryKeyRelatedField(queryset=VisitAnswer.objects.all(), required=False, allow_null=True)
    events = HazardEventSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Hazard
        fields = ["id", "number", "unit", "campaign", "visit", "answer", "customer", "is_self_inspection",
                  "description", "location", "severity", "side", "status", "found_on", "reported_by", "owner",
                  "deadline", "measures", "rectified_by", "rectified_at", "rectification_note", "verified_by",
                  "verified_at", "closed_at", "is_overdue", "events"]
        read_only_fields = ["number", "visit", "customer", "status", "reported_by", "rectified_by", "rectified_at",
                            "rectification_note", "verified_by", "verified_at", "closed_at"]


class OrderSerializer(serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    deadline = serializers.DateField()
    measures = serializers.CharField(required=False, allow_blank=True, default="")


class RectifySerializer(serializers.Serializer):
    note = serializers.CharField()


class VerifySerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
