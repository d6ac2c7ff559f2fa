"""User text to safe HTML: Markdown without raw HTML, then an allow-list sanitiser as a second wall."""

import html
import re

import nh3
from django.utils.text import Truncator
from markdown_it import MarkdownIt

# "js-default" is CommonMark with raw HTML turned off: <script> arrives as visible text.
_HEADING = re.compile(r"<(/?)h([1-6])>")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TAG = re.compile(r"<[^>]*>")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:", re.MULTILINE)
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


def markdown_excerpt(text: str, *, words: int) -> str:
    """The first `words` words of user Markdown as plain text (not marked safe), for cards on lists.

    Only the leading blocks that hold those words are rendered: a list page shows twenty excerpts,
    and rendering each whole text cost more than the rest of the card. Markup counts as words in
    the source (list bullets, table pipes), so blocks are added until the *rendered* text has more
    than `words` words or the text ends. A text with reference-style link definitions is rendered
    whole: the definitions are usually at its end. The output of `render_markdown` is sanitised
    HTML, so dropping its tags with a pattern is sound here.
    """
    source = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    blocks = [source] if _REFERENCE_DEFINITION.search(source) else _BLANK_LINE.split(source)
    end, source_words, wanted = 0, 0, words
    while True:
        while end < len(blocks) and source_words <= wanted:
            source_words += len(blocks[end].split())
            end += 1
        plain = html.unescape(_TAG.sub("", render_markdown("\n\n".join(blocks[:end]))))
        if end >= len(blocks) or len(plain.split()) > words:
            return Truncator(plain).words(words, truncate=" …")  # as Django's truncatewords
        wanted = source_words + words
