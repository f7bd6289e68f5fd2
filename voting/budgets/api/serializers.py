from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from voting.budgets.models import BudgetRound, Phase, Style


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="proposal.title")
    cost = serializers.IntegerField()
    proposal_id = serializers.IntegerField()


class ResultSerializer(serializers.Serializer):
    project_id = serializers.IntegerField()
    votes = serializers.IntegerField()
    funded = serializers.BooleanField()
    rank = serializers.IntegerField()


class ResultsSerializer(serializers.Serializer):
    counted_at = serializers.DateTimeField()
    ballots = serializers.IntegerField()
    spent = serializers.IntegerField()
    projects = ResultSerializer(many=True)


class RoundSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    scope = serializers.CharField(
        help_text="'citywide', or the code of the round's district."
    )
    style = serializers.ChoiceField(choices=Style.choices)  # type: ignore[assignment]  # DRF's Field.style is another attribute
    phase = serializers.ChoiceField(choices=Phase.choices)

    class Meta:
        model = BudgetRound
        fields = [
            "id",
            "title",
            "scope",
            "total",
            "style",
            "max_choices",
            "phase",
            "eligibility",
            "balloting_starts_at",
            "balloting_ends_at",
        ]


class RoundDetailSerializer(RoundSerializer):
    projects = ProjectSerializer(many=True, source="projects.all")
    results = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "projects", "results"]

    @extend_schema_field(ResultsSerializer(allow_null=True))
    def get_results(self, budget_round):
        results = self.context.get("results")
        if results is None:
            return None
        return ResultsSerializer(
            {
                "counted_at": budget_round.counted_at,
                "ballots": results.ballots,
                "spent": results.spent,
                "projects": results.rows,
            }
        ).data


class BallotSerializer(serializers.Serializer):
    projects = serializers.ListField(child=serializers.IntegerField())
    spent = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    receipt = serializers.CharField(read_only=True, allow_blank=True)


class BallotCastSerializer(serializers.Serializer):
    projects = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=True, max_length=500
    )
