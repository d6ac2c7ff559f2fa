"""Tender notices in API v1: public data, read-only."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from arena.api.pagination import Pagination
from arena.api.schemas import errors
from arena.notices import selectors
from arena.notices.enums import NoticeKind
from arena.notices.models import Notice
from arena.supply.selectors import cpv_branch

router = Router(tags=["notices"])


class NoticeLotOut(Schema):
    lot_id: str
    title: str
    description: str
    cpv_codes: list[str]
    nuts_codes: list[str]
    estimated_value: Decimal | None
    sme_suitable: bool | None


class RequirementOut(Schema):
    kind: str
    text: str
    lot: str = ""
    amount: float | None = None
    currency: str = ""
    standard: str = ""
    count: int | None = None


class NoticeOut(Schema):
    id: int
    source: str
    source_id: str
    kind: str
    subtype: str
    language: str
    title: str
    buyer_name: str
    country: str
    cpv_main: str
    published_on: date | None
    deadline: datetime | None
    estimated_value: Decimal | None
    currency: str
    is_innovation: bool
    is_green: bool
    is_social: bool
    sme_suitable: bool | None


class NoticeDetailOut(NoticeOut):
    procedure_id: str
    schema_version: str
    description: str
    translations: dict[str, dict[str, str]]
    buyer_identifier: str
    buyer_town: str
    buyer: str | None = Field(None, description="Slug of the buyer's organisation on Arena")
    contract_nature: str
    procedure_type: str
    cpv_codes: list[str]
    cpv_suggested: bool
    nuts_codes: list[str]
    requirements: list[RequirementOut]
    url: str
    lots: list[NoticeLotOut]

    @staticmethod
    def resolve_buyer(obj: Notice) -> str | None:
        return obj.buyer.slug if obj.buyer else None

    @staticmethod
    def resolve_cpv_codes(obj: Notice) -> list[str]:
        return [c.code for c in obj.cpv_codes.all()]

    @staticmethod
    def resolve_lots(obj: Notice) -> list[Any]:
        return list(obj.lots.all())


class Filters(Schema):
    q: str = Field("", max_length=200)
    cpv: str = Field("", pattern=r"^\d{0,8}$", description="A CPV code or its first digits")
    kind: NoticeKind | None = None
    open: bool = Field(False, description="Only notices whose deadline has not passed")


@router.get("/notices", response={200: list[NoticeOut], **errors(400, 422)})
@paginate(Pagination)
def notice_list(request: HttpRequest, filters: Query[Filters]) -> Any:
    """Imported tender notices, newest first."""
    return selectors.notice_list(
        query=filters.q,
        cpv=cpv_branch(filters.cpv),
        kind=filters.kind or "",
        open_only=filters.open,
    )


@router.get("/notices/{notice_id}", response={200: NoticeDetailOut, **errors(400, 404, 422)})
def notice_detail(request: HttpRequest, notice_id: int) -> Any:
    return selectors.notice_get(pk=notice_id)
