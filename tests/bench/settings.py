"""Settings for `make bench`: the production shape (DEBUG off, phone-verified voters,
the shared Redis cache when reachable) on the benchmark database.

All load comes from 127.0.0.1, so the per-address agreement limit is raised out of the
way; the per-user limit stays as in production and is exercised on every vote.
"""

import os

os.environ.setdefault("DEBUG", "false")

from oasis.settings import *  # noqa: F403
from oasis.settings import LOGGING

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"  # the app's, plus the signed-in floor
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
VOTE_REQUIRES_PHONE = True
RATE_LIMITS = {**RATE_LIMITS, "vote": {"user": (20, 60), "ip": (10_000_000, 60)}}  # noqa: F405

BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "")
if BENCH_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "oasis.core.cache.ResilientRedisCache",
            "LOCATION": BENCH_REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
# The API list's per-address read limit, raised out of the way for the same reason.
RATE_LIMITS = {**RATE_LIMITS, "proposal_list": {"ip": (10_000_000, 60)}}
