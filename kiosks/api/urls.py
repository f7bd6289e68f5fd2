from django.urls import path

from kiosks.api import views

urlpatterns = [
    path("enroll/", views.EnrollApi.as_view(), name="api-kiosk-enroll"),
    path("heartbeat/", views.HeartbeatApi.as_view(), name="api-kiosk-heartbeat"),
    path("proposals/", views.ProposalListApi.as_view(), name="api-kiosk-proposals"),
    path("handoffs/", views.HandoffCreateApi.as_view(), name="api-kiosk-handoffs"),
    path(
        "handoffs/<int:pk>/",
        views.HandoffDetailApi.as_view(),
        name="api-kiosk-handoff-detail",
    ),
    path("sms/", views.SmsSendApi.as_view(), name="api-kiosk-sms"),
    path("sms/verify/", views.SmsVerifyApi.as_view(), name="api-kiosk-sms-verify"),
    path("events/", views.EventsApi.as_view(), name="api-kiosk-events"),
]
