import io

import pytest

from arena.progress import terminal_progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_progress_on_a_terminal_counts_and_ends_the_line_after_an_error():
    out = _Terminal()

    def count_then_fail() -> None:
        with terminal_progress(out) as progress:
            progress(1, 3)
            progress(2, 3)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        count_then_fail()
    assert out.getvalue() == "\r1/3\r2/3\n"


def test_terminal_progress_off_a_terminal_writes_nothing():
    out = io.StringIO()
    with terminal_progress(out) as progress:
        progress(1, 1)
    assert out.getvalue() == ""
