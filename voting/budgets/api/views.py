"""GET /api/v1/budgets/, GET /api/v1/budgets/{id}/ and GET/PUT .../ballot/."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from oasis.core.api import ApiErrorSerializer
from oasis.core.errors import NotFound
from voting.budgets import selectors, services
from voting.budgets.api.serializers import (
    BallotCastSerializer,
    BallotSerializer,
    RoundDetailSerializer,
    RoundSerializer,
)
from voting.budgets.models import BallotChannel, BudgetRound

NOT_FOUND = OpenApiResponse(ApiErrorSerializer, description="not_found")


def _round(pk: int) -> BudgetRound:
    try:
        return selectors.round_detail(pk)
    except BudgetRound.DoesNotExist:
        raise NotFound from None


class RoundListApi(APIView):
    @extend_schema(summary="Budget rounds", responses={200: RoundSerializer(many=True)})
    def get(self, request):
        rounds = selectors.round_list()
        return Response(RoundSerializer(rounds, many=True).data)


class RoundDetailApi(APIView):
    @extend_schema(
        summary="A budget round with its projects (and results once published)",
        responses={200: RoundDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        budget_round = _round(pk)
        results = (
            selectors.round_results(budget_round)
            if budget_round.results_published
            else None
        )
        return Response(
            RoundDetailSerializer(budget_round, context={"results": results}).data
        )


def _ballot_body(budget_round: BudgetRound, user) -> dict:
    ballot = selectors.voter_ballot(budget_round=budget_round, user=user)
    chosen = sorted(ballot.chosen_ids) if ballot else []
    meter = selectors.ballot_meter(budget_round=budget_round, project_ids=chosen)
    return {
        "projects": chosen,
        "spent": meter.spent,
        "total": budget_round.total,
        "receipt": ballot.receipt if ballot and ballot.current else "",
    }


class BallotApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="My ballot in a budget round",
        responses={
            200: BallotSerializer,
            403: OpenApiResponse(
                ApiErrorSerializer, description="not_authenticated: sign in first"
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk: int):
        return Response(_ballot_body(_round(pk), request.user))

    @extend_schema(
        summary="Cast or change my ballot; the last version counts",
        request=BallotCastSerializer,
        responses={
            200: BallotSerializer,
            400: OpenApiResponse(
                ApiErrorSerializer,
                description="over_budget, too_many, not_on_ballot or invalid",
            ),
            403: OpenApiResponse(
                ApiErrorSerializer,
                description="not_authenticated, not_eligible or verification_required",
            ),
            404: NOT_FOUND,
            409: OpenApiResponse(ApiErrorSerializer, description="balloting_closed"),
        },
    )
    def put(self, request, pk: int):
        budget_round = _round(pk)
        body = BallotCastSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.ballot_cast(
            budget_round=budget_round,
            voter=request.user,
            project_ids=body.validated_data["projects"],
            channel=BallotChannel.WEB,
        )
        return Response(_ballot_body(budget_round, request.user))
