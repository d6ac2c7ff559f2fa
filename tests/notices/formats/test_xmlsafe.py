import pytest

from arena.notices.formats import xmlsafe
from arena.notices.formats.detect import parse_file
from arena.notices.formats.types import FormatError

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<ContractNotice>&lol3;</ContractNotice>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TED_EXPORT>&xxe;</TED_EXPORT>
"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_doctype_and_entities_are_refused(data):
    result = parse_file(data, file="evil.xml")
    assert result.notices == []
    assert len(result.errors) == 1
    assert result.errors[0].position == "line 2"
    assert "DOCTYPE and ENTITY declarations are not allowed" in result.errors[0].message


def test_not_well_formed_xml_names_the_line():
    result = parse_file(b"<?xml version='1.0'?>\n<ContractNotice>\n<a></b>\n", file="bad.xml")
    assert result.errors[0].position == "line 3"
    assert result.errors[0].message.startswith("not well-formed XML")


def test_size_is_bounded(monkeypatch):
    monkeypatch.setattr(xmlsafe, "MAX_XML_BYTES", 100)
    with pytest.raises(FormatError, match="larger than"):
        xmlsafe.parse_xml(b"<a>" + b"x" * 200 + b"</a>")


def test_unknown_root_is_refused():
    result = parse_file(b"<rss version='2.0'><channel/></rss>", file="feed.xml")
    assert result.errors[0].position == "/rss"
    assert "unknown root element 'rss'" in result.errors[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7 binary", "neither XML nor JSON"),
        (b'{"releases": [}', "not valid JSON"),
    ],
)
def test_neither_xml_nor_json(data, message):
    result = parse_file(data, file="x")
    assert message in result.errors[0].message


UTF16_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-16LE"?>\n'
    '<!DOCTYPE ContractNotice [<!ENTITY a "b">]>\n'
    '<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">'
    "&a;</ContractNotice>"
).encode("utf-16-le")


def test_doctype_the_byte_search_misses_is_refused_after_parsing():
    # UTF-16 without a byte order mark starts with "<" but hides "<!DOCTYPE" from a byte search.
    with pytest.raises(FormatError, match="DOCTYPE and ENTITY declarations are not allowed"):
        xmlsafe.parse_xml(UTF16_DOCTYPE)

    result = parse_file(UTF16_DOCTYPE, file="evil.xml")
    assert result.notices == []
    assert [e.message for e in result.errors] == [
        "DOCTYPE and ENTITY declarations are not allowed in notice files"
    ]


def test_doctype_without_entities_in_utf16_is_refused():
    data = '<?xml version="1.0" encoding="UTF-16BE"?><!DOCTYPE TED_EXPORT><TED_EXPORT/>'.encode(
        "utf-16-be"
    )

    with pytest.raises(FormatError, match="DOCTYPE"):
        xmlsafe.parse_xml(data)
