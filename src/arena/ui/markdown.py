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


def render_markdown(text: str) -> str:
    html = _MARKDOWN.render(text or "")
    # Headings the author writes start at h3: the page owns h1 and h2.
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
