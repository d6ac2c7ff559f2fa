from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """limit 1–100 and a bounded offset: a number past what a database integer holds is a 422, not a 500."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=100)
        offset: int = Field(0, ge=0, le=1_000_000_000)
