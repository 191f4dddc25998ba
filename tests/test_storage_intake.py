"""Issue 24 item 2: one intake for every stored file, every served file sandboxed.

Attacks: hostile PDFs (tests/hostile_pdfs.py: JavaScript, /GoToR to a UNC path, /URI that runs by itself,
/Launch, /SubmitForm, /ImportData, /GoToE, wherever they hide) as an applicant's upload, an officer's draft,
a blank form (editor and import-procedures) and a publication's PDF; word-processor forms with macros.
Enumerations: every call that stores a file goes through the intake (static scan of the package), and every
route that serves a file answers with a sandboxing Content-Security-Policy (its endpoints found in the URL
map by what their views call, each requested for real).
"""

import ast
import inspect
import io
import json
import re
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from flask import send_file
from sqlalchemy import select

import wardportal
from wardportal.approvals import drafts
from wardportal.approvals.drafts import Actor
from wardportal.approvals.models import ResultDraft
from wardportal.catalogue.form_files import FormFileRefused, form_template_type
from wardportal.catalogue.models import FormTemplate, Procedure
from wardportal.dossiers.models import Dossier, DossierEvent, DossierFile
from wardportal.dossiers.status import DossierStatus
from wardportal.feedback.models import FeedbackReport
from wardportal.kernel import file_storage
from wardportal.kernel.extensions import db
from wardportal.kernel.pdf_safety import PdfProblem, check_pdf
from wardportal.publications.models import Publication
from wardportal.staff.models import Ward

from .apply_support import APPLICANT, pdf_bytes, start_draft, stored_files, upload
from .hostile_pdfs import BENIGN, HOSTILE
from .publication_support import document
from .staff_factories import login, make_staff, settle, unexpiring_session  # noqa: F401  (autouse fixture)
from .test_approval_signing import result_pdf
from .test_stored_files import _public_downloads, _store_something_of_every_kind
from .workflow_factories import client, make_dossier, stored_file  # noqa: F401  (client fixture)

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)
PACKAGE = Path(wardportal.__file__).parent
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ---------------------------------------------------------------- the check itself


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_every_hiding_place_of_an_active_or_remote_action_is_refused(kind):
    with pytest.raises(PdfProblem) as problem:
        check_pdf(HOSTILE[kind]())
    assert problem.value.reason == "active"


@pytest.mark.parametrize("kind", sorted(BENIGN))
def test_a_plain_link_or_go_to_page_still_passes(kind):
    assert check_pdf(BENIGN[kind]()) == 1


# ---------------------------------------------------------------- every door that stores a PDF


@pytest.fixture
def draft_url(client, make):
    ward = make.ward()
    token = start_draft(client, ward, make.procedure(ward))
    base = f"/{ward.slug}/nop-ho-so/{token}"
    assert client.post(f"{base}/thong-tin", data=dict(APPLICANT, action="continue")).status_code == 302
    return base


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_applicant_upload_with_a_remote_or_launch_action_is_refused(client, draft_url, instance_path, kind):
    response = client.post(f"{draft_url}/giay-to", data={"doc-0": [upload(HOSTILE[kind](), "to-khai.pdf")],
                                                         "action": "upload"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "mã chạy tự động" in response.get_data(as_text=True)
    assert stored_files(instance_path) == []


@pytest.fixture
def processing(make):
    ward = make.ward(slug="phuong-lam", name="Phường Phương Lâm")
    officer, leader = make_staff(ward, "officer"), make_staff(ward, "leader", full_name="Nguyễn Văn Lãnh")
    dossier = make_dossier(ward, status=int(DossierStatus.PROCESSING), received_at=NOW, due_date=date(2026, 11, 27))
    return ward, officer, leader, dossier


@pytest.mark.parametrize("kind", ["openaction-javascript", "openaction-gotor-unc", "page-aa-uri", "link-launch"])
def test_officer_draft_with_active_content_is_refused_keeping_the_note(client, processing, instance_path, kind):
    ward, officer, _, dossier = processing
    dossier_id = dossier.id
    settle()
    login(client, officer.email)
    response = client.post(f"/phuong-lam/can-bo/ho-so/{dossier_id}/du-thao", content_type="multipart/form-data",
                           data={"draft": (io.BytesIO(HOSTILE[kind]()), "du-thao.pdf"),
                                 "note": "Đã kiểm tra đủ giấy tờ"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "mã chạy tự động" in page and "Đã kiểm tra đủ giấy tờ" in page
    assert db.session.scalar(select(ResultDraft.id)) is None and stored_files(instance_path) == []
    assert db.session.scalar(select(DossierFile.id).where(DossierFile.kind == "draft")) is None


def test_officer_draft_refused_by_the_domain_step_too(processing, instance_path):
    _, officer, _, dossier = processing
    with pytest.raises(drafts.ApprovalError, match="mã chạy tự động"):
        drafts.send_draft(dossier, Actor(officer), pdf=HOSTILE["openaction-javascript"](), filename="x.pdf", now=NOW)
    db.session.rollback()
    assert stored_files(instance_path) == []


def test_publication_pdf_with_javascript_is_refused(make, instance_path):
    ward = make.ward()
    editor = make_staff(ward, "editor")
    with pytest.raises(file_storage.FileRefused, match="mã chạy tự động"):
        document(ward, editor, pdf=HOSTILE["openaction-javascript"]())
    db.session.rollback()
    assert db.session.scalar(select(Publication.id)) is None and stored_files(instance_path) == []


def _docx(extra: dict[str, bytes] | None = None, content_types: bytes = b"") -> bytes:
    """A minimal DOCX (a zip with word/document.xml) with extra parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
                         b'.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
                         b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                         + content_types + b"</Types>")
        archive.writestr("word/document.xml", b"<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _odt(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", b"<manifest:manifest/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _doc_with_macros() -> bytes:
    """An OLE container whose directory names a ``Macros`` storage (as a DOC with a VBA project does)."""
    entry = "Macros".encode("utf-16-le") + b"\x00\x00"
    entry = entry.ljust(64, b"\x00") + len("Macros\x00".encode("utf-16-le")).to_bytes(2, "little")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00") + entry.ljust(128, b"\x00") + b"\x00" * 384


MACRO_FORMS = {
    "docx-vbaproject": ("to-khai.docx", lambda: _docx({"word/vbaProject.bin": b"\x00" * 64})),
    "docm-content-type": ("to-khai.docx", lambda: _docx(content_types=b'<Default Extension="bin" ContentType="'
                                                        b'application/vnd.ms-word.document.macroEnabled.main+xml"/>')),
    "docx-vbaproject-elsewhere": ("to-khai.docx", lambda: _docx({"customUI/VBAPROJECT.BIN": b"\x00"})),
    "docx-activex": ("to-khai.docx", lambda: _docx({"word/activeX/activeX1.xml": b"<ax/>"})),
    "odt-basic": ("to-khai.odt", lambda: _odt({"Basic/Standard/Module1.xml": b"<script/>"})),
    "odt-scripts": ("to-khai.odt", lambda: _odt({"Scripts/python/x.py": b"import os"})),
    "doc-macros": ("to-khai.doc", _doc_with_macros),
}


@pytest.mark.parametrize("kind", sorted(MACRO_FORMS))
def test_word_processor_forms_with_macros_are_refused(kind):
    filename, make_file = MACRO_FORMS[kind]
    with pytest.raises(FormFileRefused) as refused:
        form_template_type(make_file(), filename)
    assert refused.value.code == "macros"


def test_plain_word_processor_forms_pass():
    assert form_template_type(_docx(), "to-khai.docx") == DOCX_TYPE
    assert form_template_type(_odt(), "to-khai.odt") == "application/vnd.oasis.opendocument.text"
    text = "VBA Macros trong văn bản".encode("utf-16-le")  # the words in a DOC's text are not its directory
    assert form_template_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00") + b"\x01" + text,
                              "to-khai.doc") == "application/msword"


@pytest.fixture
def editor_page(client, make):
    ward = make.ward()
    editor = make_staff(ward, "editor")
    procedure = make.procedure(ward)
    url = f"/{ward.slug}/can-bo/thu-tuc/{procedure.id}/bieu-mau"
    settle()
    login(client, editor.email)
    return url


@pytest.mark.parametrize("attack, message", [
    ("openaction-javascript", "mã chạy tự động"), ("link-gotor-unc", "mở tệp, chương trình khác"),
    ("docx-vbaproject", "macro"), ("odt-basic", "macro")])
def test_editor_form_template_with_javascript_or_macros_is_refused(client, editor_page, attack, message):
    name, data = ("to-khai.pdf", HOSTILE[attack]()) if attack in HOSTILE else \
        (MACRO_FORMS[attack][0], MACRO_FORMS[attack][1]())
    response = client.post(editor_page, data={"upload-title": "Tờ khai", "upload-file": (io.BytesIO(data), name)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page and 'value="Tờ khai"' in page
    assert db.session.scalar(select(FormTemplate.id)) is None


@pytest.mark.parametrize("attack", ["openaction-javascript", "openaction-uri", "docx-vbaproject"])
def test_import_procedures_refuses_forms_with_javascript_or_macros(runner, tmp_path, attack):
    name, data = ("to-khai.pdf", HOSTILE[attack]()) if attack in HOSTILE else \
        (MACRO_FORMS[attack][0], MACRO_FORMS[attack][1]())
    (tmp_path / name).write_bytes(data)
    record = {"code": "1.001193", "title": "Đăng ký khai sinh", "field": "Hộ tịch", "processing_days": 1,
              "forms": [{"title": "Tờ khai", "file": name}]}
    (tmp_path / "thu-tuc.json").write_text(json.dumps({"procedures": [record]}), encoding="utf-8")
    result = runner.invoke(args=["import-procedures", str(tmp_path / "thu-tuc.json"), "--ward", "xa-moi",
                                 "--ward-name", "Xã Mới"])
    assert result.exit_code != 0 and "forms[0].file" in result.output
    assert ("macros" if attack not in HOSTILE else "JavaScript") in result.output
    assert db.session.scalar(select(Procedure.id)) is None and db.session.scalar(select(Ward.id)) is None


# ---------------------------------------------------------------- the intake is the only way to store

# Callers of `store_made_here` (the quick intake, for what the portal's own writers just made), and why.
MADE_HERE = {
    ("dossiers/receipts.py", "issue_receipt"): "the receipt the portal renders and signs",
    ("dossiers/declaration.py", "issue_declaration"): "the e-form declaration the portal renders",
    ("dossiers/workflow.py", "attach_result"): "the result prepare_result checked (refuse_unsafe_pdf) then signed",
    ("desk/slip_documents.py", "issue_slip"): "the slip the portal renders and signs",
    ("payments/fee_receipts.py", "issue_fee_receipt"): "the fee receipt the portal renders and signs",
    ("publications/media.py", "store_signed_pdf"): "the seal added to a PDF that passed store_upload",
    ("dossiers/files.py", "store_made_here"): "the DossierFile wrapper of the same door",
}
STORE_CALLS = {"_publish", "_temp_file", "_admit", "store_made_here", "store_upload", "store_generated"}
# Modules that write files at all, and what: every other write to disk would bypass the intake.
WRITERS = {"kernel/file_storage.py": "the files store, through the intake",
           "kernel/signing_keys.py": "the signing keys", "search/index_store.py": "the search index",
           "search/index_sync.py": "the search index's lock file",
           "kernel/public_address_setup.py": "the instance's config.py (the public address)",
           "kernel/key_files.py": "the generated secret and two-step keys (0600, made once)",
           "operations/backup.py": "the backup archive; a restore copies back files the intake admitted"}
WRITE_CALLS = {"os.replace", "os.rename", "os.fdopen", "shutil.copy", "shutil.copy2", "shutil.copyfile",
               "shutil.copyfileobj", "shutil.move", "write_bytes", "write_text", "open:w"}


def _calls():
    """(module, enclosing function, called name) for every call in the package; a module's attribute is
    qualified (``os.replace``), ``open`` for writing is ``open:w``."""
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))] + \
                [tree]:
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    yield module, getattr(function, "name", "<module>"), _called(node)


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id in ("os", "shutil"):
            return f"{func.value.id}.{func.attr}"
        return func.attr
    name = getattr(func, "id", "")
    if name == "open":
        modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)] + \
            [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
        return "open:w" if any(set(str(m)) & set("wax+") for m in modes) else "open"
    return name


def test_every_call_that_stores_a_file_goes_through_the_intake():
    calls = {(m, f, c) for m, f, c in _calls() if f != "<module>"}
    publishers = {(m, f) for m, f, c in calls if c == "_publish"}
    assert publishers == {("kernel/file_storage.py", "_admit"), ("kernel/file_storage.py", "store_made_here")}
    writers = {(m, f) for m, f, c in calls if c == "_temp_file"}
    assert writers == {("kernel/file_storage.py", n) for n in ("store_upload", "store_generated", "store_made_here")}
    for module, function in writers - {("kernel/file_storage.py", "store_made_here")}:
        assert (module, function, "_admit") in calls, f"{function} stores without the intake"
    assert ("kernel/file_storage.py", "_admit", "_check_content") in calls
    made_here = {(m, f) for m, f, c in calls if c == "store_made_here"} - {("kernel/file_storage.py", "store_made_here")}
    assert made_here == set(MADE_HERE), "a new caller of store_made_here: is what it stores made by the portal?"
    writing = {m for m, f, c in _calls() if c in WRITE_CALLS and m.split("/")[0] != "demo"}
    assert writing <= set(WRITERS), f"{writing - set(WRITERS)} write files outside the store's intake"


def test_every_blank_form_is_built_from_checked_bytes():
    """FormTemplate rows are made in two places, from bytes `form_template_type` checked just before."""
    calls = {(m, f, c) for m, f, c in _calls() if f != "<module>"}
    makers = {(m, f) for m, f, c in calls if c == "FormTemplate"}
    assert makers == {("catalogue/editing.py", "add_form_template"), ("catalogue/procedure_import.py", "_apply")}
    assert ("catalogue/editing.py", "add_form_template", "form_template_type") in calls
    records = {(m, f) for m, f, c in calls if c == "FormRecord"}
    assert records == {("catalogue/procedure_import.py", "_forms")}
    assert ("catalogue/procedure_import.py", "_forms", "form_template_type") in calls


# ---------------------------------------------------------------- every served file is sandboxed

SERVES_A_FILE = re.compile(r"\b(send_bytes|send_stored|send_dossier_file|send_file|send_from_directory|"
                           r"response_class|Response)\(")
# Applicant routes behind the phone check serve through dossier_files.send_dossier_file, as an attachment;
# desk.view_file's applicant files below go out through it too (PDFs and images inline, sandboxed).
THROUGH_SEND_DOSSIER_FILE = {"track.download", "apply.receipt", "payments.fee_receipt"}
# Views that build a Response that is not a file.
NOT_FILES = {"publications.sitemap": "the XML sitemap for search engines",
             "probes.healthz": "a probe's two letters", "probes.readyz": "a probe's JSON",
             "probes.metrics": "Prometheus text"}


def _file_endpoints(app) -> set[str]:
    found = set()
    for rule in app.url_map.iter_rules():
        view = inspect.unwrap(app.view_functions[rule.endpoint])
        try:
            source = inspect.getsource(view)
        except (OSError, TypeError):
            continue
        if rule.endpoint != "static" and SERVES_A_FILE.search(source) and "render_template" not in source:
            found.add(rule.endpoint)
    return found


def _sandboxed(response) -> bool:
    policy = response.headers.get("Content-Security-Policy", "")
    return "sandbox" in [part.split()[0] for part in policy.split(";") if part.strip()]


def test_only_the_file_helpers_build_file_responses():
    """send_file is called in kernel/file_storage only; the views that serve files use its helpers."""
    senders = {m for m, f, c in _calls() if c in ("send_file", "send_from_directory")}
    assert senders == {"kernel/file_storage.py"}


def test_every_route_that_serves_a_file_answers_sandboxed(client, app):
    _store_something_of_every_kind(client, app)
    ward = db.session.scalar(select(Ward).where(Ward.slug == "phuong-lam"))
    slug = ward.slug
    officer, leader = make_staff(ward, "officer"), make_staff(ward, "leader")
    editor, admin = make_staff(ward, "editor"), make_staff(ward, "admin")
    drafts.save_seal(ward, admin, _seal_png())
    processing = make_dossier(ward, status=int(DossierStatus.PROCESSING), received_at=NOW,
                              due_date=date(2026, 11, 27))
    pending = drafts.send_draft(processing, Actor(officer), pdf=result_pdf(), filename="du-thao.pdf", now=NOW)
    awaiting = document(ward, editor)
    stored_file(app, processing)  # an applicant's file, previewed inline, sandboxed (issue 27)
    db.session.commit()
    urls = {endpoint: [] for endpoint in _file_endpoints(app)}
    for url in _public_downloads(client):
        urls["site.download_form" if "/mau/" in url else "publications.news_picture" if url.endswith(".jpg")
             else "publications.document_pdf"].append((None, url))
    for file in db.session.scalars(select(DossierFile).join(Dossier).where(Dossier.ward_id == ward.id)):
        urls["desk.view_file"].append((officer, f"/{slug}/can-bo/ho-so/{file.dossier_id}/tep/{file.id}"))
    for event in db.session.scalars(select(DossierEvent).where(DossierEvent.action == "receive")):
        urls["desk.slip"].append((officer, f"/{slug}/can-bo/ho-so/{event.dossier_id}/phieu/{event.id}"))
    urls["approvals.view_file"].append((leader, f"/{slug}/can-bo/phe-duyet/{pending.id}/tep/{pending.file_id}"))
    urls["approvals.preview_draft"].append((officer, f"/{slug}/can-bo/ho-so/{processing.id}/du-thao/xem-truoc",
                                            {"title": "Giấy xác nhận", "body": "Xác nhận cư trú."}))  # a POST
    urls["approvals.seal_image"].append((admin, f"/{slug}/can-bo/con-dau/hinh"))
    urls["apply.revocation_list"].append((None, "/pki/goc.crl"))
    urls["payments.sample_statement"].append((officer, f"/{slug}/can-bo/le-phi/mau-sao-ke/ghi-no-ghi-co.csv"))
    urls["publications.leader_pdf"].append((leader, f"/{slug}/can-bo/phe-duyet/van-ban/{awaiting.id}/tep.pdf"))
    form = db.session.scalar(select(FormTemplate).join(Procedure).where(Procedure.ward_id == ward.id))
    urls["staff.download_form"].append((editor, f"/{slug}/can-bo/thu-tuc/{form.procedure_id}/bieu-mau/{form.id}"))
    report = db.session.scalar(select(FeedbackReport).where(FeedbackReport.photo_name != ""))
    urls["feedback.staff_photo"].append((editor, f"/{report.ward.slug}/can-bo/phan-anh/{report.id}/anh"))
    emails = {user: user.email for user in (officer, leader, editor, admin)}
    settle()
    unreached = {e for e, found in urls.items() if not found} - THROUGH_SEND_DOSSIER_FILE - set(NOT_FILES)
    assert not unreached, f"file routes this test does not request yet: {unreached}"
    inline_seen = set()
    for endpoint, requests in sorted(urls.items()):
        for user, url, *form in requests:
            client.post("/can-bo/dang-xuat")
            if user is not None:
                login(client, emails[user])
            with (client.post(url, data=form[0]) if form else client.get(url)) as response:
                assert response.status_code == 200, (endpoint, url)
                assert _sandboxed(response), (endpoint, url, response.headers.get("Content-Security-Policy"))
                assert response.headers["X-Content-Type-Options"] == "nosniff"
                if response.headers.get("Content-Disposition", "").startswith("inline"):
                    inline_seen.add(endpoint)
    assert inline_seen >= {"desk.view_file", "desk.slip", "approvals.view_file", "publications.leader_pdf",
                           "publications.document_pdf", "approvals.preview_draft"}


def _seal_png() -> bytes:
    from .approvals_support import png
    return png()


def test_a_file_served_without_the_helpers_is_sandboxed_all_the_same(app, client):
    """The after-request rule (kernel.http_headers.sandbox_files) catches a view that forgets send_bytes."""
    @app.get("/_thu/tep.pdf")
    def _bare_pdf():
        return send_file(io.BytesIO(pdf_bytes()), mimetype="application/pdf", download_name="x.pdf")

    @app.get("/_thu/anh")
    def _bare_image():
        response = app.response_class(b"\x89PNG", mimetype="image/png")
        response.headers["Content-Security-Policy"] = "default-src 'none'; object-src 'self'"
        return response

    for url in ("/_thu/tep.pdf", "/_thu/anh"):
        with client.get(url) as response:
            assert response.status_code == 200 and _sandboxed(response), url
    page = client.get("/")
    assert not _sandboxed(page)  # pages keep the portal's own policy
