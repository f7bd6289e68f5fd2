"""The floors: a minimal Django project, no middleware, same server and database."""

import os

import environ

env = environ.Env()
SECRET_KEY = "bench-floor-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["tests.bench.floor"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "tests.bench.floor.urls"
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Seoul"
WSGI_APPLICATION = "tests.bench.floor.wsgi.application"
LOGGING = {"version": 1, "disable_existing_loggers": False}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.floor.settings")
