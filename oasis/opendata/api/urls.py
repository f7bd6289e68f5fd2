from django.urls import path

from oasis.opendata.api import views

urlpatterns = [
    path("", views.OpenDataCatalogueView.as_view(), name="api-open-data"),
    path(
        "<slug:name>/",
        views.OpenDataDatasetView.as_view(),
        name="api-open-data-dataset",
    ),
]
