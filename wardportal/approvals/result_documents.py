"""Result documents generated from the procedure's template: the national heading, the result's name as the
title (the procedure's "kết quả thực hiện"), its legal basis, the applicant, the officer's text, and an empty
signature zone at the bottom right of the last page where the leader's signature and the seal go."""

from __future__ import annotations

import datetime as dt

from fpdf import XPos, YPos

from wardportal.dossiers import receipts, slips
from wardportal.dossiers.models import Dossier
from wardportal.kernel.times import in_vietnam

# pdf_signatures.signature_boxes puts the signatures in the last page's bottom 190 pt (about 67 mm)
SIGNATURE_ZONE_MM = 72.0


def default_title(dossier: Dossier) -> str:
    """The result's name as the procedure states it, else a generic one."""
    snapshot = dossier.procedure_snapshot or {}
    return (snapshot.get("result") or f"Kết quả giải quyết thủ tục {snapshot.get('title', '')}").strip()


def default_body(dossier: Dossier) -> str:
    """The text the officer starts from: the procedure's legal basis and the decision for this applicant."""
    snapshot = dossier.procedure_snapshot or {}
    legal_basis = dossier.procedure.legal_basis if dossier.procedure is not None else ""
    basis = [line.strip(" -•") for line in (legal_basis or "").splitlines() if line.strip()]
    lines = [f"Căn cứ {b[0].lower() + b[1:]};" if b and not b.lower().startswith("căn cứ") else b for b in basis[:6]]
    lines.append(f"Xét hồ sơ số {dossier.code} của ông/bà {dossier.applicant_name}, nộp ngày "
                 f"{in_vietnam(dossier.submitted_at):%d/%m/%Y}, về thủ tục {snapshot.get('title', '')},")
    lines.append(f"Ủy ban nhân dân xác nhận/giải quyết cho ông/bà {dossier.applicant_name}, "
                 f"số định danh cá nhân {dossier.applicant_id_number}, thường trú tại {dossier.applicant_address}.")
    return "\n".join(lines)


def render_result(dossier: Dossier, *, title: str, body: str, issued: dt.date) -> bytes:
    """The unsigned result PDF (A4, Vietnamese font)."""
    ward = receipts.ward_info(dossier.ward)
    pdf = slips._SlipPdf(title)  # the slips' page set-up: fonts, margins, heading helpers
    pdf.set_auto_page_break(True, margin=SIGNATURE_ZONE_MM)
    pdf.heading(ward, "……/UBND", issued)
    pdf.title_block(slips.nfc(title).upper())
    for paragraph in body.splitlines():
        if paragraph.strip():
            pdf.line_text(paragraph.strip(), 11, "", "J", height=6.5)
    pdf.ln(2)
    pdf.line_text(f"Mã hồ sơ: {dossier.code}", 10, "I")
    # the signature zone holds the leader's title, signature, seal and name (drawn when signing)
    if pdf.get_y() > slips.PAGE_H - SIGNATURE_ZONE_MM - 4:
        pdf.add_page()
    pdf.set_auto_page_break(False)
    pdf.set_xy(slips.MARGIN, slips.PAGE_H - SIGNATURE_ZONE_MM + 8)
    pdf.font(9, "B")
    pdf.multi_cell(70, 5, slips.nfc("Nơi nhận:"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(9)
    pdf.multi_cell(70, 5, slips.nfc(f"- Ông/bà {dossier.applicant_name};\n- Lưu: VT, BPMC."),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.finish()
