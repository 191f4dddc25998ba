"""Column types and defaults shared by the models."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from wardportal.kernel.extensions import db
# Column default for "when": timezone-aware now, stored as UTC, shown in Asia/Ho_Chi_Minh by the templates.
from wardportal.kernel.times import now_utc as utcnow  # noqa: F401


# The `info` key marking a column that names a file of the files store (or holds one's bytes): the one
# registry `stored_files` is read from these marks, so `check-storage` knows every owner of a file.
STORED_FILE = "stored_file"


def stored_file(kind: str = "", *, sha256: str | None = None, size: str | None = None,
                label: tuple[str, ...] = (), in_database: bool = False) -> dict:
    """The `info` of a column naming a stored file: what kind of file (e.g. "publication PDF"; the table's
    name when empty), the attributes holding its SHA-256 and size, the owner's attributes that tell it apart
    in a report (never personal data), and whether the column holds the bytes themselves."""
    return {STORED_FILE: {"kind": kind, "sha256": sha256, "size": size, "label": label,
                          "in_database": in_database}}


class StoredFileColumns:
    """What is kept about an uploaded or generated file stored under ``<instance>/uploads/``.

    Every model made with these columns is an owner `check-storage` knows (see `stored_file`); its
    ``stored_file_label`` names the owner's attributes shown in a report.
    """

    stored_file_label: tuple[str, ...] = ()

    original_name: Mapped[str] = mapped_column(String(300))
    # Generated; the uploaded name is never used on disk.
    stored_name: Mapped[str] = mapped_column(String(200), unique=True,
                                             info=stored_file(sha256="sha256", size="size"))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RevisionColumns:
    """A saved state of an edited thing (a guide, a publication): its number, what was done, by whom and
    when, which fields changed, and the full snapshot. The owner's key and relationship are the model's."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    # What was done: saved, published, unpublished, restored, … (each model lists its own)
    action: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    # Kept as text so the history still names the author after the account is removed.
    author_name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)
    snapshot: Mapped[dict] = mapped_column(JSON)

    @classmethod
    def append(cls, key: str, owner, action: str, author, now: datetime, changed: list[str],
               state: Callable[[], dict]):
        """Add the next numbered revision of ``owner`` (a guide, a publication; ``key``: the name of the
        column pointing at it) by ``author`` (a StaffUser or None), holding ``state()``. The session is
        flushed first: a new owner gets its id and defaults, and the number counts every earlier revision."""
        db.session.flush()
        last = db.session.scalar(select(func.max(cls.number)).where(getattr(cls, key) == owner.id)) or 0
        revision = cls(**{key: owner.id}, number=last + 1, action=action,
                       author_id=author.id if author else None, author_name=author.full_name if author else "",
                       created_at=now, changed_fields=changed, snapshot=state())
        db.session.add(revision)
        return revision

    @classmethod
    def append_many(cls, key: str, owners: list, action: str, author, now: datetime,
                    changes: list[tuple[list[str], dict]]) -> None:
        """`append` for many owners at once (an import of thousands of guides): one flush and one query
        for every owner's last number, instead of a flush and a query each. ``changes[i]`` is the
        (changed fields, state) of ``owners[i]``."""
        db.session.flush()
        ids = [owner.id for owner in owners]
        last: dict[int, int] = {}
        column = getattr(cls, key)
        for start in range(0, len(ids), 500):  # bound the IN list
            last.update(db.session.execute(select(column, func.max(cls.number))
                                           .where(column.in_(ids[start:start + 500])).group_by(column)).all())
        db.session.add_all([
            cls(**{key: owner.id}, number=last.get(owner.id, 0) + 1, action=action,
                author_id=author.id if author else None, author_name=author.full_name if author else "",
                created_at=now, changed_fields=changed, snapshot=state)
            for owner, (changed, state) in zip(owners, changes)])
