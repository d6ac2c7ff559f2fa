"""gunicorn's configuration for `make serve-prod` (gunicorn -c python:arena.settings.gunicorn).

Workers and threads come from ARENA_WEB_WORKERS / ARENA_WEB_THREADS, the address from
ARENA_BIND (default 127.0.0.1:8000, behind the reverse proxy that terminates TLS).
"""

import os

from arena.settings.env import env_int, env_str

bind = [env_str("ARENA_BIND", "127.0.0.1:8000")]
# gunicorn's rule of thumb, 2 x cores + 1, is 5 on two cores; three leaves the worker room
# for the task queue on the same machine.
workers = env_int("ARENA_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 3), minimum=1)
threads = env_int("ARENA_WEB_THREADS", 2, minimum=1)
timeout = env_int("ARENA_WEB_TIMEOUT", 60, minimum=1)
graceful_timeout = 30
# Workers are restarted now and then, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
wsgi_app = "arena.wsgi:application"
# Access and error logs go to standard output / error for the service manager or log collector.
accesslog = "-"
errorlog = "-"
loglevel = env_str("ARENA_LOG_LEVEL", "INFO").lower()
if env_str("ARENA_LOG_FORMAT", "json" if env_str("ARENA_ENV") == "production" else "text") == (
    "json"
):
    access_log_format = (
        '{"timestamp": "%(t)s", "level": "INFO", "logger": "gunicorn.access", '
        '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
        '"duration_ms": %(M)s, "remote": "%(h)s"}'
    )
# The forwarded headers are trusted only from the proxy on this machine (gunicorn's default);
# set FORWARDED_ALLOW_IPS for a proxy elsewhere.
