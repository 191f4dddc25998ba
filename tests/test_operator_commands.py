"""The operator's commands behave: seeding twice, quiet output, account creation refusing bad input early."""

import logging
import re
from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12

from wardportal.catalogue.models import Contact, Procedure
from wardportal.kernel.extensions import db
from wardportal.staff import accounts
from wardportal.staff.models import StaffUser

from .conftest import release_test_transaction


def test_seed_demo_twice_refreshes_and_is_quiet(runner, caplog):
    """A first seed prints one line per ward and one for the index; a second refreshes without errors."""
    with caplog.at_level(logging.INFO):
        first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    lines = first.output.strip().splitlines()
    assert lines[0] == "Demo ward 'phuong-lam' loaded: 46 procedures, 11 contacts."
    assert lines[2:] == ["Search index: 46 published procedures."]
    # the demo leader: where to sign in and the PKCS#12 to sign with, whose printed passphrase opens it
    leader = re.fullmatch(r"Demo leader: sign in as (\S+) with password (\S+); sign results by uploading (\S+) "
                          r"with passphrase (\S+) \(both kept in (\S+)\)\.", lines[1])
    assert leader and leader[1] == "lanh-dao.phuong-lam@example.vn", lines[1]
    assert pkcs12.load_key_and_certificates(Path(leader[3]).read_bytes(), leader[4].encode())[0] is not None
    assert (Path(leader[5]).stat().st_mode & 0o777) == 0o600 and leader[4] in Path(leader[5]).read_text()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    release_test_transaction()  # each command is its own process in real use
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "refreshed: 46 procedures, 11 contacts" in second.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Contact)) == 11
    assert db.session.scalar(db.select(db.func.count()).select_from(Procedure)) == 46


def test_seed_demo_after_the_first_request_seeded_by_itself(app, client, runner):
    """`flask run` seeds an empty install at its first request; seed-demo afterwards refreshes it."""
    app.config.update(AUTO_INIT_DB=True, SEED_DEMO_WHEN_EMPTY=True)
    from wardportal.demo.loader import prepare_database
    prepare_database(seed_demo=True)
    db.session.commit()
    assert client.get("/phuong-lam/").status_code == 200
    release_test_transaction()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "refreshed" in result.output
    assert client.get("/phuong-lam/tim-kiem?q=dang+ky+khai+sinh").status_code == 200


def test_create_admin_refuses_an_invalid_email_before_asking_for_a_password(runner, make):
    ward = make.ward()
    result = runner.invoke(args=["create-admin", "--ward", ward.slug, "--email", "notanemail"], input="")
    assert result.exit_code != 0
    assert "not a valid e-mail address" in result.output
    assert "Password" not in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(StaffUser)) == 0


def test_create_admin_checks_the_ward_before_asking_for_a_password(runner):
    result = runner.invoke(args=["create-admin", "--ward", "khong-co", "--email", "a@example.vn"], input="")
    assert result.exit_code != 0 and "no ward with slug 'khong-co'" in result.output
    assert "Password" not in result.output


def test_create_admin_reads_the_password_from_stdin_or_the_environment(runner, make):
    ward = make.ward()
    piped = runner.invoke(args=["create-admin", "--ward", ward.slug, "--email", "a@example.vn",
                                "--password-stdin"], input="mot-mat-khau-tot\n")
    assert piped.exit_code == 0, piped.output
    assert accounts.authenticate("a@example.vn", "mot-mat-khau-tot") is not None
    from_env = runner.invoke(args=["create-province-admin", "--email", "p@example.vn"],
                             env={"WARDPORTAL_NEW_PASSWORD": "mat-khau-cap-tinh"})
    assert from_env.exit_code == 0, from_env.output
    assert accounts.authenticate("p@example.vn", "mat-khau-cap-tinh") is not None


def test_accounts_refuse_invalid_email_everywhere(make):
    """The domain function (used by the web forms and the CLI) refuses a malformed address."""
    ward = make.ward()
    for bad in ("notanemail", "a@", "@b.vn", "a b@c.vn"):
        try:
            accounts.create_staff(bad, "X", ward=ward, roles=("editor",))
        except accounts.AccountError as exc:
            assert exc.code == "invalid_email"
        else:
            raise AssertionError(f"{bad!r} was accepted")
    db.session.rollback()
