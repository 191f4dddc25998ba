"""The public site's session listeners: a commit that changes what a ward's pages show moves the ward's
content generation on, so the page cache of every server stops serving the old pages."""

from sqlalchemy.orm import Session

from wardportal.kernel.hooks import listen
from wardportal.site.page_cache import generations


def register(_app) -> None:
    listen(Session, "after_flush", generations.after_flush)
    listen(Session, "before_commit", generations.before_commit)
    listen(Session, "after_commit", generations.after_commit)
    # Only a real rollback forgets the pending wards: a rolled-back savepoint leaves the outer changes.
    listen(Session, "after_rollback", generations.after_rollback)
