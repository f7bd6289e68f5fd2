"""The open data through the API: the catalogue with its data dictionary, and each
dataset as streamed JSON (the same as the /open-data/ downloads)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from oasis.opendata import datasets
from oasis.opendata.views import dataset_response


class OpenDataCatalogueView(APIView):
    authentication_classes = []
    permission_classes = []

    @extend_schema(
        operation_id="open_data_catalogue",
        summary="Open data catalogue",
        description="Licence, datasets and every column (the data dictionary).",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        entries = []
        for dataset in datasets.DATASETS.values():
            entry = datasets.catalogue_entry(dataset)
            entry["json"] = request.build_absolute_uri(
                reverse("api-open-data-dataset", args=[dataset.name])
            )
            entry["csv"] = request.build_absolute_uri(
                reverse("opendata:open-data-file", args=[dataset.name, "csv"])
            )
            entries.append(entry)
        return Response({"licence": datasets.LICENCE, "datasets": entries})


class OpenDataDatasetView(APIView):
    authentication_classes = []
    permission_classes = []

    @extend_schema(
        operation_id="open_data_dataset",
        summary="One open dataset",
        description=(
            "Streams {dataset, licence, generated_at, columns, rows}; each row is an "
            "object keyed by the column names of the catalogue."
        ),
        parameters=[
            OpenApiParameter(
                "name",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=list(datasets.DATASETS),
            )
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, name: str):
        return dataset_response(name, "json", attachment=False)
