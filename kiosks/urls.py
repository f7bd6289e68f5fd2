from django.urls import path

from kiosks import views

app_name = "kiosks"

urlpatterns = [
    path("kiosk/", views.attract, name="kiosk-attract"),
    path("kiosk/enroll/", views.enroll, name="kiosk-enroll"),
    path("kiosk/reset/", views.reset, name="kiosk-reset"),
    path("kiosk/ideas/", views.idea_list, name="kiosk-ideas"),
    path("kiosk/ideas/<int:pk>/", views.idea_detail, name="kiosk-idea"),
    path("kiosk/ideas/<int:pk>/sms/", views.agree_sms, name="kiosk-agree-sms"),
    path("kiosk/ideas/<int:pk>/phone/", views.agree_phone, name="kiosk-agree-phone"),
    path("kiosk/categories/", views.category_list, name="kiosk-categories"),
    path("kiosk/propose/", views.propose, name="kiosk-propose"),
    path("kiosk/propose/phone/", views.propose_phone, name="kiosk-propose-phone"),
    path("kiosk/help/", views.help_screen, name="kiosk-help"),
    # The phone's side of a hand-off: short, since it is inside a QR code.
    path("k/<str:token>/", views.handoff_open, name="handoff-open"),
]
