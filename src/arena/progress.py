"""A done/total counter on the terminal for long commands, silent when stderr is not a terminal
(cron, CI, pipes), so logs and mails stay short."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


@contextmanager
def terminal_progress(stream: TextIO | None = None) -> Iterator[Callable[[int, int], None]]:
    """Yield `progress(done, total)`; the line is ended on the way out, also after an error."""
    out = stream or sys.stderr
    shown = False

    def progress(done: int, total: int) -> None:
        nonlocal shown
        if out.isatty():
            out.write(f"\r{done}/{total}")
            out.flush()
            shown = True

    try:
        yield progress
    finally:
        if shown:
            out.write("\n")
