import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext

from arena.matching.embed import E5Embedder
from arena.notices.models import Notice
from arena.reference.models import CpvExample
from tests.notices.conftest import EFORMS, OCDS, TED

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("notices", "import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_files_and_directories(tmp_path):
    shutil.copy(EFORMS / "cn_24_minimal.xml", tmp_path / "cn.xml")
    out, err = _run(str(tmp_path), str(OCDS / "release_package.json"), "--no-suggest")
    assert err == ""
    assert Notice.objects.count() == 2
    expected = gettext("%(path)s: %(created)d created, %(updated)d updated") % {
        "path": tmp_path / "cn.xml",
        "created": 1,
        "updated": 0,
    }
    assert expected in out
    assert "2 " in out.splitlines()[-1]


def test_reimport_reports_updates():
    _run(str(TED / "083980-2022.xml"), "--no-suggest")
    out, _err = _run(str(TED / "083980-2022.xml"), "--no-suggest")
    expected = gettext("%(path)s: %(created)d created, %(updated)d updated") % {
        "path": TED / "083980-2022.xml",
        "created": 0,
        "updated": 1,
    }
    assert expected in out
    assert Notice.objects.count() == 1


def test_rejected_file_exits_1_and_lists_every_problem(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<ContractNotice/>')
    good = tmp_path / "good.xml"
    shutil.copy(EFORMS / "cn_24_minimal.xml", good)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "notices", "import", str(bad), str(good), "--no-suggest", stdout=out, stderr=err
        )
    assert raised.value.returncode == 1
    assert "line 2: DOCTYPE and ENTITY declarations are not allowed" in err.getvalue()
    assert str(bad) in err.getvalue()
    assert Notice.objects.count() == 1  # the good file still imported


def test_no_files_is_an_error(tmp_path):
    with pytest.raises(CommandError) as raised:
        _run(str(tmp_path))
    assert raised.value.returncode == 1


def test_unreadable_files_are_reported_and_the_others_import(tmp_path):
    (tmp_path / "a_deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (tmp_path / "b_doctype.xml").write_bytes(
        '<?xml version="1.0" encoding="UTF-16LE"?>\n<!DOCTYPE TED_EXPORT>\n<TED_EXPORT/>'.encode(
            "utf-16-le"
        )
    )
    shutil.copy(EFORMS / "cn_24_minimal.xml", tmp_path / "c_good.xml")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("notices", "import", str(tmp_path), "--no-suggest", stdout=out, stderr=err)

    assert raised.value.returncode == 1
    assert "not valid JSON: nested too deeply" in err.getvalue()
    assert "DOCTYPE and ENTITY declarations are not allowed in notice files" in err.getvalue()
    assert Notice.objects.count() == 1


def test_cpv_examples_keeps_and_embeds_the_stored_notices(settings, all_cpv_codes):
    _run(str(EFORMS / "cn_24_maximal.xml"), "--no-suggest")
    CpvExample.objects.all().delete()
    settings.ARENA_CPV_SEMANTIC = False
    out = StringIO()
    call_command("notices", "cpv-examples", stdout=out)
    forms = CpvExample.objects.count()
    assert forms >= 1
    assert not CpvExample.objects.filter(vector__isnull=False).exists()
    assert "ARENA_CPV_SEMANTIC" in out.getvalue()
    assert str(forms) in out.getvalue()
    settings.ARENA_CPV_SEMANTIC = True  # the real model embeds them
    out = StringIO()
    call_command("notices", "cpv-examples", stdout=out)
    assert set(CpvExample.objects.values_list("model", flat=True)) == {E5Embedder.name}
    expected = gettext("%(count)d examples waited for a vector; %(embedded)d embedded.")
    assert expected % {"count": 0, "embedded": forms} in out.getvalue()
