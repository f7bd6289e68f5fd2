from rest_framework import serializers


class VoteStateSerializer(serializers.Serializer):
    voted = serializers.BooleanField()
    vote_count = serializers.IntegerField()
    receipt = serializers.CharField(allow_blank=True)


class VoteCastSerializer(serializers.Serializer):
    created = serializers.BooleanField()
    vote_count = serializers.IntegerField()
    stage = serializers.CharField()
    receipt = serializers.CharField()


class VoteRetractSerializer(serializers.Serializer):
    deleted = serializers.BooleanField()
    vote_count = serializers.IntegerField()
    stage = serializers.CharField()
