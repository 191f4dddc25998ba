"""The demo ward's leader: an account with the leader role, a personal signing certificate issued by the
install's own root (so a fresh demo's signed results verify), enrolled and confirmed, and its PKCS#12 in the
instance folder for signing by upload.

The password and the PKCS#12 passphrase are made at random for each install (a demo seeded on a server
reachable from outside must not open with a published password) and kept in ``instance/demo/`` (0600, never
committed, never served): ``flask --app wardportal seed-demo`` prints them.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from flask import current_app
from sqlalchemy import select

from wardportal.approvals import drafts, enrolment
from wardportal.approvals.models import SigningCertificate
from wardportal.dossiers.receipts import ca_passphrase
from wardportal.kernel import file_storage, revocation, signature_policy
from wardportal.kernel.database import end_read_transaction
from wardportal.kernel.extensions import db
from wardportal.kernel.signing_keys import issue_personal, write_atomic
from wardportal.kernel.times import now_utc
from wardportal.staff import accounts, audit
from wardportal.staff.models import Ward

LEADER_NAME = "Trần Quốc Minh"
LEADER_TITLE = "CHỦ TỊCH"
CITIZEN_ID = "017090000001"  # fictitious (province code 017 is Hòa Bình; serial 000001)


@dataclass(frozen=True)
class DemoLeader:
    """Where the demo leader's sign-in and signing file are, for the seed command to print."""

    email: str
    password: str
    pkcs12_path: Path
    passphrase: str


def _folder() -> Path:
    return Path(current_app.instance_path) / "demo"


def _email(ward: Ward) -> str:
    return f"lanh-dao.{ward.slug}@example.vn"


def _read_secrets(ward: Ward) -> dict:
    path = _folder() / f"lanh-dao-{ward.slug}.txt"
    if not path.exists():
        return {}
    return dict(line.split(": ", 1) for line in path.read_text(encoding="utf-8").splitlines() if ": " in line)


def _write_secrets(ward: Ward, values: dict) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in values.items())
    write_atomic(_folder() / f"lanh-dao-{ward.slug}.txt", text.encode(), 0o600)


def ensure_demo_leader(ward: Ward) -> DemoLeader:
    """Create (once) the demo leader of ``ward`` with a confirmed certificate from the install's root and its
    PKCS#12 in the instance folder; a refresh keeps what is there and still valid."""
    stored = _read_secrets(ward)
    user = accounts.staff_by_email(_email(ward))
    if user is None:
        password = secrets.token_urlsafe(12)
        end_read_transaction()  # the password's scrypt hash holds no write lock
        user = accounts.create_staff(_email(ward), LEADER_NAME, password, ward=ward, roles=(drafts.LEADER_ROLE,))
        db.session.commit()
        stored = {"email": user.email, "password": password}
        _write_secrets(ward, stored)
    if drafts.leader_profile(user, ward) is None:
        drafts.save_profile(user, ward, title=LEADER_TITLE, token_label="", key_label="", signature_png=None)
    p12_path = _folder() / f"lanh-dao-{ward.slug}.p12"
    if not (p12_path.exists() and stored.get("passphrase") and _still_signs(user, ward, p12_path, stored)):
        stored["passphrase"] = secrets.token_urlsafe(12)
        _issue_and_enrol(user, ward, p12_path, stored["passphrase"])
        _write_secrets(ward, stored)
    logging.getLogger(__name__).info("Demo leader %s of %s: password and PKCS#12 passphrase in %s", user.email,
                                     ward.slug, _folder() / f"lanh-dao-{ward.slug}.txt")
    return DemoLeader(user.email, stored.get("password", ""), p12_path, stored["passphrase"])


def _still_signs(user, ward: Ward, p12_path: Path, stored: dict) -> bool:
    """Whether the stored PKCS#12 opens and its certificate is the leader's confirmed, valid enrolment."""
    try:
        _key, cert, _chain = pkcs12.load_key_and_certificates(p12_path.read_bytes(), stored["passphrase"].encode())
        enrolment.check_signer(user, ward, cert.public_bytes(serialization.Encoding.DER))
    except (ValueError, enrolment.SignerRefused):
        return False
    return True


def _issue_and_enrol(user, ward: Ward, p12_path: Path, passphrase: str) -> None:
    """A new personal certificate from the install's root, enrolled and confirmed in the demo ward (the
    demo has no ward admin: the install confirms it, as the audit entry says)."""
    config = current_app.config
    key, cert, root = issue_personal(file_storage.files_root(), LEADER_NAME, CITIZEN_ID,
                                     config.get("INSTALL_NAME", "Ward Portal"), ca_passphrase(),
                                     revocation.crl_url(config.get("PUBLIC_BASE_URL")))
    data = pkcs12.serialize_key_and_certificates(
        b"lanh-dao", key, cert, [root], serialization.BestAvailableEncryption(passphrase.encode()))
    write_atomic(p12_path, data, 0o600)
    der = cert.public_bytes(serialization.Encoding.DER)
    now = now_utc()
    for earlier in db.session.scalars(select(SigningCertificate).where(  # their PKCS#12 is gone
            SigningCertificate.staff_id == user.id, SigningCertificate.withdrawn_at.is_(None))):
        earlier.withdrawn_at = now
    db.session.commit()
    enrolled = enrolment.enrol(user, ward, der)
    enrolled.confirmed_at = now
    audit.record("approval.certificate_confirmed", None, "", now, ward, target=user.email,
                 details={"fingerprint": signature_policy.fingerprint(der), "by": "demo data"})
    db.session.commit()

