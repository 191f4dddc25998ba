"""Issue 24 item 11: `flask restore` trusts no name in the archive or its manifest.

Each crafted archive is a real backup of an install with one hostile member or manifest name added (its
hash right, so only the name can be the reason for the refusal). The restore must refuse with a message
that names the problem, and write nothing: not outside, not in the files store or instance folder, not in
the database.
"""

import hashlib
import io
import json
import tarfile

import pytest
from sqlalchemy import inspect

from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

from .conftest import make_app
from .test_shared_store import _dossier_with_files

EVIL = b"written by a crafted archive"


def _member(name: str, data: bytes = EVIL, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.type, info.linkname = (len(data) if kind == tarfile.REGTYPE else 0), 0o600, kind, link
    return info


def _crafted(real: bytes, extra: list[tuple[tarfile.TarInfo, str | None]]) -> bytes:
    """The real archive plus ``extra`` members, each listed in the manifest under the given name (or not)."""
    with tarfile.open(fileobj=io.BytesIO(real), mode="r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    manifest = json.loads(next(data for m, data in members if m.name == "manifest.json"))
    for info, listed_as in extra:
        if listed_as is not None:
            manifest["files"][listed_as] = hashlib.sha256(EVIL).hexdigest()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz", format=tarfile.GNU_FORMAT) as tar:
        for member, data in members:
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
        for info, _ in extra:
            tar.addfile(info, io.BytesIO(EVIL) if info.isfile() else None)
    return out.getvalue()


@pytest.fixture
def backup(app, make, tmp_path):
    """A real backup of an install with a dossier, its scan and its signed receipt."""
    _dossier_with_files(make)
    archive = tmp_path / "that.tar.gz"
    # clear, so that the attacks can be written into it (an encrypted one is refused before any name is read)
    assert app.test_cli_runner().invoke(args=["backup", str(archive), "--unencrypted"]).exit_code == 0
    return archive.read_bytes()


def _attacks(tmp_path):
    outside = tmp_path / "outside-evil"
    return {
        # a member that extracts inside the temporary folder, named so that the copy lands beside the store
        "manifest-dotdot-through-uploads": [(_member("files/uploads/../../evil"), "files/uploads/../../evil")],
        "manifest-dotdot": [(_member("files/uploads/ab/" + "c" * 32 + ".pdf"), "files/../../evil")],
        "instance-dotdot": [(_member("instance/../../evil"), "instance/../../evil")],
        "manifest-absolute": [(_member("files/uploads/ab/" + "d" * 32 + ".pdf"), f"files/{outside}")],
        "member-absolute": [(_member(str(outside)), str(outside))],
        "symlink-member": [(_member("files/uploads/ab/link.pdf", kind=tarfile.SYMTYPE, link="/etc/passwd"), None)],
        "hardlink-member": [(_member("files/uploads/ab/hard.pdf", kind=tarfile.LNKTYPE, link="manifest.json"),
                             None)],
        "device-member": [(_member("files/uploads/ab/dev", kind=tarfile.CHRTYPE), None)],
        "name-outside-the-layout": [(_member("files/elsewhere/x"), "files/elsewhere/x")],
        "unlisted-member": [(_member("files/uploads/ab/" + "e" * 32 + ".pdf"), None)],
    }


def _tree(folder):
    """Every path below ``folder`` but the database file (opening it creates it; its tables are checked)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.name != "wardportal.db")


ATTACKS = ["manifest-dotdot-through-uploads", "manifest-dotdot", "instance-dotdot", "manifest-absolute",
           "member-absolute", "symlink-member", "hardlink-member", "device-member", "name-outside-the-layout",
           "unlisted-member"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_restore_refuses_hostile_names_and_writes_nothing(backup, tmp_path, attack):
    assert sorted(_attacks(tmp_path)) == sorted(ATTACKS)
    crafted = tmp_path / "crafted.tar.gz"
    crafted.write_bytes(_crafted(backup, _attacks(tmp_path)[attack]))
    target = tmp_path / "restored" / "instance"
    target.mkdir(parents=True)
    other = make_app(target)
    before = _tree(tmp_path / "restored")
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["restore", str(crafted)])
        assert result.exit_code == 1, result.output
        assert "Error:" in result.output and ("refused" in result.output or "damaged" in result.output)
        assert "Traceback" not in result.output
        assert not inspect(db.session.connection()).has_table("ward")  # the database stays empty
        db.session.remove()
        db.engine.dispose()
    assert _tree(tmp_path / "restored") == before
    assert not (tmp_path / "outside-evil").exists()
    assert not any(p.name == "evil" for p in tmp_path.rglob("evil"))


def test_the_real_backup_still_restores(backup, tmp_path):
    """The checks refuse only what a backup never holds."""
    crafted = tmp_path / "crafted.tar.gz"
    crafted.write_bytes(_crafted(backup, []))
    target = tmp_path / "restored" / "instance"
    target.mkdir(parents=True)
    other = make_app(target)
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["restore", str(crafted)])
        assert result.exit_code == 0, result.output
        assert db.session.scalar(db.select(Ward.id)) is not None
        db.session.remove()
        db.engine.dispose()
