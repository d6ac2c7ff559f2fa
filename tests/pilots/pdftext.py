"""Just enough PDF reading to get the text back out of an fpdf2 file with an embedded font.

pypdf is not a dependency, and fpdf2 writes embedded-font text as glyph ids, so the names of the
parties cannot be found in the bytes directly. This reads each font's ToUnicode map and decodes
the `Tj` strings of the page streams with the font selected by the preceding `Tf`.
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
SHOW = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.S)


def _stream(body: bytes) -> bytes:
    match = STREAM.search(body)
    if match is None:
        return b""
    data = match.group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _unescape(raw: bytes) -> bytes:
    return re.sub(
        rb"\\(.)",
        lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1)),
        raw,
    )


def pdf_text(data: bytes) -> str:
    objects = {int(n): body for n, body in OBJECT.findall(data)}
    names: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            font = objects[int(ref)]
            unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if unicode_ref is None:
                continue
            cmap = _stream(objects[int(unicode_ref.group(1))])
            names[name] = {
                int(gid, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
                for gid, text in BFCHAR.findall(cmap)
            }
    lines = []
    for body in objects.values():
        if b"/Length" not in body or b"/Subtype" in body or b"/ToUnicode" in body:
            continue
        content = _stream(body)
        font: dict[int, str] = {}
        for font_name, raw in SHOW.findall(content):
            if font_name:
                font = names.get(font_name, {})
                continue
            glyphs = _unescape(raw)
            lines.append(
                "".join(
                    font.get(int.from_bytes(glyphs[i : i + 2]), "?")
                    for i in range(0, len(glyphs), 2)
                )
            )
    return "\n".join(lines)
