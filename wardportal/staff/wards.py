"""The wards of an install: finding one by its address, listing them, what a ward's address may be."""

import re

from sqlalchemy import select

from wardportal.kernel.extensions import db
from wardportal.staff.models import Ward

# A ward's slug, the first part of every public address: lowercase ASCII words joined by single hyphens.
WARD_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def all_wards() -> list[Ward]:
    """Every ward of this install, in name order."""
    return list(db.session.scalars(select(Ward).order_by(Ward.name)))


def ward_by_slug(slug: str) -> Ward | None:
    """The ward addressed by ``slug``, or None."""
    return db.session.scalar(select(Ward).where(Ward.slug == slug))
