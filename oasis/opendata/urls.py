from django.urls import path, re_path

from oasis.opendata import views

app_name = "opendata"

urlpatterns = [
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
