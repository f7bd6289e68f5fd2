"""The public proposals API: thin views over the same selectors as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from oasis.core.api import ApiErrorSerializer
from oasis.core.db_routers import public_reads
from oasis.core.pagination import InvalidCursor
from oasis.core.throttle import rate_limit
from proposals import selectors, services
from proposals.api.permissions import ProposalRules
from proposals.api.serializers import (
    CategorySerializer,
    DistrictSerializer,
    ProposalCreateSerializer,
    ProposalDetailSerializer,
    ProposalFilterSerializer,
    ProposalListSerializer,
)

LIST_PARAMETERS = [
    OpenApiParameter("category", OpenApiTypes.STR, description="Category slug."),
    OpenApiParameter("district", OpenApiTypes.STR, description="District code."),
    OpenApiParameter("stage", OpenApiTypes.STR, description="Lifecycle stage."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Search words (Korean too)."),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=["-created_at", "-vote_count", "-comment_count", "trending", "relevance"],
        description="Sort order; relevance (the default with q) needs q.",
    ),
    OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`."),
]


class ProposalListView(APIView):
    permission_classes = [ProposalRules]

    @extend_schema(
        operation_id="proposals_list",
        parameters=LIST_PARAMETERS,
        responses={
            200: inline_serializer(
                "PaginatedProposalList",
                {
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": ProposalListSerializer(many=True),
                },
            ),
            429: OpenApiResponse(
                ApiErrorSerializer, description="throttled (see the Retry-After header)"
            ),
        },
    )
    def get(self, request):
        # RateLimited -> 429 {code: "throttled"} with Retry-After (core exception handler)
        rate_limit("proposal_list", request=request)
        params = ProposalFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = selectors.ProposalFilters(
            category=data.get("category", ""),
            district=data.get("district", ""),
            stage=data.get("stage", ""),
            q=data.get("q", ""),
            ordering=data.get("ordering", ""),
        )
        try:
            with public_reads():
                page = selectors.proposal_list(
                    filters=filters, cursor=data.get("cursor") or None
                )
        except InvalidCursor:
            raise ValidationError(
                {"cursor": [_("This cursor is not valid.")]}
            ) from None
        next_url = None
        if page.next_cursor:
            query = request.query_params.copy()
            query["cursor"] = page.next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return Response(
            {
                "next": next_url,
                "previous": None,
                "results": ProposalListSerializer(page.items, many=True).data,
            }
        )

    @extend_schema(
        operation_id="proposals_create",
        request=ProposalCreateSerializer,
        responses={201: ProposalDetailSerializer},
    )
    def post(self, request):
        serializer = ProposalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        publish = fields.pop("publish", False)
        # RateLimited -> 429 {code: "throttled"} with Retry-After (core exception handler)
        rate_limit("proposal", request=request)
        if publish:
            rate_limit("publish", request=request)
        try:
            proposal = services.proposal_submit(
                author=request.user, fields=fields, publish=publish
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        proposal = selectors.proposal_get(pk=proposal.pk, user=request.user)
        return Response(
            ProposalDetailSerializer(proposal, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ProposalDetailView(APIView):
    permission_classes = [ProposalRules]

    @extend_schema(responses=ProposalDetailSerializer)
    def get(self, request, pk: int):
        proposal = selectors.proposal_get(pk=pk, user=request.user)
        if proposal is None or proposal.is_hidden:
            raise NotFound(_("This idea does not exist."))
        self.check_object_permissions(request, proposal)
        return Response(
            ProposalDetailSerializer(proposal, context={"request": request}).data
        )

    def permission_denied(self, request, message=None, code=None):
        # A draft of someone else is not disclosed: it does not exist for them.
        if request.method == "GET":
            raise NotFound(_("This idea does not exist."))
        super().permission_denied(request, message, code)


class CategoryListView(APIView):
    @extend_schema(responses=CategorySerializer(many=True))
    def get(self, request):
        return Response(CategorySerializer(selectors.categories(), many=True).data)


class DistrictListView(APIView):
    @extend_schema(responses=DistrictSerializer(many=True))
    def get(self, request):
        return Response(DistrictSerializer(selectors.districts(), many=True).data)
