"""A rotated ward key is used by a running process's next signature: no restart, no cache cleared by hand."""

import io
import os
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader

from wardportal.dossiers import receipts
from wardportal.kernel import file_storage, signature_policy, signing, signing_keys

from .conftest import release_test_transaction
from .test_metrics import one_page_pdf


def signed_by(pdf_bytes: bytes) -> str:
    """SHA-256 (hex) of the certificate that made the PDF's newest signature."""
    signature = PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures[-1]
    return signature.signer_cert.sha256.hex()


def current_cert(ward) -> str:
    path = file_storage.files_root() / "keys" / "wards" / ward.slug / "cert.pem"
    return x509.load_pem_x509_certificates(path.read_bytes())[0].fingerprint(hashes.SHA256()).hex()


def seal(ward) -> bytes:
    return signing.sign_pdf(one_page_pdf(), receipts.ward_signer(ward), reason="Thử", location=ward.name)


def test_a_key_rotated_by_another_process_signs_the_next_document(app, make, instance_path):
    ward = make.ward()
    before = seal(ward)
    old = current_cert(ward)
    assert signed_by(before) == old
    assert receipts.ward_signer(ward) is receipts.ward_signer(ward)  # cached while the key stays
    # The operator's command, in its own process, as on a server whose workers keep running.
    env = dict(os.environ, WARDPORTAL_INSTANCE_PATH=str(instance_path))
    release_test_transaction()  # the test's own reads must not hold SQLite's write lock meanwhile
    rotated = subprocess.run([sys.executable, "-m", "flask", "--app", "wardportal", "rotate-ward-key", "--ward",
                              ward.slug], env=env, capture_output=True, text=True, cwd=os.getcwd())
    assert rotated.returncode == 0, rotated.stderr
    assert "no restart needed" in rotated.stdout and "Restart" not in rotated.stdout
    new = current_cert(ward)
    assert new != old
    after = seal(ward)
    assert signed_by(after) == new
    checked = signature_policy.verify_pdf(after, file_storage.files_root())
    assert checked.valid and checked.ward_slug == ward.slug
    assert signature_policy.verify_pdf(before, file_storage.files_root()).valid  # the old one still verifies


def test_a_replaced_configured_pkcs12_is_picked_up(app, make, tmp_path):
    """A ward signing with its own PKCS#12: replacing the file (a renewed certificate) takes effect at once."""
    ward = make.ward()
    path = tmp_path / "ward.p12"

    def issue():
        key, cert, root = signing_keys.issue_personal(file_storage.files_root(), ward.name, "001090000001")
        data = pkcs12.serialize_key_and_certificates(b"ward", key, cert, [root],
                                                     serialization.BestAvailableEncryption(b"pw"))
        tmp = path.with_suffix(".new")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # how a careful operator puts a file in place
        return cert.fingerprint(hashes.SHA256()).hex()

    app.config["WARD_SIGNING_P12"] = {ward.slug: {"path": str(path), "passphrase": "pw"}}
    first = issue()
    assert signed_by(seal(ward)) == first
    second = issue()
    assert second != first and signed_by(seal(ward)) == second
