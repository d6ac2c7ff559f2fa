"""JSON the decoder refuses for other reasons than its syntax is a problem, never a crash."""

import pytest

from arena.notices.formats.detect import parse_file

DEEP = b"[" * 100_000 + b"]" * 100_000
LONG_INTEGER = b'{"ocid": "ocds-1", "tender": {"value": {"amount": ' + b"9" * 5000 + b"}}}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (DEEP, "not valid JSON: nested too deeply"),
        (b'{"a": ' + b"[" * 100_000, "not valid JSON: nested too deeply"),
        (LONG_INTEGER, "not valid JSON: a number has too many digits"),
    ],
)
def test_json_the_decoder_refuses_is_a_problem(data, message):
    result = parse_file(data, file="evil.json")

    assert result.notices == []
    assert [(e.position, e.message) for e in result.errors] == [("", message)]


def test_json_lines_the_decoder_refuses_name_their_line():
    good = b'{"ocid": "ocds-1", "id": "1", "tag": ["tender"], "tender": {"title": "Skolmat"}}'
    data = b"\n".join([good, LONG_INTEGER, b'{"a": ' + b"[" * 100_000])

    result = parse_file(data, file="evil.jsonl")

    assert [(e.position, e.message) for e in result.errors] == [
        ("line 2", "not valid JSON: a number has too many digits"),
        ("line 3", "not valid JSON: nested too deeply"),
    ]
