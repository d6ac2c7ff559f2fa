"""The JSON log line: timestamp, level, logger, message, and the request's path and status."""

import logging
from typing import Any

from pythonjsonlogger.json import JsonFormatter


class ArenaJsonFormatter(JsonFormatter):
    def add_fields(
        self, log_record: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_record, record, message_dict)
        # Django's request loggers attach the whole request (or the server's socket): only its
        # method and path belong in a log line, never its headers, cookies or body.
        request = log_record.pop("request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            log_record["path"] = path
            log_record["method"] = getattr(request, "method", None)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            log_record["status"] = status
        log_record.pop("status_code", None)
        log_record.pop("server_time", None)
