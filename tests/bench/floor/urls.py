from django.http import HttpResponse
from django.urls import path

from tests.bench.floor.models import Row

PAGE = b"<!DOCTYPE html><title>floor</title><p>Hello from the floor.</p>"


def page(request):
    return HttpResponse(PAGE)


def insert(request):
    row = Row.objects.create(payload="floor")
    return HttpResponse(str(row.pk))


urlpatterns = [path("page/", page), path("insert/", insert)]
