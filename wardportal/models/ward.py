"""A ward or commune: the unit that owns procedures, staff, contacts and dossiers."""

from datetime import datetime, time

from markupsafe import Markup
from sqlalchemy import Boolean, DateTime, Integer, String, Text, Time, event, inspect, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..markdown_text import render_markdown
from .columns import utcnow


class Ward(db.Model):
    """A ward (phường) or commune (xã) served by this install, addressed by its slug in URLs."""

    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    # Prefix of dossier codes (UNITCODE-YYMMDD-NNNN); must not contain spaces. Unique across the install,
    # or two wards would hand out the same dossier codes.
    unit_code: Mapped[str] = mapped_column(String(40), unique=True)
    province: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    hours: Mapped[str] = mapped_column(String(300), default="")
    hotline: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    notice: Mapped[str] = mapped_column(Text, default="")
    # Every account holding a role that sees residents' personal data (desk roles) must use two-step sign-in.
    require_two_step: Mapped[bool] = mapped_column(Boolean, default=False)
    # Applications received after this local time count from the next working day (Decree 61/2018 practice).
    cutoff_time: Mapped[time] = mapped_column(Time, default=time(15, 0), server_default=text("'15:00:00'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The notice's sanitised HTML, rendered when the notice is saved.
    notice_html: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Bumped in the same transaction as every change to what the ward's public pages show (page_cache):
    # each server compares it with the generation of its cached pages, so no server serves an old page.
    content_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    content_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    procedures = relationship("Procedure", back_populates="ward", lazy="dynamic")
    contacts = relationship("Contact", back_populates="ward", order_by="Contact.position",
                            cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Ward {self.slug}>"

    @property
    def notice_rendered(self) -> Markup:
        """The home page notice as sanitised HTML (stored at save; rendered now if never stored)."""
        if self.notice_html is None:
            return render_markdown(self.notice)
        return Markup(self.notice_html)


@event.listens_for(Ward, "before_insert")
@event.listens_for(Ward, "before_update")
def _store_notice_html(_mapper, _connection, ward: Ward) -> None:
    """Render the notice's Markdown once per save rather than on every home page view."""
    if ward.notice_html is None or inspect(ward).attrs["notice"].history.has_changes():
        ward.notice_html = str(render_markdown(ward.notice))
