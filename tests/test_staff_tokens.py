"""Issue 24 item 8: one-time links die with every password change; two-step seeds are sealed with a key kept
apart from the database (migration 0119 seals the seeds stored in clear, on SQLite and PostgreSQL)."""

import logging
import os
import re
from datetime import datetime, timezone

import pyotp
import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from wardportal.kernel.database import MIGRATIONS_DIR
from wardportal.kernel.extensions import db
from wardportal.staff import totp_seeds
from wardportal.staff.models import AccountToken
from wardportal.staff.views_auth import SESSION_TOTP_SETUP

from .conftest import FreshContextClient, make_app
from .postgres_support import emptied_postgres
from .staff_factories import DEFAULT_PASSWORD, login, make_staff, settle, totp_code
from .staff_factories import unexpiring_session  # noqa: F401  (autouse fixture)

NEW_PASSWORD = "mua-thu-ha-noi-dep"


def _shown_link(page_text: str) -> str:
    return re.search(r"http://localhost(/can-bo/lien-ket/[\w-]+)", page_text).group(1)


def _open_links() -> int:
    count = db.session.scalar(select(func.count()).select_from(AccountToken).where(AccountToken.used_at.is_(None)))
    settle()
    return count


def _reset_link(client, ward, admin, member) -> str:
    """The admin makes a reset link for ``member`` (an install without mail: the page shows it)."""
    login(client, admin.email)
    link = _shown_link(client.post(f"/{ward.slug}/can-bo/nhan-su/{member.id}/dat-lai-mat-khau").text)
    client.post("/can-bo/dang-xuat")
    return link


def test_reset_link_dies_when_the_owner_changes_the_password(app, client, make):
    """The admin's reset link was issued; the owner then changes the password: the link is refused."""
    ward = make.ward()
    admin, member = make_staff(ward, "admin"), make_staff(ward, "officer")
    link = _reset_link(client, ward, admin, member)
    owner = app.test_client()
    login(owner, member.email)
    assert owner.post("/can-bo/mat-khau", data={"current": DEFAULT_PASSWORD, "password": NEW_PASSWORD,
                                                 "confirm": NEW_PASSWORD}).status_code == 302
    assert _open_links() == 0
    holder = app.test_client()
    assert holder.get(link).status_code == 404
    assert holder.post(link, data={"password": "ke-gian-doi-mat-khau", "confirm": "ke-gian-doi-mat-khau"}
                       ).status_code == 404
    assert login(holder, member.email, NEW_PASSWORD).status_code == 302


def test_every_password_change_and_every_new_link_revokes_the_open_links(app, client, make):
    """Own change (above), a reset through a link, and an admin's new link: no older link survives any."""
    ward = make.ward()
    admin, member = make_staff(ward, "admin"), make_staff(ward, "officer")
    first = _reset_link(client, ward, admin, member)
    second = _reset_link(client, ward, admin, member)  # the admin issues another: the first one dies
    browser = app.test_client()
    assert browser.get(first).status_code == 404
    # A link left open elsewhere (an invitation made before, say) dies when the password is set through one.
    settle()
    stale = AccountToken(staff_id=member.id, purpose="invite", token_hash="0" * 64, created_at=datetime.now(
        timezone.utc), expires_at=datetime(2999, 1, 1, tzinfo=timezone.utc))
    db.session.add(stale)
    db.session.commit()
    assert _open_links() == 2
    assert browser.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert _open_links() == 0


def test_seed_is_sealed_in_the_database_and_two_step_sign_in_works(app, client, make):
    """Two-step sign-in turned on through its page: the column holds no base32 seed; signing in works."""
    ward = make.ward()
    user = make_staff(ward, "editor")
    login(client, user.email)
    client.get("/can-bo/xac-thuc-hai-buoc")
    with client.session_transaction() as session:
        secret = session[SESSION_TOTP_SETUP]
    assert client.post("/can-bo/xac-thuc-hai-buoc", data={"code": pyotp.TOTP(secret).now()}).status_code == 200
    client.post("/can-bo/dang-xuat")
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT totp_secret FROM staff_user WHERE id = :id"), {"id": user.id}).scalar()
    assert stored and secret not in stored and not re.fullmatch(r"[A-Z2-7]+=*", stored)
    assert totp_seeds.unseal(stored) == secret
    key_file = os.path.join(app.config["FILES_PATH"], totp_seeds.KEY_FILE_NAME)
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    settle()
    prompt = client.post("/can-bo/dang-nhap", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert prompt.location.endswith("/can-bo/dang-nhap/ma-xac-thuc")
    signed_in = client.post("/can-bo/dang-nhap/ma-xac-thuc", data={"code": totp_code(user)})
    assert signed_in.status_code == 302 and client.get(f"/{ward.slug}/can-bo/").status_code == 200


@pytest.mark.parametrize("breakage", ["other key", "key file gone", "malformed key"])
def test_a_key_that_cannot_open_the_seeds_is_a_clear_error_and_a_startup_line(app, client, make, caplog,
                                                                               instance_path, breakage):
    """Wrong, missing or malformed key: the code prompt answers 503 with an explanation (never a 500), and
    an app starting on that database says so in one log line."""
    user = make_staff(make.ward(), "editor", totp=True)
    key_file = os.path.join(app.config["FILES_PATH"], totp_seeds.KEY_FILE_NAME)
    if breakage == "other key":
        app.config["TOTP_KEY"] = totp_seeds.new_key()
    elif breakage == "key file gone":
        os.remove(key_file)
    else:
        app.config["TOTP_KEY"] = "not-a-key"
    response = client.post("/can-bo/dang-nhap", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    with caplog.at_level(logging.ERROR):
        refused = client.post("/can-bo/dang-nhap/ma-xac-thuc", data={"code": "123456"})
    assert refused.status_code == 503 and "WARDPORTAL_TOTP_KEY" in refused.text
    assert client.get("/can-bo/").status_code == 302  # not signed in
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="wardportal.staff"):
        make_app(instance_path, **({"TOTP_KEY": app.config["TOTP_KEY"]} if breakage != "key file gone" else {}))
    lines = [r.getMessage() for r in caplog.records if r.name == "wardportal.staff"]
    assert len(lines) == 1 and "two-step sign-in will fail" in lines[0]


def test_the_right_key_gives_no_startup_line(app, make, caplog, instance_path):
    make_staff(make.ward(), "editor", totp=True)
    with caplog.at_level(logging.ERROR, logger="wardportal.staff"):
        make_app(instance_path)
    assert not [r for r in caplog.records if r.name == "wardportal.staff"]


def _revision_before_sealing() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_revision("0119").down_revision


def _upgrade_a_database_with_a_clear_seed(app) -> str:
    """Migrate to just before 0119, store an account with a clear seed, upgrade to the head; return the seed."""
    seed = pyotp.random_base32()
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR), revision=_revision_before_sealing())
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO staff_user (email, full_name, phone, password_hash, totp_secret, is_province_admin, "
                "is_active_account, created_at) VALUES ('cu@example.vn', 'Cũ', '', :hash, :seed, false, true, "
                ":now)"), {"hash": generate_password_hash(DEFAULT_PASSWORD), "seed": seed,
                           "now": datetime.now(timezone.utc)})
            connection.execute(text(
                "INSERT INTO ward (slug, name, name_en, unit_code, province, address, hours, hotline, email, notice, "
                "created_at) VALUES ('xa-cu', 'Xã Cũ', '', 'XC', '', '', '', '', '', '', :now)"),
                {"now": datetime.now(timezone.utc)})
            connection.execute(text("INSERT INTO ward_membership (staff_id, ward_id, role) SELECT s.id, w.id, "
                                    "'editor' FROM staff_user s, ward w"))
        upgrade(directory=str(MIGRATIONS_DIR), revision="head")
        with db.engine.connect() as connection:
            stored = connection.execute(text("SELECT totp_secret FROM staff_user")).scalar()
            # staff_user was altered in place: the rows pointing at it (ON DELETE CASCADE) are all there
            assert connection.execute(text("SELECT count(*) FROM ward_membership")).scalar() == 1
        assert stored != seed and seed not in stored and len(stored) <= 64
        assert totp_seeds.unseal(stored) == seed
        assert os.stat(os.path.join(app.config["FILES_PATH"], "totp_key")).st_mode & 0o777 == 0o600
        # Two-step sign-in with the app's code works after the upgrade.
        app.test_client_class = FreshContextClient
        client = app.test_client()
        response = client.post("/can-bo/dang-nhap", data={"email": "cu@example.vn", "password": DEFAULT_PASSWORD})
        assert response.location.endswith("/can-bo/dang-nhap/ma-xac-thuc")
        signed_in = client.post("/can-bo/dang-nhap/ma-xac-thuc", data={"code": pyotp.TOTP(seed).now()})
        assert signed_in.status_code == 302 and client.get("/xa-cu/can-bo/").status_code == 200
        # And back: the downgrade opens the seeds again, still without touching the rows that point at them.
        db.session.remove()
        downgrade(directory=str(MIGRATIONS_DIR), revision=_revision_before_sealing())
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT totp_secret FROM staff_user")).scalar() == seed
            assert connection.execute(text("SELECT count(*) FROM ward_membership")).scalar() == 1
        db.engine.dispose()
    return seed


def test_migration_seals_clear_seeds_on_sqlite(tmp_path):
    folder = tmp_path / "old-install"
    folder.mkdir()
    _upgrade_a_database_with_a_clear_seed(make_app(folder))


def test_migration_seals_clear_seeds_on_postgresql(tmp_path):
    url = emptied_postgres()
    folder = tmp_path / "old-install"
    folder.mkdir()
    _upgrade_a_database_with_a_clear_seed(make_app(folder, SQLALCHEMY_DATABASE_URI=url))
