"""User text to safe HTML: Markdown without raw HTML, then an allow-list sanitiser as a second wall."""

import re

import nh3
from markdown_it import MarkdownIt

# "js-default" is CommonMark with raw HTML turned off: <script> arrives as visible text.
_HEADING = re.compile(r"<(/?)h([1-6])>")
_MARKDOWN = MarkdownIt("js-default", {"linkify": False, "typographer": False}).enable("table")
_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def render_markdown(text: str, *, document: bool = False) -> str:
    """Users' texts get headings from h3, as the page owns h1 and h2. A `document` (a guide: the
    page's main text under its title) keeps its levels from h2, so "## Steps" is an h2."""
    html = _MARKDOWN.render(text or "")
    shift, lowest = (0, 2) if document else (2, 3)
    html = _HEADING.sub(lambda m: f"<{m[1]}h{max(min(int(m[2]) + shift, 6), lowest)}>", html)
    return nh3.clean(
        html,
        tags=_TAGS | {"h2"} if document else _TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
