"""Django's Redis cache, made to shrug off an outage (settings: CACHES, when REDIS_URL
is set).

Everything the site keeps in the cache can be computed again: whole pages
(core/page_cache.py), share pictures, calendar files, rate-limit counts. So when
Redis stops answering, the site serves everything uncached instead of failing: a
read finds nothing, a write is dropped, and each failure is logged (once a minute at
most, not once per request). The connection and socket timeouts in the settings keep
a Redis that hangs, rather than refuses, from holding requests up.

While Redis is down the contact form's rate limit counts nothing (it fails open);
/healthz reports the cache as down, so an operator knows."""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def _log(operation, problem):
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning(
            "The cache (Redis) is not answering; serving uncached (%s: %s)", operation, problem
        )


def forgiving(fallback):
    """Run the cache operation; on a Redis failure, log it and return `fallback(args)`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as problem:
                _log(method.__name__, problem)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, *args, **kwargs):
    return default


def _empty(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


def _delta(key, delta=1, *args, **kwargs):
    return delta  # as if this were the first count: a rate limit fails open


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new `redis.Redis` for every cache operation, and building one
    costs redis-py more (it copies its table of some 170 reply handlers) than the round
    trip to Redis: most of a page-cache hit's time. One per connection pool serves
    every operation: `redis.Redis` is safe to share, its pool lends each call a
    connection."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    add = forgiving(_false)(RedisCache.add)
    get = forgiving(_default)(RedisCache.get)
    set = forgiving(_nothing)(RedisCache.set)
    touch = forgiving(_false)(RedisCache.touch)
    delete = forgiving(_false)(RedisCache.delete)
    get_many = forgiving(_empty)(RedisCache.get_many)
    has_key = forgiving(_false)(RedisCache.has_key)
    incr = forgiving(_delta)(RedisCache.incr)
    set_many = forgiving(_all_failed)(RedisCache.set_many)
    delete_many = forgiving(_nothing)(RedisCache.delete_many)
    clear = forgiving(_false)(RedisCache.clear)
