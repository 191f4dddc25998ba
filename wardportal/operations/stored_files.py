"""Who owns each file of the files store: the one registry `check-storage` verifies and keeps files by.

A column names a stored file when its `info` carries the `columns.stored_file` mark; every model built on
`StoredFileColumns` has it by construction, and the other columns (publication PDFs and pictures, feedback
photos, blank forms kept in the database) carry it where they are declared. So this registry is read from
the models, never kept as a second list that a new kind of file could be forgotten in
(tests/test_stored_files.py fails for any column naming stored files without the mark).

Revisions of a publication also name the files it had before (its earlier pictures and PDFs, the unsigned
original of a sealed document): those are history, kept but not required to be there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from wardportal.kernel.columns import STORED_FILE
from wardportal.kernel.extensions import db
from wardportal.publications.models import PublicationRevision

# The keys of a publication revision's snapshot that name stored files.
PUBLICATION_HISTORY_KEYS = ("image_name", "pdf_name", "unsigned_pdf_name")


@dataclass(frozen=True)
class FileReference:
    """A column naming stored files (or holding their bytes), with where its hash and size are kept."""

    kind: str
    model: type
    column: str
    sha256: str | None
    size: str | None
    label: tuple[str, ...]
    in_database: bool


@dataclass(frozen=True)
class OwnedFile:
    """One file a row owns: its stored name (None when its bytes are in the database), what it should be,
    and the owner in words a report can show (kind, row id and public labels only: no personal data)."""

    kind: str
    owner: str
    stored_name: str | None
    sha256: str
    size: int | None
    reference: FileReference
    row_id: int


def references() -> list[FileReference]:
    """Every marked column of every mapped model, in a stable order."""
    found = []
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        for prop in mapper.column_attrs:
            mark = prop.columns[0].info.get(STORED_FILE)
            if mark is None:
                continue
            label = mark["label"] or getattr(model, "stored_file_label", ())
            kind = mark["kind"] or model.__tablename__.replace("_", " ")
            found.append(FileReference(kind, model, prop.key, mark["sha256"], mark["size"], tuple(label),
                                       mark["in_database"]))
    return sorted(found, key=lambda ref: (ref.model.__tablename__, ref.column))


def _owner_text(ref: FileReference, row_id: int, labels: tuple) -> str:
    """E.g. "publication PDF 6 (document 'Quyết định …')" or "dossier file 12 (receipt, dossier_id 3)"."""
    parts = []
    for name, value in zip(ref.label, labels):
        if name in ("kind", "title"):
            parts.append(f"'{value}'" if name == "title" else str(value))
        else:
            parts.append(f"{name} {value}")
    return f"{ref.kind} {row_id}" + (f" ({', '.join(parts)})" if parts else "")


def owned_files(ref: FileReference) -> Iterator[OwnedFile]:
    """The files the rows of one reference own (rows naming no file are skipped)."""
    model = ref.model
    columns = [model.id, getattr(model, ref.sha256), getattr(model, ref.size) if ref.size else None,
               *(getattr(model, name) for name in ref.label)]
    name_column = getattr(model, ref.column)
    query = (select(*(c for c in columns if c is not None),
                    *([] if ref.in_database else [name_column]))
             .where(name_column.is_not(None)).order_by(model.id))
    for row in db.session.execute(query).yield_per(1000):
        row_id, digest, *rest = row
        size = rest.pop(0) if ref.size else None
        stored_name = None if ref.in_database else rest.pop()
        yield OwnedFile(ref.kind, _owner_text(ref, row_id, tuple(rest)), stored_name, digest or "", size, ref,
                        row_id)


def database_bytes(owned: OwnedFile) -> bytes:
    """The bytes of a file kept in the database (a blank form)."""
    ref = owned.reference
    return db.session.scalar(select(getattr(ref.model, ref.column)).where(ref.model.id == owned.row_id)) or b""


def history_names() -> set[str]:
    """Stored names that publication revisions name: earlier pictures and PDFs, unsigned originals."""
    names = set()
    for snapshot in db.session.scalars(select(PublicationRevision.snapshot)).yield_per(1000):
        names.update(snapshot[key] for key in PUBLICATION_HISTORY_KEYS if (snapshot or {}).get(key))
    return names
