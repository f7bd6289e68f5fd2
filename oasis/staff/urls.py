from django.urls import path, re_path

from oasis.staff import views

app_name = "staff"

urlpatterns = [
    # Staff console (proposals/reviews serves staff/reviews/…)
    path("staff/", views.dashboard, name="dashboard"),
    path("staff/audit/", views.audit_list, name="audit-list"),
    # Public
    path("stats/", views.stats, name="stats"),
    path("open-data/", views.open_data, name="open-data"),
    path(
        "open-data/dictionary/",
        views.open_data_dictionary,
        name="open-data-dictionary",
    ),
    re_path(
        r"^open-data/(?P<name>[a-z_]+)\.(?P<fmt>csv|json)$",
        views.open_data_file,
        name="open-data-file",
    ),
]
