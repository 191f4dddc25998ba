"""Names of the catalogue's audit targets (guides and contacts), for the audit log of the staff area."""

from sqlalchemy import select

from wardportal.catalogue.models import Contact, Procedure
from wardportal.kernel.extensions import db


def procedure_names(codes: set[str], ward) -> dict[str, object]:
    """``procedure:<code>`` → "title (code)", and ``procedure-id:<code>`` → the guide's id (to link a revision)."""
    names: dict[str, object] = {}
    if ward is None:
        return names
    for procedure_id, code, title in db.session.execute(select(Procedure.id, Procedure.code, Procedure.title)
                                                        .where(Procedure.ward_id == ward.id,
                                                               Procedure.code.in_(codes))):
        names[f"procedure:{code}"] = f"{title} ({code})"
        names[f"procedure-id:{code}"] = procedure_id
    return names


def contact_names(refs: set[str], _ward) -> dict[str, object]:
    """``contact:<id>`` → the contact's name."""
    ids = {int(ref) for ref in refs if ref.isdigit()}
    if not ids:
        return {}
    return {f"contact:{contact_id}": name
            for contact_id, name in db.session.execute(select(Contact.id, Contact.name).where(Contact.id.in_(ids)))}
