from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def normalise_org_number(value: str) -> str:
    """NNNNNN-NNNN from any spacing or dashes, after checking length, digits and the Luhn check digit."""
    try:
        digits = orgnr.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _(
                "%(value)s is not a valid Swedish organisation number: it has ten digits "
                "(NNNNNN-NNNN) and the last is a check digit."
            ),
            code="invalid_org_number",
            params={"value": value},
        ) from error
    return orgnr.format(digits)


def validate_org_number(value: str) -> None:
    normalise_org_number(value)
