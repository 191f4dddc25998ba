"""The official declaration (tờ khai) made from an online application's e-form answers, as a PDF.

Rendered with the receipts' fpdf2 layer and Be Vietnam Pro font, stored once with the dossier as a
DossierFile of kind "declaration", shown to officers beside the attachments and usable for the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wardportal.dossiers import files as dossier_files
from wardportal.dossiers.models import Dossier, DossierFile
from wardportal.dossiers.receipts import ward_info
from wardportal.dossiers.slips import CONTENT_W, MARGIN, _SlipPdf, date_time, long_date
from wardportal.kernel.extensions import db
from wardportal.kernel.times import in_vietnam

KIND = "declaration"
COMMITMENT = ("Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp "
              "luật về cam đoan của mình.")


@dataclass(frozen=True)
class Declaration:
    """Everything printed on the declaration: plain values, no database rows."""

    title: str
    legal_form: str
    addressee: str
    place: str
    dossier_code: str
    submitted_at: datetime  # local time
    applicant: list[tuple[str, str]]
    answers: list[tuple[str, str]]  # question text, "Có"/"Không"
    rows: list[dict]  # {"label", "section", "value"}
    applicant_name: str


def declaration_of(dossier: Dossier) -> Declaration | None:
    """The declaration's content for a dossier with e-form answers, else None."""
    extra = dossier.extra_fields or {}
    rows = extra.get("eform") or []
    if not rows:
        return None
    snapshot = dossier.procedure_snapshot or {}
    texts = {q["key"]: q["text"] for q in snapshot.get("questions", [])}
    ward = ward_info(dossier.ward)
    return Declaration(
        title=snapshot.get("eform_title") or f"Tờ khai {snapshot.get('title', '')}",
        legal_form=snapshot.get("eform_legal_form", ""), addressee=ward.name, place=ward.place,
        dossier_code=dossier.code,
        submitted_at=in_vietnam(dossier.submitted_at).replace(tzinfo=None),
        applicant=[("Họ, chữ đệm, tên người yêu cầu", dossier.applicant_name),
                   ("Số định danh cá nhân", dossier.applicant_id_number),
                   ("Nơi cư trú", dossier.applicant_address), ("Số điện thoại", dossier.applicant_phone)],
        answers=[(texts.get(key, key), "Có" if value == "yes" else "Không")
                 for key, value in (extra.get("questions") or {}).items()],
        rows=rows, applicant_name=dossier.applicant_name)


def render_declaration(declaration: Declaration) -> bytes:
    """The declaration PDF: national heading, addressee, applicant, answers by section, commitment."""
    pdf = _SlipPdf(declaration.title)
    pdf.line_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, "B", "C", height=5)
    pdf.line_text("Độc lập - Tự do - Hạnh phúc", 11, "B", "C", height=5)
    y = pdf.get_y()
    pdf.line(MARGIN + CONTENT_W / 2 - 25, y, MARGIN + CONTENT_W / 2 + 25, y)
    pdf.ln(5)
    pdf.title_block(declaration.title.upper(), declaration.legal_form or None)
    pdf.line_text(f"Kính gửi: {declaration.addressee}", 11, "B", "C")
    pdf.ln(2)
    for label, value in declaration.applicant:
        pdf.labelled(label, value or "—")
    if declaration.answers:
        pdf.ln(1)
        for question, answer in declaration.answers:
            pdf.labelled(question, answer)
    section = None
    for row in declaration.rows:
        if row.get("section") and row["section"] != section:
            section = row["section"]
            pdf.ln(2)
            pdf.line_text(section, 11, "B")
        pdf.labelled(row["label"], row["value"] or "—")
    pdf.ln(3)
    pdf.line_text(COMMITMENT, 10.5, "I")
    pdf.ln(3)
    half = CONTENT_W / 2
    if pdf.get_y() > 250:
        pdf.add_page()
    pdf.set_x(MARGIN + half)
    pdf.line_text(f"{declaration.place}, {long_date(declaration.submitted_at.date())}", 10.5, "I", "C", half)
    pdf.set_x(MARGIN + half)
    pdf.line_text("NGƯỜI YÊU CẦU", 10.5, "B", "C", half, 5)
    pdf.set_x(MARGIN + half)
    pdf.line_text("(Khai và nộp trực tuyến)", 9.5, "I", "C", half, 5)
    pdf.ln(6)
    pdf.set_x(MARGIN + half)
    pdf.line_text(declaration.applicant_name, 10.5, "B", "C", half)
    pdf.ln(4)
    pdf.line_text(f"Mã hồ sơ {declaration.dossier_code} · nộp lúc {date_time(declaration.submitted_at)} "
                  "qua Cổng dịch vụ công của phường, xã.", 9, "I")
    return pdf.finish()


def stored_declaration(dossier: Dossier) -> DossierFile | None:
    """The dossier's declaration file, if it was made."""
    return db.session.scalar(db.select(DossierFile).where(
        DossierFile.dossier_id == dossier.id, DossierFile.kind == KIND).order_by(DossierFile.id).limit(1))


def issue_declaration(dossier: Dossier) -> DossierFile | None:
    """Render and store the declaration once, and commit; None for a dossier without e-form answers.

    Rendering runs between transactions, so the SQLite write lock is not held meanwhile.
    """
    existing = stored_declaration(dossier)
    if existing is not None:
        return existing
    content = declaration_of(dossier)
    if content is None:
        return None
    db.session.commit()
    pdf = render_declaration(content)
    existing = stored_declaration(dossier)  # a concurrent request may have made it meanwhile
    if existing is not None:
        db.session.commit()
        return existing
    row = dossier_files.store_made_here(dossier, pdf, original_name=f"to-khai-{dossier.code}.pdf",
                                        content_type="application/pdf", kind=KIND)
    db.session.commit()
    return row
