import pytest
from django.core.exceptions import ValidationError

from arena.organisations.validators import normalise_org_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("212000-0142", "212000-0142"),
        ("2120000142", "212000-0142"),
        (" 556016 0680 ", "556016-0680"),
    ],
)
def test_normalise_org_number_accepts_valid_forms(raw, expected):
    assert normalise_org_number(raw) == expected


@pytest.mark.parametrize("raw", ["212000-0143", "12345", "abcdef-ghij", "", "21200001420"])
def test_normalise_org_number_rejects_invalid(raw):
    with pytest.raises(ValidationError) as error:
        normalise_org_number(raw)
    assert error.value.code == "invalid_org_number"
