from rest_framework import serializers

from wanjia.campaign.models import (ActivityDay, Assessment, Campaign, Pairing, PairingVisit, PartyBranch,
                                    PartyMember, Phase, ScorecardItem)
from wanjia.customers.models import Customer
from wanjia.org.models import Unit


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["kind", "start_date", "end_date", "description"]


class CampaignSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "unit", "start_date", "end_date", "goals", "leading_group", "phases"]


class ActivityDaySerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    units = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), many=True, required=False)

    class Meta:
        model = ActivityDay
        fields = ["id", "campaign", "unit", "units", "date", "place", "commitments", "materials", "materials_count",
                  "attendance"]


class PairingSerializer(serializers.ModelSerializer):
    branch = serializers.PrimaryKeyRelatedField(queryset=PartyBranch.objects.all())
    member = serializers.PrimaryKeyRelatedField(queryset=PartyMember.objects.all(), required=False, allow_null=True)
    customer = serializers.SlugRelatedField(slug_field="account_number", queryset=Customer.objects.all())

    class Meta:
        model = Pairing
        fields = ["id", "branch", "member", "customer", "started_on", "ended_on", "note"]
        read_only_fields = ["ended_on"]


class PairingVisitSerializer(serializers.ModelSerializer):
    pairing = serializers.PrimaryKeyRelatedField(queryset=Pairing.objects.all())

    class Meta:
        model = PairingVisit
        fields = ["id", "pairing", "date", "content", "help_given", "visitor"]
        read_only_fields = ["visitor"]


class AssessmentSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    item = serializers.SlugRelatedField(slug_field="code", queryset=ScorecardItem.objects.all())

    class Meta:
        model = Assessment
        fields = ["id", "unit", "month", "item", "score", "evidence", "assessor", "assessed_at"]
        read_only_fields = ["assessor", "assessed_at"]
        validators = []  # a second score for the same unit, month and item revises the first (the service)
