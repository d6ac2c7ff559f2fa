from django import template
from django.utils.safestring import SafeString, mark_safe

from arena.ui.markdown import markdown_excerpt, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str) -> SafeString:
    """Render user-written Markdown; the output is sanitised, so marking it safe is sound."""
    return mark_safe(render_markdown(value))  # noqa: S308


@register.filter(name="markdown_document")
def markdown_document_filter(value: str) -> SafeString:
    """Markdown that is the page's main text (a guide): its "##" headings stay h2."""
    return mark_safe(render_markdown(value, document=True))  # noqa: S308


@register.filter(name="markdown_excerpt")
def markdown_excerpt_filter(value: str, words: int) -> str:
    """`{{ text|markdown_excerpt:30 }}`: plain text of the first words, escaped like any text."""
    return markdown_excerpt(value, words=int(words))
