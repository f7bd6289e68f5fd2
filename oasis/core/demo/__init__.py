"""Demo content for seed_demo: one YAML file per app in this folder, read by each app's
loader (`<app>/demo.py`), which creates the objects through that app's services."""

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent


@cache
def demo_data(name: str) -> Any:
    """The parsed content of `<name>.yaml` in this folder (read once per process)."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def days_ago(days: float, *, hours: float = 0) -> dt.datetime:
    """A moment relative to now, so that the demo always looks current."""
    return timezone.now() - dt.timedelta(days=days, hours=hours)


def date_in(days: int) -> dt.date:
    """Today in the site's time zone moved by `days` (negative for the past)."""
    return timezone.localdate() + dt.timedelta(days=days)
