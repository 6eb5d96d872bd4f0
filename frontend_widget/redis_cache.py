"""Django's Redis cache, except that a lost Redis is a cache miss instead of a 500.

Django's `RedisCache` raises on a lost connection, and not only our delivery reads the cache:
Wagtail keeps its site root paths there, so every page view would fail while Redis is down. Here
every operation that cannot reach Redis answers as a miss (get: the default, add/touch/delete:
False, incr: ValueError as for a missing key, which makes the throttle count from one again and so
fail open), and the outage is logged once per process, not once per request.

When Redis answers again, `signals.shared_cache_recovered` is sent: changes made during the outage could not
replace the delivery's generation token, so the delivery starts a new generation then
(`delivery._redis_recovered`), and nothing cached before the outage is served after it.

Use it in CACHES as "frontend_widget.redis_cache.FailSoftRedisCache", with short socket timeouts in
OPTIONS (docs/deployment.md): a Redis that hangs must not hold a worker longer than that.
"""

import logging
import threading
from functools import wraps
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from .signals import shared_cache_recovered

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_down: set[str] = set()  # locations this process found unreachable, until they answer again


def _without_credentials(server: str) -> str:
    parts = urlsplit(server)
    if "@" not in parts.netloc:
        return server
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()


def _location(client) -> str:
    """The servers' addresses without user or password: they go to the log."""
    return ",".join(_without_credentials(server) for server in client._servers)


def _report_outage(client, error) -> None:
    location = _location(client)
    with _lock:
        if location in _down:
            return
        _down.add(location)
    logger.error(
        "Redis (%s) is unreachable: %s. Answering without the shared cache until it is back.", location, error
    )


def _report_recovery(client) -> None:
    location = _location(client)
    with _lock:
        if location not in _down:
            return
        _down.discard(location)
    logger.warning("Redis (%s) answers again.", location)
    shared_cache_recovered.send(sender=location)


def _fail_soft(on_error):
    """Run the client's operation; on a Redis error, report it and return `on_error(*args)`."""

    def decorate(operation):
        @wraps(operation)
        def wrapper(self, *args, **kwargs):
            try:
                result = operation(self, *args, **kwargs)
            except RedisError as error:
                _report_outage(self, error)
                return on_error(*args, **kwargs)
            if _down:
                _report_recovery(self)
            return result

        return wrapper

    return decorate


def _missing_key(key, delta):
    raise ValueError(f"Key {key!r} not found (Redis is unreachable).")


class FailSoftRedisCacheClient(RedisCacheClient):
    add = _fail_soft(lambda key, value, timeout: False)(RedisCacheClient.add)
    get = _fail_soft(lambda key, default: default)(RedisCacheClient.get)
    set = _fail_soft(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _fail_soft(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _fail_soft(lambda key: False)(RedisCacheClient.delete)
    get_many = _fail_soft(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _fail_soft(lambda key: False)(RedisCacheClient.has_key)
    incr = _fail_soft(_missing_key)(RedisCacheClient.incr)
    set_many = _fail_soft(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _fail_soft(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _fail_soft(lambda: False)(RedisCacheClient.clear)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailSoftRedisCacheClient
