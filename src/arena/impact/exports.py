"""The impact figures as CSV, XLSX (openpyxl in write-only mode) and a printable PDF for funders."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook  # type: ignore[import-untyped]

from arena.impact.charts import COLOURS
from arena.impact.enums import Breakdown, Stage
from arena.impact.selectors import ImpactFigures, breakdown_label, flat_rows, key_figures
from arena.pilots.rendering import FONTS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A cell a spreadsheet never runs as a formula (names come from users)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


def filename(figures: ImpactFigures, extension: str) -> str:
    period = figures.period
    return f"effekter-{figures.scope.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(figures: ImpactFigures) -> Iterator[str]:
    """Semicolons and a byte-order mark, as Swedish Excel expects; yields line by line."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in flat_rows(figures):
        yield writer.writerow([_cell(value) for value in row])


def xlsx_bytes(figures: ImpactFigures) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Impact"))
    for row in flat_rows(figures):
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f} %"


def _table(pdf: FPDF, header: list[str], rows: Iterable[Sequence[Any]], widths: list[int]) -> None:
    pdf.set_font("DejaVu", "B", 8)
    for index, (text, width) in enumerate(zip(header, widths, strict=True)):
        pdf.cell(width, 6, text, border="B", align="L" if index == 0 else "R")
    pdf.ln()
    pdf.set_font("DejaVu", "", 9)
    for row in rows:
        for index, (value, width) in enumerate(zip(row, widths, strict=True)):
            pdf.cell(width, 6, str(value), align="L" if index == 0 else "R")
        pdf.ln()


def pdf_bytes(figures: ImpactFigures) -> bytes:
    """A two-page report: scope, period, funnel chart and table, key figures, breakdowns, method."""
    period = figures.period
    title = _("Impact report")
    pdf = FPDF(format="A4")
    pdf.set_title(f"{title}: {figures.scope.name}")
    pdf.set_creator("Arena")
    pdf.set_lang(get_language() or "sv")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, f"{title}: {figures.scope.name}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(
        0,
        6,
        _("Period: %(start)s – %(end)s. Produced %(today)s.")
        % {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "today": timezone.localdate().isoformat(),
        },
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 8, _("From challenge to contract"), new_x="LMARGIN", new_y="NEXT")
    _funnel_chart(pdf, figures)
    pdf.ln(2)
    _table(
        pdf,
        [
            _("Stage"),
            _("Challenges"),
            _("Items"),
            _("Conversion"),
            _("Of all"),
            _("Median days"),
        ],
        (
            [
                row.label,
                row.challenges,
                row.items,
                _percent(row.conversion),
                _percent(row.share),
                "–" if row.median_days is None else f"{row.median_days:g}",
            ]
            for row in figures.funnel
        ),
        [50, 25, 25, 25, 20, 25],
    )
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 8, _("Key figures"), new_x="LMARGIN", new_y="NEXT")
    _table(pdf, [_("Key figure"), _("Value")], key_figures(figures), [120, 50])
    pdf.add_page()
    stages = [Stage.CHALLENGE, Stage.MEETING, Stage.PILOT, Stage.PROCUREMENT, Stage.CONTRACT]
    for kind in Breakdown.values:
        rows = figures.breakdowns[kind][:10]
        if not rows:
            continue
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(
            0,
            8,
            _("By %(breakdown)s") % {"breakdown": breakdown_label(kind)},
            new_x="LMARGIN",
            new_y="NEXT",
        )
        _table(
            pdf,
            [breakdown_label(kind), *(str(stage.label) for stage in stages)],
            ([row.label[:34], *(row.counts[stage] for stage in stages)] for row in rows),
            [55, 23, 23, 23, 23, 23],
        )
        pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, _("Method"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, method_note(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _funnel_chart(pdf: FPDF, figures: ImpactFigures) -> None:
    """Horizontal bars drawn with fpdf2's rectangles, the same shape as the page's SVG chart."""
    largest = max((row.challenges for row in figures.funnel), default=0) or 1
    left, label_width, room, height = pdf.l_margin, 45, 110, 6
    pdf.set_font("DejaVu", "", 9)
    for row in figures.funnel:
        y = pdf.get_y()
        pdf.set_xy(left, y)
        pdf.cell(label_width, height, row.label)
        width = room * row.challenges / largest
        if width > 0:
            pdf.set_fill_color(*_rgb(COLOURS[row.stage]))
            pdf.rect(left + label_width, y + 0.8, width, height - 1.6, style="F")
        pdf.set_xy(left + label_width + width + 2, y)
        pdf.cell(20, height, str(row.challenges))
        pdf.set_xy(left, y + height + 1)


def method_note() -> str:
    return _(
        "The funnel follows the challenges of this scope that were first published in the period "
        "and counts how far each got by the end of the period. Matched: the matching engine suggests "
        "at least one solution. Met: on or after publication, an owner held a 1:1 meeting at an Arena "
        "event with a company matched to the challenge, pitching on it or in its project group. "
        "Followed up: such a meeting had a positive outcome or follow-up answer. Pilot: "
        "a pilot started or the challenge moved to the pilot stage. Procurement: a procurement was "
        "decided or the challenge moved to the procurement stage. Contract: a contract date is "
        "recorded on a pilot. Conversion is the share of the previous stage's challenges; times are "
        "medians in days. SMEs follow the EU size bands; first-time suppliers met a public buyer or "
        "started a pilot on Arena for the first time in the period. Only published data the reader "
        "may see is counted; confidential challenges of other organisations are left out."
    )
