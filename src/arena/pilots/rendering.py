"""Turn an `Agreement` into DOCX (python-docx) or PDF (fpdf2) bytes.

The PDF embeds DejaVu Sans, shipped in pilots/data/fonts with its licence, because fpdf2's core
fonts cover only Latin-1: Swedish letters would fit, but the typographic quotes, dashes and the
checkbox of the DPA checklist, and names typed by users, would not.
"""

import io
import logging
from pathlib import Path

import docx
from fpdf import FPDF

from arena.pilots.agreements import Agreement

FONTS = Path(__file__).parent / "data" / "fonts"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"

# fpdf2 subsets the embedded font with fontTools, which logs every glyph it keeps at INFO.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


def _signature_label(agreement: Agreement) -> str:
    return "Underskrifter" if agreement.language == "sv" else "Signatures"


def _place_date(agreement: Agreement) -> str:
    return "Ort och datum" if agreement.language == "sv" else "Place and date"


def docx_render(agreement: Agreement) -> bytes:
    document = docx.Document()
    document.core_properties.title = agreement.title
    document.core_properties.language = agreement.language
    document.add_heading(agreement.title, level=0)
    document.add_paragraph().add_run(agreement.preamble).italic = True
    for section in agreement.sections:
        document.add_heading(section.heading, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
    document.add_heading(_signature_label(agreement), level=1)
    for name in agreement.signature_names:
        document.add_paragraph(
            f"{name}\n\n{_place_date(agreement)}: ____________________\n\n"
            "______________________________"
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_render(agreement: Agreement) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(agreement.title)
    pdf.set_subject(", ".join(party.name for party in agreement.parties))
    pdf.set_creator("Arena")
    pdf.set_lang(agreement.language)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 10, agreement.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, agreement.preamble, new_x="LMARGIN", new_y="NEXT")
    for section in agreement.sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 7, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, _signature_label(agreement), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for name in agreement.signature_names:
        pdf.ln(4)
        pdf.multi_cell(0, 5, name, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(
            0, 8, f"{_place_date(agreement)}: ____________________", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.multi_cell(0, 8, "______________________________", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
