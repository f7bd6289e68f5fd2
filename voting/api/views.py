"""POST/DELETE /api/v1/proposals/{id}/vote/. Every answer carries vote_count."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from oasis.core.api import ApiErrorSerializer
from oasis.core.errors import NotFound
from oasis.core.throttle import rate_limit
from proposals.models import Proposal, Stage
from voting import selectors, services
from voting.api.serializers import (
    VoteCastSerializer,
    VoteRetractSerializer,
    VoteStateSerializer,
)
from voting.models import Channel
from voting.receipts import vote_receipt

REFUSALS = {
    403: OpenApiResponse(
        ApiErrorSerializer,
        description="not_authenticated, verification_required or own_proposal",
    ),
    404: OpenApiResponse(ApiErrorSerializer, description="not_found"),
    409: OpenApiResponse(ApiErrorSerializer, description="voting_closed"),
    429: OpenApiResponse(
        ApiErrorSerializer, description="throttled (see the Retry-After header)"
    ),
}


class ProposalVoteApi(APIView):
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        # Refusals carry the current count too, so a client can always show it.
        response = super().handle_exception(exc)
        if response.status_code != 404 and isinstance(response.data, dict):
            count = self._known_count
            if count is None:
                count = (
                    Proposal.objects.filter(pk=self.kwargs.get("pk"))
                    .values_list("vote_count", flat=True)
                    .first()
                )
            if count is not None:
                response.data["vote_count"] = count
        return response

    _known_count: int | None = None

    def _remember(self, proposal: Proposal) -> None:
        if proposal.author_id is not None:  # the service has read the row
            self._known_count = proposal.vote_count

    @extend_schema(
        summary="My agreement with a proposal",
        responses={
            200: VoteStateSerializer,
            403: OpenApiResponse(ApiErrorSerializer, description="not_authenticated"),
            404: REFUSALS[404],
        },
    )
    def get(self, request, pk: int):
        proposal = Proposal.objects.exclude(stage=Stage.DRAFT).filter(pk=pk).first()
        if proposal is None:
            raise NotFound
        vote = selectors.user_vote(proposal=proposal, user=request.user)
        return Response(
            {
                "voted": vote is not None,
                "vote_count": proposal.vote_count,
                "receipt": vote_receipt(vote) if vote else "",
            }
        )

    @extend_schema(
        summary="Agree with a proposal",
        request=None,
        responses={
            201: VoteCastSerializer,
            200: OpenApiResponse(
                VoteCastSerializer, description="already agreed: created is false"
            ),
            **REFUSALS,
        },
    )
    def post(self, request, pk: int):
        rate_limit("vote", request=request)
        proposal = Proposal(pk=pk)
        try:
            vote, created = services.vote_cast(
                proposal=proposal, user=request.user, channel=Channel.API
            )
        except Proposal.DoesNotExist:
            raise NotFound from None
        finally:
            self._remember(proposal)
        return Response(
            {
                "created": created,
                "vote_count": proposal.vote_count,
                "stage": proposal.stage,
                "receipt": vote_receipt(vote),
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="Withdraw my agreement",
        request=None,
        responses={200: VoteRetractSerializer, **REFUSALS},
    )
    def delete(self, request, pk: int):
        rate_limit("vote", request=request)
        proposal = Proposal(pk=pk)
        try:
            deleted = services.vote_retract(proposal=proposal, user=request.user)
        except Proposal.DoesNotExist:
            raise NotFound from None
        finally:
            self._remember(proposal)
        return Response(
            {
                "deleted": deleted,
                "vote_count": proposal.vote_count,
                "stage": proposal.stage,
            }
        )
