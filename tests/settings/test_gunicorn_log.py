"""gunicorn's JSON access log stays one valid JSON object per line whatever the path holds
(quotes, backslashes, encoded line breaks). Runs a real gunicorn."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_access_log_lines_stay_valid_json(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "ARENA_LOG_FORMAT": "json",
        "ARENA_BIND": f"127.0.0.1:{port}",
        "ARENA_WEB_WORKERS": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "arena.settings",
    }
    env.pop("DJANGO_SETTINGS_MODULE")
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", "python:arena.settings.gunicorn"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        for target in ("/healthz", "/x%5C%22", "/a%0A%7B%7D"):
            with socket.create_connection(("127.0.0.1", port)) as s:
                s.sendall(
                    f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
                )
                s.recv(100)
        time.sleep(0.5)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    lines = [line for line in out.decode().splitlines() if line.strip()]
    assert len(lines) == 3, lines
    for line in lines:
        json.loads(line)
