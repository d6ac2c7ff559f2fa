import pytest

from arena.demo.notices import demo_notices_load
from arena.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_demo_notices_load_is_idempotent():
    first = demo_notices_load()
    count = Notice.objects.count()
    assert first == count == 330
    assert Notice.objects.filter(source="eforms").count() == 2
    assert demo_notices_load() == 330
    assert Notice.objects.count() == count
