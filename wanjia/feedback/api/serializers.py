from rest_framework import serializers

from wanjia.campaign.models import Campaign
from wanjia.customers.models import phone_for
from wanjia.feedback import links
from wanjia.feedback.models import (Channel, DeliveryMethod, FeedbackEvent, FeedbackItem, FeedbackLink, Forum, Topic,
                                    WorkKind)
from wanjia.org.models import Unit


class FeedbackEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedbackEvent
        fields = ["at", "actor", "from_status", "to_status", "note"]


class FeedbackLinkSerializer(serializers.ModelSerializer):
    work = serializers.CharField(source="work.__str__", read_only=True)
    work_id = serializers.SerializerMethodField()
    done = serializers.SerializerMethodField()

    class Meta:
        model = FeedbackLink
        fields = ["kind", "work_id", "work", "done", "linked_at"]

    def get_work_id(self, link) -> int:
        return getattr(link, f"{link.kind}_id")

    def get_done(self, link) -> bool:
        return links.is_done(link)


class FeedbackItemSerializer(serializers.ModelSerializer):
    topic = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="topic code or name (see /admin topics)")
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False,
                                        allow_null=True)
    channel = serializers.ChoiceField(choices=[c for c in Channel.choices if c[0] != Channel.FORUM])
    events = FeedbackEventSerializer(many=True, read_only=True)
    # Empty until the answer is delivered: declared so the schema's enum includes the empty value.
    delivery_method = serializers.ChoiceField(choices=DeliveryMethod.choices, allow_blank=True, read_only=True)
    links = FeedbackLinkSerializer(many=True, read_only=True)

    class Meta:
        model = FeedbackItem
        fields = ["id", "number", "channel", "forum", "content", "topic", "name", "phone", "unit", "status",
                  "received_at", "deadline", "answer", "answered_at", "delivered_at", "delivery_method",
                  "resolved_at", "resolution_reason", "links", "events"]
        read_only_fields = ["number", "forum", "status", "received_at", "deadline", "answer", "answered_at",
                            "delivered_at", "delivery_method", "resolved_at", "resolution_reason"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["topic"] = instance.topic.code if instance.topic else ""
        data["phone"] = phone_for(self.context["request"].user, instance.phone)
        return data


class AssignSerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    topic = serializers.SlugRelatedField(slug_field="code", queryset=Topic.objects.all(), required=False,
                                         allow_null=True)


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()


class DeliverSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=DeliveryMethod.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=WorkKind.choices)
    reference = serializers.CharField(help_text="number of a hazard, repair order or application; id of a payment "
                                                "measure or task")


class ResolveSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ForumSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Forum
        fields = ["id", "campaign", "unit", "title", "date", "place", "minutes", "held"]
        read_only_fields = ["minutes", "held"]
