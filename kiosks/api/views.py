"""The kiosk API under /api/v1/kiosk/. Errors are JSON {code, detail}."""

from django.urls import reverse
from django.utils import timezone, translation
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from kiosks import selectors, services
from kiosks.api import schema  # noqa: F401  registers the credential scheme
from kiosks.api import serializers as s
from kiosks.auth import IsKiosk, KioskAuthentication
from kiosks.models import Handoff
from kiosks.qr import qr_data_uri, qr_svg
from oasis.accounts.phones import mask_phone
from oasis.core.api import ApiErrorSerializer
from oasis.core.throttle import rate_limit

ERRORS = {
    401: OpenApiResponse(
        ApiErrorSerializer, description="no, unknown or revoked credential"
    ),
    429: OpenApiResponse(ApiErrorSerializer, description="throttled (Retry-After)"),
}


class KioskApiView(APIView):
    """Only an enrolled kiosk: its credential, from the header or the cookie."""

    authentication_classes = [KioskAuthentication]
    permission_classes = [IsKiosk]

    @property
    def kiosk(self):
        return self.request.auth


class EnrollApi(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(
        summary="Exchange a one-time enrollment code for the kiosk credential",
        request=s.EnrollSerializer,
        responses={
            201: s.EnrollResponseSerializer,
            400: ApiErrorSerializer,
            429: ERRORS[429],
        },
    )
    def post(self, request):
        rate_limit("kiosk_enroll", request=request)
        data = s.EnrollSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kiosk, credential = services.kiosk_enroll(code=data.validated_data["code"])
        config = selectors.kiosk_config_for(kiosk=kiosk)
        return Response(
            {
                "credential": credential,
                "kiosk": s.KioskSerializer(kiosk).data,
                "config": selectors.kiosk_config_payload(config),
            },
            status=status.HTTP_201_CREATED,
        )


class HeartbeatApi(KioskApiView):
    @extend_schema(
        summary="Heartbeat (every 60 s); the reply carries the versioned configuration",
        request=s.HeartbeatSerializer,
        responses={200: s.HeartbeatResponseSerializer, **ERRORS},
    )
    def post(self, request):
        data = s.HeartbeatSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        beat = data.validated_data
        services.kiosk_heartbeat(
            kiosk=self.kiosk,
            app_version=beat.get("version", ""),
            uptime_seconds=beat["uptime"],
            last_error=beat["last_error"],
            config_version=beat["config_version"],
        )
        config = selectors.kiosk_config_for(kiosk=self.kiosk)
        return Response(
            {
                "server_time": timezone.now(),
                "config": selectors.kiosk_config_payload(config),
            }
        )


class ProposalListApi(KioskApiView):
    @extend_schema(
        summary="Ideas a kiosk may show: its district first, then most agreed, newest",
        parameters=[s.KioskProposalFilterSerializer],
        responses={
            200: inline_serializer(
                "KioskProposalList",
                {"results": s.KioskProposalSerializer(many=True)},
            ),
            **ERRORS,
        },
    )
    def get(self, request):
        params = s.KioskProposalFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        proposals = selectors.kiosk_proposal_list(
            kiosk=self.kiosk, category_slug=params.validated_data["category"] or None
        )
        return Response(
            {"results": s.KioskProposalSerializer(proposals, many=True).data}
        )


def _handoff_data(handoff: Handoff) -> dict:
    return {
        "id": handoff.pk,
        "action": handoff.action,
        "status": handoff.status_at(),
        "outcome": handoff.outcome,
        "proposal": handoff.proposal_id,
        "vote_count": handoff.proposal.vote_count if handoff.proposal else None,
        "open_by": handoff.open_by,
        "finish_by": handoff.finish_by,
    }


class HandoffCreateApi(KioskApiView):
    @extend_schema(
        summary="Start a hand-off to a phone: a single-use token shown as a QR code",
        request=s.HandoffCreateSerializer,
        responses={201: s.HandoffCreatedSerializer, 404: ApiErrorSerializer, **ERRORS},
    )
    def post(self, request):
        data = s.HandoffCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        config = selectors.kiosk_config_for(kiosk=self.kiosk)
        handoff, token = services.handoff_create(
            kiosk=self.kiosk,
            action=data.validated_data["action"],
            proposal_id=data.validated_data.get("proposal"),
            features=config.features,
        )
        url = request.build_absolute_uri(reverse("kiosks:handoff-open", args=[token]))
        return Response(
            {
                **_handoff_data(handoff),
                "url": url,
                "qr_svg": qr_svg(url),
                "qr_data_uri": qr_data_uri(url),
            },
            status=status.HTTP_201_CREATED,
        )


class HandoffDetailApi(KioskApiView):
    @extend_schema(
        summary="Poll a hand-off: pending, opened, completed (with outcome) or expired",
        responses={200: s.HandoffSerializer, 404: ApiErrorSerializer, **ERRORS},
    )
    def get(self, request, pk: int):
        handoff = selectors.handoff_for_kiosk(kiosk=self.kiosk, pk=pk)
        return Response(_handoff_data(handoff))


class SmsSendApi(KioskApiView):
    @extend_schema(
        summary="Text a code to a phone number, to agree from the kiosk",
        request=s.SmsSendSerializer,
        responses={
            201: s.SmsSentSerializer,
            400: OpenApiResponse(
                ApiErrorSerializer,
                description="invalid_phone; sms_not_sent (the provider failed: "
                "nothing was kept, the person may try again)",
            ),
            **ERRORS,
        },
    )
    def post(self, request):
        data = s.SmsSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        config = selectors.kiosk_config_for(kiosk=self.kiosk)
        challenge = services.kiosk_sms_send(
            kiosk=self.kiosk,
            raw_phone=data.validated_data["phone"],
            proposal_id=data.validated_data["proposal"],
            language=translation.get_language() or config.default_language,
            features=config.features,
        )
        return Response(
            {
                "challenge": challenge.pk,
                "masked_phone": mask_phone(challenge.phone_last_digits),
                "expires_in": int(
                    (challenge.expires_at - timezone.now()).total_seconds()
                ),
            },
            status=status.HTTP_201_CREATED,
        )


class SmsVerifyApi(KioskApiView):
    @extend_schema(
        summary="Check the SMS code and agree, for the person holding that phone",
        request=s.SmsVerifySerializer,
        responses={
            200: s.SmsAgreedSerializer,
            201: s.SmsAgreedSerializer,
            400: OpenApiResponse(
                ApiErrorSerializer, description="code_invalid, code_expired"
            ),
            403: OpenApiResponse(ApiErrorSerializer, description="own_proposal"),
            409: OpenApiResponse(ApiErrorSerializer, description="voting_closed"),
            **ERRORS,
        },
    )
    def post(self, request):
        data = s.SmsVerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote, created = services.kiosk_sms_verify_and_agree(
            kiosk=self.kiosk,
            challenge_id=data.validated_data["challenge"],
            code=data.validated_data["code"],
        )
        return Response(
            {
                "created": created,
                "outcome": "agreed" if created else "already_agreed",
                "proposal": vote.proposal_id,
                "vote_count": vote.proposal.vote_count,
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class EventsApi(KioskApiView):
    @extend_schema(
        summary="Usage counts (touch sessions, proposals viewed); nothing about anyone",
        request=s.EventsSerializer,
        responses={204: None, **ERRORS},
    )
    def post(self, request):
        data = s.EventsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.kiosk_usage_add(kiosk=self.kiosk, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
