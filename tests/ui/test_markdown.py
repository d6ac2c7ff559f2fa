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
