"""gunicorn's configuration for `make serve-prod` (gunicorn -c python:arena.settings.gunicorn).

Workers and threads come from ARENA_WEB_WORKERS / ARENA_WEB_THREADS, the address from
ARENA_BIND (default 127.0.0.1:8000, behind the reverse proxy that terminates TLS).
"""

import json
import os
import traceback
from typing import Any

from gunicorn import glogging

from arena.settings.env import env_int, env_str

bind = [env_str("ARENA_BIND", "127.0.0.1:8000")]
# gunicorn's rule of thumb, 2 x cores + 1, is 5 on two cores; three leaves the worker room
# for the task queue on the same machine.
workers = env_int("ARENA_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 3), minimum=1)
threads = env_int("ARENA_WEB_THREADS", 2, minimum=1)
timeout = env_int("ARENA_WEB_TIMEOUT", 60, minimum=1)
graceful_timeout = 30
# Workers are restarted now and then, so a slow leak cannot grow without bound. Not too often:
# a restarting worker imports Django again (1–2 s) while its share of requests waits, and at
# 300 req/s over three workers 2,000 requests came round every 20 s (bench/load/results).
max_requests = env_int("ARENA_WEB_MAX_REQUESTS", 50_000, minimum=0)
max_requests_jitter = max_requests // 10
wsgi_app = "arena.wsgi:application"
# Access and error logs go to standard output / error for the service manager or log collector.
accesslog = "-"
errorlog = "-"
loglevel = env_str("ARENA_LOG_LEVEL", "INFO").lower()


class JsonAccessLogger(glogging.Logger):
    """gunicorn's access log as one JSON object per line, escaped by json (not by a format
    string, which would let a quote, backslash or line break in the path break the line)."""

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        status = str(atoms.get("s", "")).split(" ", 1)[0]
        record = {
            "timestamp": atoms.get("t"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": int(status) if status.isdigit() else status,
            "bytes": atoms.get("B"),
            "duration_ms": atoms.get("M"),
            "remote": atoms.get("h"),
        }
        try:
            self.access_log.info(json.dumps(record, ensure_ascii=False, default=str))
        except Exception:  # logging must never take a request down
            self.error(traceback.format_exc())


if env_str("ARENA_LOG_FORMAT", "json" if env_str("ARENA_ENV") == "production" else "text") == (
    "json"
):
    logger_class = JsonAccessLogger
# The forwarded headers are trusted only from the proxy on this machine (gunicorn's default);
# set FORWARDED_ALLOW_IPS for a proxy elsewhere.
