"""The catalogue's listeners and hooks: guides' Markdown rendered at save; guides and contacts named in the
audit log."""

from wardportal.catalogue.audit_names import contact_names, procedure_names
from wardportal.catalogue.models import Procedure, store_rendered_html
from wardportal.kernel.hooks import listen
from wardportal.staff.audit import register_target_namer


def register(_app) -> None:
    listen(Procedure, "before_insert", store_rendered_html)
    listen(Procedure, "before_update", store_rendered_html)
    register_target_namer("procedure", procedure_names)
    register_target_namer("contact", contact_names)
