from django.urls import path

from oasis.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("<int:pk>/open/", views.notification_open, name="notification-open"),
    path(
        "read-all/", views.notification_mark_all_read, name="notification-mark-all-read"
    ),
    path("<int:pk>/read/", views.notification_mark_read, name="notification-mark-read"),
    path("preferences/", views.preferences_edit, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
