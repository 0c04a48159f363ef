from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wanjia.campaign.models import (ActivityDay, Assessment, Campaign, CampaignGoal, GoodPractice,
                                    LeadingGroupMember, Pairing, PairingVisit, PartyBranch, PartyMember, Phase,
                                    ProcessImprovement, Requirement, ScorecardItem, Task, TaskEvidence)
from wanjia.customers.models import Customer
from wanjia.org.models import Unit, UnitKind, User


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "campaign", "kind", "start_date", "end_date", "description"]
        read_only_fields = ["id"]
        validators = []  # saving a kind the campaign already has changes that phase (phase_set)
        extra_kwargs = {"campaign": {"queryset": Campaign.objects.all()}}


class CampaignSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "unit", "start_date", "end_date", "goals", "leading_group", "copied_from", "phases"]
        read_only_fields = ["copied_from"]

    def validate_unit(self, unit):
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("牵头单位不能更改。"))
        return unit


class CampaignCopySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    start_date = serializers.DateField()
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False)


class LeadingGroupMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadingGroupMember
        fields = ["id", "campaign", "role", "name", "position", "user", "duty"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignGoal
        fields = ["id", "campaign", "text", "measure", "kpi_code", "count_code", "target"]


class RequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Requirement
        fields = ["id", "campaign", "kind", "name", "start_date", "end_date", "category", "unit_kind",
                  "own_unit_only", "order"]


class TaskEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskEvidence
        fields = ["id", "name", "uploaded_by", "uploaded_at"]


class TaskSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    cascade_kind = serializers.ChoiceField(choices=UnitKind.choices, required=False, allow_blank=True)
    children_total = serializers.IntegerField(read_only=True)
    children_done = serializers.IntegerField(read_only=True)
    evidence = TaskEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "phase", "unit", "title", "description", "owner", "due_date", "parent", "cascade_kind",
                  "done_at", "done_note", "children_total", "children_done", "evidence"]
        read_only_fields = ["parent", "done_at", "done_note"]


class TaskCompleteSerializer(serializers.Serializer):
    note = serializers.CharField()


class TaskCascadeSerializer(serializers.Serializer):
    cascade_kind = serializers.ChoiceField(choices=UnitKind.choices)


class TaskAssignSerializer(serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class TaskEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class GroupSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    secretary = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)

    class Meta:
        model = PartyBranch
        fields = ["id", "unit", "kind", "name", "secretary"]


class GroupMemberSerializer(serializers.ModelSerializer):
    branch = serializers.PrimaryKeyRelatedField(queryset=PartyBranch.objects.all())
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)

    class Meta:
        model = PartyMember
        fields = ["id", "branch", "name", "user", "is_active"]
        read_only_fields = ["is_active"]


class MemberActiveSerializer(serializers.Serializer):
    is_active = serializers.BooleanField()


class ActivityDaySerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    units = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), many=True, required=False)

    class Meta:
        model = ActivityDay
        fields = ["id", "campaign", "unit", "units", "date", "place", "commitments", "materials", "materials_count",
                  "attendance"]


class GoodPracticeSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = GoodPractice
        fields = ["id", "campaign", "unit", "title", "description", "recorded_by", "recorded_on"]
        read_only_fields = ["recorded_by"]
        extra_kwargs = {"recorded_on": {"required": False}}


class ProcessImprovementSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = ProcessImprovement
        fields = ["id", "campaign", "unit", "kind", "title", "description", "effective_on", "recorded_by"]
        read_only_fields = ["recorded_by"]


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
