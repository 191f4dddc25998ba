"""Operator commands: create-ward, list-staff (no secret printed), reset-staff (a one-time link and/or two-step
sign-in off, audited with the command and who ran it), outbox status with the waiting time."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from wardportal.kernel.extensions import db
from wardportal.kernel.times import now_utc
from wardportal.notifications import messages as notifications
from wardportal.notifications.models import OutboxMessage
from wardportal.staff import accounts, totp_seeds
from wardportal.staff.models import AccountToken, AuditEntry, RecoveryCode, StaffSession, StaffUser, Ward

from .staff_factories import make_staff
from .workflow_factories import make_dossier


@pytest.fixture
def app_settings():
    return {"PUBLIC_BASE_URL": "https://dichvucong.example.gov.vn"}


def audit_entries(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()


def test_create_ward(runner, monkeypatch):
    monkeypatch.setenv("SUDO_USER", "quantri")
    result = runner.invoke(args=["create-ward", "--slug", "xa-tan-lap", "--name", "Xã  Tân Lập", "--unit-code",
                                 "000.01.23.H01", "--province", "Hà Nội"])
    assert result.exit_code == 0, result.output
    ward = db.session.scalar(select(Ward).where(Ward.slug == "xa-tan-lap"))
    assert (ward.name, ward.unit_code, ward.province) == ("Xã Tân Lập", "000.01.23.H01", "Hà Nội")
    entry, = audit_entries("ward.created")
    assert entry.ward_id == ward.id and entry.ip_address == "cli" and entry.actor_id is None
    assert entry.details == {"command": "create-ward", "operator": "quantri"}


@pytest.mark.parametrize("args, problem", [
    (["--slug", "Xa Tan Lap"], "--slug"),
    (["--slug", "xa--tan"], "--slug"),
    (["--name", "   "], "--name"),
    (["--unit-code", "000 01"], "--unit-code"),
    (["--slug", "phuong-co"], "already exists"),
    (["--unit-code", "h01.co"], "unit code 'h01.co' is used"),
])
def test_create_ward_refuses_bad_values_in_one_line(runner, make, args, problem):
    make.ward(slug="phuong-co", unit_code="H01.CO")
    values = {"--slug": "xa-moi", "--name": "Xã Mới", "--unit-code": "H02"}
    values.update(dict(zip(args[::2], args[1::2])))
    result = runner.invoke(args=["create-ward", *[part for pair in values.items() for part in pair]])
    assert result.exit_code == 1 and problem in result.output and "Traceback" not in result.output
    assert db.session.scalar(select(Ward).where(Ward.slug == "xa-moi")) is None


def test_list_staff_shows_roles_two_step_state_and_last_sign_in_but_no_secret(runner, make, client):
    ward, other = make.ward(), make.ward()
    admin = make_staff(ward, "admin", email="admin@example.vn")
    officer = make_staff(ward, roles=("officer", "editor"), email="canbo@example.vn")
    make_staff(other, "editor", email="khac@example.vn")
    officer_row = db.session.get(StaffUser, officer.id)
    officer_row.is_active_account = False
    raw_codes = accounts.new_recovery_codes(db.session.get(StaffUser, admin.id))
    token = accounts.issue_token(officer_row, "reset", None, now_utc())
    db.session.add(StaffSession(id_hash="a" * 64, staff_id=admin.id, created_at=now_utc() - timedelta(days=1)))
    db.session.commit()

    result = runner.invoke(args=["list-staff", "--ward", ward.slug])
    assert result.exit_code == 0, result.output
    lines = {line.split("\t")[0]: line.split("\t") for line in result.output.splitlines()[1:-1]}
    assert set(lines) == {"admin@example.vn", "canbo@example.vn"}
    assert lines["admin@example.vn"][2:5] == [f"{ward.slug}:admin", "on", "active"]
    assert lines["canbo@example.vn"][2:] == [f"{ward.slug}:editor,{ward.slug}:officer", "off", "disabled", "never"]
    assert lines["admin@example.vn"][5] != "never"
    everyone = runner.invoke(args=["list-staff"]).output
    assert "khac@example.vn" in everyone and "3 account(s)." in everyone
    # Every stored secret of every account, in every form it has: none is printed.
    secrets = [token, *raw_codes, "a" * 64]
    for user in db.session.scalars(select(StaffUser)):
        secrets += [user.password_hash, *([user.totp_secret, totp_seeds.unseal(user.totp_secret)]
                                          if user.totp_secret else [])]
    secrets += [row.code_hash for row in db.session.scalars(select(RecoveryCode))]
    secrets += [row.token_hash for row in db.session.scalars(select(AccountToken))]
    for secret in secrets:
        assert secret and secret not in everyone


def test_list_staff_of_an_unknown_ward(runner):
    result = runner.invoke(args=["list-staff", "--ward", "khong-co"])
    assert result.exit_code == 1 and "no ward with slug 'khong-co'" in result.output


def test_reset_staff_password_prints_a_one_time_link_and_audits_it(runner, make, client, monkeypatch):
    monkeypatch.setenv("SUDO_USER", "quantri")
    first, second = make.ward(), make.ward()
    admin = make_staff(first, "admin", email="admin@example.vn")
    db.session.get(StaffUser, admin.id).memberships.append(
        accounts.WardMembership(ward_id=second.id, role="editor"))
    db.session.commit()
    result = runner.invoke(args=["reset-staff", "ADMIN@example.vn", "--password"])
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("https://dichvucong.example.gov.vn/can-bo/")
    entries = audit_entries("staff.reset_issued")
    assert sorted(e.ward_id for e in entries) == sorted([first.id, second.id])  # both wards' admins see it
    for entry in entries:
        assert entry.target == f"staff:{admin.id}" and entry.ip_address == "cli" and entry.actor_id is None
        assert entry.details == {"command": "reset-staff --password", "operator": "quantri"}
    page = client.get(link.removeprefix("https://dichvucong.example.gov.vn"),
                      base_url="https://dichvucong.example.gov.vn")
    assert page.status_code == 200  # the link opens the page to choose a password
    assert db.session.get(StaffUser, admin.id).totp_secret is not None  # two-step untouched


def test_reset_staff_two_step_clears_the_seed_and_ends_sessions(runner, make):
    ward = make.ward()
    admin = make_staff(ward, "admin", email="admin@example.vn")
    accounts.new_recovery_codes(db.session.get(StaffUser, admin.id))
    db.session.add(StaffSession(id_hash="b" * 64, staff_id=admin.id, created_at=now_utc()))
    db.session.commit()
    result = runner.invoke(args=["reset-staff", "admin@example.vn", "--two-step"])
    assert result.exit_code == 0, result.output
    assert "https://" not in result.output  # no link asked for
    user = db.session.get(StaffUser, admin.id)
    assert user.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.staff_id == admin.id)) is None
    assert db.session.get(StaffSession, "b" * 64).ended_at is not None
    entry, = audit_entries("staff.two_step_reset")
    assert entry.details["command"] == "reset-staff --two-step" and entry.ward_id == ward.id
    assert audit_entries("staff.reset_issued") == []


def test_reset_staff_both_at_once_and_its_refusals(runner, make):
    ward = make.ward()
    make_staff(ward, "admin", email="admin@example.vn")
    both = runner.invoke(args=["reset-staff", "admin@example.vn", "--password", "--two-step"])
    assert both.exit_code == 0 and len(audit_entries("staff.two_step_reset")) == 1
    assert len(audit_entries("staff.reset_issued")) == 1
    assert runner.invoke(args=["reset-staff", "admin@example.vn"]).exit_code == 2
    unknown = runner.invoke(args=["reset-staff", "ai@example.vn", "--password"])
    assert unknown.exit_code == 1 and "no staff account 'ai@example.vn'" in unknown.output
    no_mail = runner.invoke(args=["reset-staff", "admin@example.vn", "--password", "--email-link"])
    assert no_mail.exit_code == 1 and "sends no e-mail" in no_mail.output


def test_reset_staff_without_a_public_address_changes_nothing(app, runner, make):
    app.config["PUBLIC_BASE_URL"] = None
    ward = make.ward()
    make_staff(ward, "admin", email="admin@example.vn")
    result = runner.invoke(args=["reset-staff", "admin@example.vn", "--password"])
    assert result.exit_code == 1 and "WARDPORTAL_PUBLIC_BASE_URL" in result.output
    assert audit_entries("staff.reset_issued") == [] and db.session.scalar(select(AccountToken)) is None


def test_outbox_status_says_how_long_the_oldest_message_waits(runner, make):
    dossier = make_dossier(make.ward(), applicant_email="", phone="0912345678")
    notifications.notify_applicant(dossier, "receive")
    db.session.flush()
    db.session.scalar(select(OutboxMessage)).next_attempt_at = now_utc() - timedelta(minutes=20)
    db.session.commit()
    result = runner.invoke(args=["outbox", "status"])
    assert result.exit_code == 0 and "(waiting 12" in result.output and "/readyz fails after 900 s" in result.output
