from django.urls import path

from oasis.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/phone/", views.phone_start, name="phone-start"),
    path("profile/phone/confirm/", views.phone_confirm, name="phone-confirm"),
    path("profile/export/", views.export_data, name="export"),
    path("profile/delete/", views.delete_account, name="delete"),
]
