"""XML parsed safely: no DTDs, no entities, no network, bounded size.

A notice file never needs a DOCTYPE, so any DOCTYPE or ENTITY declaration is refused before
parsing (this also stops "billion laughs" expansion), and a document the parser found one in is
refused after; the parser itself resolves nothing.
"""

import re

from lxml import etree  # type: ignore[import-untyped]  # no lxml-stubs in the dev extra

from arena.notices.formats.types import FormatError

MAX_XML_BYTES = 20 * 1024 * 1024
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes) -> etree._Element:
    """The root element, or FormatError saying why the bytes are not acceptable XML."""
    if len(data) > MAX_XML_BYTES:
        raise FormatError(
            "", f"the file is larger than {MAX_XML_BYTES // (1024 * 1024)} MB, the limit for XML"
        )
    found = _DECLARATION.search(data)
    if found:
        line = data.count(b"\n", 0, found.start()) + 1
        raise FormatError(
            f"line {line}",
            "DOCTYPE and ENTITY declarations are not allowed in notice files",
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        raise FormatError(
            f"line {line}" if line else "", f"not well-formed XML: {error.msg}"
        ) from None
    if root is None:
        raise FormatError("", "the file holds no XML element")
    # The byte search above misses a declaration in another encoding (UTF-16 without a byte
    # order mark starts with "<" too), so what the parser saw is checked as well.
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise FormatError("", "DOCTYPE and ENTITY declarations are not allowed in notice files")
    return root


def local_name(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def namespace(element: etree._Element) -> str:
    return etree.QName(element).namespace or ""
