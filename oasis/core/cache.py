"""A Redis cache that degrades to "nothing cached" when Redis cannot be reached.

The first timeout or connection error opens the shared Redis breaker; while it is
open every call answers its fallback without touching the network."""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from oasis.core.breaker import redis_available, redis_failed

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(method_name: str, fallback):
    def answer_fallback(*args, **kwargs):
        return fallback(*args, **kwargs) if callable(fallback) else fallback

    def method(self, *args, **kwargs):
        if not redis_available():
            return answer_fallback(*args, **kwargs)
        try:
            return getattr(RedisCache, method_name)(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("cache unreachable during %s: %s", method_name, error)
            redis_failed(error)
            return answer_fallback(*args, **kwargs)

    method.__name__ = method_name
    return method


def _default_of(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    """Pages, sessions (in the database) and votes keep working while Redis is down;
    rate limits then let requests through and the outage is logged."""

    get = _degrade("get", _default_of)
    set = _degrade("set", None)
    add = _degrade("add", True)
    delete = _degrade("delete", False)
    touch = _degrade("touch", False)
    get_many = _degrade("get_many", lambda *a, **k: {})
    set_many = _degrade("set_many", lambda *a, **k: [])
    delete_many = _degrade("delete_many", None)
    has_key = _degrade("has_key", False)
    incr = _degrade("incr", lambda key, delta=1, version=None: delta)
    clear = _degrade("clear", False)

    def ping(self) -> None:
        """Raise when Redis cannot be reached (used by /readyz)."""
        self._cache.get_client(write=True).ping()
