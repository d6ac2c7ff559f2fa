import shutil

import pytest

from arena.knowledge.content import CONTENT_DIR
from arena.knowledge.models import Guide
from arena.knowledge.services import GuideContentError, guides_load_shipped
from tests.factories.knowledge import GuideFactory

pytestmark = pytest.mark.django_db


def test_guides_load_shipped_creates_then_changes_nothing():
    first = guides_load_shipped()
    assert first.created == Guide.objects.count() > 0
    again = guides_load_shipped()
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created


def test_guides_load_shipped_refreshes_an_edited_file(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    guides_load_shipped(directory=tmp_path)
    path = sorted(tmp_path.glob("*.md"))[0]
    path.write_text(path.read_text().replace("<!-- en -->", "Ny mening.\n<!-- en -->"))
    report = guides_load_shipped(directory=tmp_path)
    assert report.updated == 1
    assert "Ny mening." in Guide.objects.get(slug=path.stem).body_sv


def test_guides_load_shipped_with_one_bad_file_changes_nothing(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "broken.md").write_text("---\nslug: broken\n---\n")
    with pytest.raises(GuideContentError) as raised:
        guides_load_shipped(directory=tmp_path)
    assert any("broken.md" in p for p in raised.value.problems)
    assert not Guide.objects.exists()


def test_guides_load_shipped_never_overwrites_a_guide_staff_wrote():
    slug = sorted(CONTENT_DIR.glob("*.md"))[0].stem
    GuideFactory(slug=slug, title_sv="Personalens egen", is_shipped=False)
    report = guides_load_shipped()
    assert slug in report.skipped
    assert Guide.objects.get(slug=slug).title_sv == "Personalens egen"
