from django.conf import settings
from rest_framework import serializers

from kiosks.models import Handoff


class EnrollSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class ConfigSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    idle_timeout_seconds = serializers.IntegerField()
    idle_warning_seconds = serializers.IntegerField()
    default_language = serializers.ChoiceField(choices=settings.LANGUAGES)
    features = serializers.DictField(child=serializers.BooleanField())
    message_ko = serializers.CharField(allow_blank=True)
    message_en = serializers.CharField(allow_blank=True)


class KioskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    station = serializers.CharField()
    line = serializers.CharField()
    district = serializers.CharField(source="district.code")


class EnrollResponseSerializer(serializers.Serializer):
    credential = serializers.CharField()
    kiosk = KioskSerializer()
    config = ConfigSerializer()


# The largest value a PositiveIntegerField holds on every database.
POSITIVE_INT_MAX = 2**31 - 1


class HeartbeatSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=40, required=False, allow_blank=True)
    uptime = serializers.IntegerField(
        min_value=0, max_value=POSITIVE_INT_MAX, required=False, default=0
    )
    last_error = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    config_version = serializers.IntegerField(
        min_value=0, max_value=POSITIVE_INT_MAX, required=False, default=0
    )


class HeartbeatResponseSerializer(serializers.Serializer):
    server_time = serializers.DateTimeField()
    config = ConfigSerializer()


class KioskProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    category = serializers.CharField(source="category.slug")
    district = serializers.CharField(source="district.code")
    vote_count = serializers.IntegerField()
    in_station_district = serializers.SerializerMethodField()

    def get_in_station_district(self, proposal) -> bool:
        return proposal.elsewhere == 0


class HandoffCreateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Handoff.Action.choices)
    proposal = serializers.IntegerField(required=False, allow_null=True)

    def validate(self, data):
        if data["action"] == Handoff.Action.AGREE and not data.get("proposal"):
            raise serializers.ValidationError({"proposal": "required"})
        return data


class HandoffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    status = serializers.CharField()
    outcome = serializers.CharField()
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True)
    vote_count = serializers.IntegerField(allow_null=True)
    open_by = serializers.DateTimeField()
    finish_by = serializers.DateTimeField(allow_null=True)


class HandoffCreatedSerializer(HandoffSerializer):
    url = serializers.CharField()
    qr_svg = serializers.CharField()
    qr_data_uri = serializers.CharField()


class SmsSendSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    proposal = serializers.IntegerField()


class SmsSentSerializer(serializers.Serializer):
    challenge = serializers.IntegerField()
    masked_phone = serializers.CharField()
    expires_in = serializers.IntegerField()


class SmsVerifySerializer(serializers.Serializer):
    challenge = serializers.IntegerField()
    code = serializers.RegexField(r"^\d{6}$")


class SmsAgreedSerializer(serializers.Serializer):
    created = serializers.BooleanField()
    outcome = serializers.CharField()
    proposal = serializers.IntegerField()
    vote_count = serializers.IntegerField()


class KioskProposalFilterSerializer(serializers.Serializer):
    category = serializers.CharField(required=False, allow_blank=True, default="")


class EventsSerializer(serializers.Serializer):
    # Counts only: nothing about any person or what they looked at.
    touch_sessions = serializers.IntegerField(min_value=0, max_value=50, default=0)
    proposals_viewed = serializers.IntegerField(min_value=0, max_value=200, default=0)
