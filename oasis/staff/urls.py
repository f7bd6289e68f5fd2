from django.urls import path

from oasis.staff import views

app_name = "staff"

urlpatterns = [
    # The staff console (proposals/reviews serves staff/reviews/…)
    path("staff/", views.dashboard, name="dashboard"),
    path("staff/audit/", views.audit_list, name="audit-list"),
]
