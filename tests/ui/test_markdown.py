import html

import pytest
from django.template import Context, Template

from arena.ui.markdown import render_markdown


def test_render_markdown_for_user_text_starts_headings_at_h3():
    assert render_markdown("# A\n\n## B\n").split("\n")[:2] == ["<h3>A</h3>", "<h4>B</h4>"]


def test_render_markdown_for_a_document_keeps_h2_and_never_makes_h1():
    html = render_markdown("# Title\n\n## Steps\n\n### Detail\n", document=True)
    assert html.split("\n")[:3] == ["<h2>Title</h2>", "<h2>Steps</h2>", "<h3>Detail</h3>"]


def test_render_markdown_drops_raw_html_and_scripts():
    html = render_markdown("<script>alert(1)</script>\n\n[x](javascript:alert(1))", document=True)
    assert "<script>" not in html
    assert "href" not in html


EXCERPT_TEXTS = [
    "Vi erbjuder en **digital plattform** för [kök](https://example.se) & skolor.\n\n"
    "- Vågar\n- Prognoser per kök och dag\n\n" + "Lång mening med många ord " * 20,
    "# Rubrik\n\nKort text med `kod` och <script>alert(1)</script> som text.",
    "En rad\nsom bryts\n\n\n\nefter tomrader " + "ord " * 40,
    "",
    "\n".join(f"- punkt{i}" for i in range(20)) + "\n\nSedan kommer en lång text " + "ord " * 30,
    "| a | b |\n|---|---|\n"
    + "\n".join("| x | y |" for _ in range(12))
    + "\n\nEfter tabellen " * 5,
    "Se [plattformen][1] och [mer][2].\n\n"
    + "Text " * 40
    + "\n\n[1]: https://a.se\n[2]: https://b.se",
    "Rad ett\r\n\r\nRad två med citat \"så här\" och 'så' & <taggar>\r\n\r\n" + "ord " * 40,
    "```\nkod\n\nmer kod\n```\n\n" + "# Rubrik\n\n---\n\n" + "ord " * 40,
]


@pytest.mark.parametrize("text", EXCERPT_TEXTS)
def test_markdown_excerpt_equals_rendering_the_whole_text_then_stripping(text):
    whole = Template("{% load arena_text %}{{ text|markdown|striptags|truncatewords:30 }}")
    excerpt = Template("{% load arena_text %}{{ text|markdown_excerpt:30 }}")
    context = Context({"text": text})

    # The same visible text (entities may be spelled differently: &#x27; and &#39;).
    assert html.unescape(excerpt.render(context)) == html.unescape(whole.render(context))


def test_markdown_excerpt_escapes_what_the_user_wrote():
    out = Template("{% load arena_text %}{{ text|markdown_excerpt:5 }}").render(
        Context({"text": "Se <b>här</b> & där"})
    )

    assert "<b>" not in out
    assert "&lt;b&gt;här&lt;/b&gt; &amp; där" in out
