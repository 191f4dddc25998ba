"""Result documents generated from the procedure's template: the national heading with the register's
number ("Số: 12/GKS-UBND"), the result's name as the title, the legal bases, the officer's text, the case the
applicant declared in the e-form (`result_templates`), and an empty signature zone at the bottom right of
the last page where the leader's signature and the seal go.

The content is gathered from the database first (`result_content`), then rendered without it
(`render_result`), so no transaction is open while the PDF is drawn. Rendering is deterministic — the
PDF's creation date is the issue date — so the officer's preview is byte for byte the draft that is sent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from fpdf import XPos, YPos

from wardportal.approvals import result_templates
from wardportal.approvals.outgoing_numbers import ResultNumber
from wardportal.dossiers import receipts, slips
from wardportal.dossiers.models import Dossier
from wardportal.kernel.times import VIETNAM_TZ, in_vietnam

# pdf_signatures.signature_boxes puts the signatures in the last page's bottom 190 pt (about 67 mm)
SIGNATURE_ZONE_MM = 72.0
_TRAILING = " \t.,;:"
_BULLETS = " \t-–—•*+"
# a result field names its documents "A (note); B nếu có yêu cầu." or "A và B": the first one is the title
_JOINED = re.compile(r";|\s(?:và|hoặc)\s+(\w)")
_NOTE = re.compile(r"\s*\([^)]*\)")
BASIS_BLOCK_STARTS = ("Căn cứ", "Xét ", "Theo đề nghị")


def clean_title(result_name: str) -> str:
    """The first document a result field names, without its notes: "Giấy khai sinh (bản chính); bản sao
    Giấy khai sinh nếu có yêu cầu." gives "Giấy khai sinh"."""
    name = result_name or ""
    # "A và B", "A hoặc B" join two documents when B is a name (capitalised), not "chấp thuận hoặc không"
    cut = next((m.start() for m in _JOINED.finditer(name) if m.group(1) is None or m.group(1).isupper()),
               len(name))
    first = name[:cut]
    return " ".join(_NOTE.sub("", first).split()).strip(_TRAILING)


def default_title(dossier: Dossier) -> str:
    """The result's name as the procedure states it, cleaned, else a generic one."""
    snapshot = dossier.procedure_snapshot or {}
    return clean_title(snapshot.get("result", "")) or f"Kết quả giải quyết thủ tục {snapshot.get('title', '')}".strip()


def legal_bases(legal_basis: str, *, last: bool = True) -> list[str]:
    """The procedure's legal bases as Decree 30 writes them: one "Căn cứ …;" line each, the block's last line
    ending with a full stop (``last=False`` when a line follows them in the block: "Xét hồ sơ …").

    The procedure lists them one a line or separated by ";", bulleted or not, with their own punctuation:
    that is stripped before the single ";" is added, so nothing doubles.
    """
    bases = []
    for item in re.split(r"[;\n]", legal_basis or ""):
        text = " ".join(item.strip(_BULLETS).split()).strip(_TRAILING)
        if not text:
            continue
        if text.lower().startswith("căn cứ"):
            text = text[len("căn cứ"):].strip(_TRAILING)
        if text:
            bases.append(f"Căn cứ {text};")
    if last and bases:
        bases[-1] = bases[-1][:-1] + "."
    return bases


def default_body(dossier: Dossier) -> str:
    """The text the officer starts from: the legal bases, the dossier considered, and what the ward does —
    the procedure's template sentence (its case is printed below it), else a generic decision."""
    snapshot = dossier.procedure_snapshot or {}
    legal_basis = dossier.procedure.legal_basis if dossier.procedure is not None else ""
    lines = legal_bases(legal_basis, last=False)
    lines.append(f"Xét hồ sơ số {dossier.code} của ông/bà {dossier.applicant_name}, nộp ngày "
                 f"{in_vietnam(dossier.submitted_at):%d/%m/%Y}, về thủ tục {snapshot.get('title', '')}.")
    template = result_templates.template_of(dossier)
    if template is not None:
        lines.append(template.intro.format(ward=dossier.ward.name))
    else:
        lines.append(f"Ủy ban nhân dân {dossier.ward.name} xác nhận/giải quyết cho ông/bà {dossier.applicant_name}, "
                     f"số định danh cá nhân {dossier.applicant_id_number}, thường trú tại {dossier.applicant_address}.")
    return "\n".join(lines)


@dataclass(frozen=True)
class ResultContent:
    """Everything printed on a result: plain values, no database rows."""

    ward: slips.WardInfo
    number: ResultNumber
    title: str
    body: str
    case: list[tuple[str, list[tuple[str, str]]]]  # the e-form answers: [(heading, [(label, value)])]
    closing: str
    dossier_code: str
    applicant_name: str


def result_content(dossier: Dossier, *, title: str, body: str, number: ResultNumber) -> ResultContent:
    """What the dossier's result prints, with the officer's title and text and the register's number."""
    ward = receipts.ward_info(dossier.ward)
    # Decree 30's heading names the issuing body: the ward's People's Committee, not the one-stop desk
    issuer = replace(ward, name="Ủy ban nhân dân", unit=dossier.ward.name)
    template = result_templates.template_of(dossier)
    case = (result_templates.printed_sections(template, result_templates.answers_of(dossier))
            if template is not None else [])
    return ResultContent(ward=issuer, number=number, title=title.strip(), body=body, case=case,
                         closing=template.closing if template is not None else "", dossier_code=dossier.code,
                         applicant_name=dossier.applicant_name)


def render_result(content: ResultContent) -> bytes:
    """The unsigned result PDF (A4, Vietnamese font), the same bytes for the same content."""
    pdf = slips._SlipPdf(content.title)  # the slips' page set-up: fonts, margins, heading helpers
    pdf.set_creation_date(dt.datetime.combine(content.number.issued_on, dt.time(), tzinfo=VIETNAM_TZ))
    pdf.set_auto_page_break(True, margin=SIGNATURE_ZONE_MM)
    pdf.heading(content.ward, content.number.text, content.number.issued_on)
    pdf.title_block(slips.nfc(content.title).upper())
    for paragraph in content.body.splitlines():
        if paragraph.strip():
            # Decree 30 prints the bases block (the bases and what is considered) in italics
            style = "I" if paragraph.strip().startswith(BASIS_BLOCK_STARTS) else ""
            pdf.line_text(paragraph.strip(), 11, style, "J", height=6)
    for heading, lines in content.case:
        pdf.ln(1)
        if heading:
            pdf.line_text(heading, 11, "B", height=6)
        for label, value in lines:
            pdf.labelled(label, value)
    if content.closing:
        pdf.ln(1)
        pdf.line_text(content.closing, 11, "", "J", height=6)
    # the signature zone holds the leader's title, signature, seal and name (drawn when signing) at the right,
    # the recipients and the dossier's code at the left
    if pdf.get_y() > slips.PAGE_H - SIGNATURE_ZONE_MM - 2:
        pdf.add_page()
    pdf.set_auto_page_break(False)
    pdf.set_xy(slips.MARGIN, slips.PAGE_H - SIGNATURE_ZONE_MM + 8)
    pdf.font(9, "B")
    pdf.multi_cell(70, 5, slips.nfc("Nơi nhận:"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(9)
    pdf.multi_cell(70, 5, slips.nfc(f"- Ông/bà {content.applicant_name};\n- Lưu: VT, BPMC."),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.font(9, "I")
    pdf.multi_cell(70, 5, slips.nfc(f"Mã hồ sơ: {content.dossier_code}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.finish()
