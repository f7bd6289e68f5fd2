from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from oasis.core.api import SlugRelatedField
from oasis.core.models import District
from proposals import lifecycle
from proposals.models import Category, Proposal, ProposalImage


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = ["slug", "name", "name_ko", "name_en", "threshold", "window_days"]


class DistrictSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "name_ko", "name_en"]


class ProposalListSerializer(serializers.ModelSerializer):
    category: "serializers.SlugRelatedField[Category]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    district: "serializers.SlugRelatedField[District]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "title",
            "summary",
            "stage",
            "category",
            "district",
            "vote_count",
            "comment_count",
            "created_at",
        ]


class ProposalImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = ProposalImage
        fields = ["url", "thumbnail_url", "alt_text", "width", "height"]

    def get_url(self, image) -> str:
        return image.image.url

    def get_thumbnail_url(self, image) -> str | None:
        return image.thumbnail_large.url if image.thumbnail_large else None


class ProposalDetailSerializer(ProposalListSerializer):
    author = serializers.CharField(source="author.public_name", read_only=True)
    images = ProposalImageSerializer(many=True, read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta(ProposalListSerializer.Meta):
        fields = [
            *ProposalListSerializer.Meta.fields,
            "problem",
            "solution",
            "benefit",
            "language",
            "place_name",
            "latitude",
            "longitude",
            "author",
            "threshold",
            "voting_ends_at",
            "published_at",
            "follower_count",
            "images",
            "url",
        ]


class ProposalCreateSerializer(serializers.ModelSerializer):
    category = SlugRelatedField(
        slug_field="slug", queryset=Category.objects.filter(is_active=True)
    )
    district = SlugRelatedField(slug_field="code", queryset=District.objects.all())
    publish = serializers.BooleanField(
        default=False,
        write_only=True,
        help_text=_("Publish at once instead of saving a draft."),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "problem",
            "solution",
            "benefit",
            "language",
            "category",
            "district",
            "place_name",
            "latitude",
            "longitude",
            "publish",
        ]


class ProposalFilterSerializer(serializers.Serializer):
    category = serializers.CharField(required=False, allow_blank=True)
    district = serializers.CharField(required=False, allow_blank=True)
    stage = serializers.ChoiceField(
        choices=[stage.value for stage in lifecycle.LISTED],
        required=False,
        allow_blank=True,
    )
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    ordering = serializers.ChoiceField(
        choices=[
            "-created_at",
            "-vote_count",
            "-comment_count",
            "trending",
            "relevance",
        ],
        required=False,
        allow_blank=True,
    )
    cursor = serializers.CharField(required=False, allow_blank=True)
