"""Per-ward search vocabulary that editors extend."""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class SearchSynonym(db.Model):
    """An everyday phrase residents type and the official wording it stands for, in one ward."""

    __tablename__ = "search_synonym"
    __table_args__ = (UniqueConstraint("ward_id", "phrase", name="uq_search_synonym_ward_phrase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    phrase: Mapped[str] = mapped_column(String(120))
    expansion: Mapped[str] = mapped_column(String(300))
