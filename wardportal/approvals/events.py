"""Approvals' listeners: citizens' signed PDFs are checked after their upload commits, a form the applicant
must sign is refused unsigned at upload, and a signed result must carry an enrolled leader's signature."""

from sqlalchemy.orm import Session

from wardportal.approvals import citizen_signatures, enrolment
from wardportal.dossiers.models import DossierFile
from wardportal.dossiers.signals import result_signers_wanted, upload_check_wanted
from wardportal.kernel.hooks import listen, receive


def register(_app) -> None:
    listen(DossierFile, "after_insert", citizen_signatures.note_new_file)
    listen(Session, "after_commit", citizen_signatures.check_due_files)
    listen(Session, "after_rollback", citizen_signatures.forget_due_files)
    receive(upload_check_wanted, citizen_signatures.signed_form_check)
    receive(result_signers_wanted, enrolment.expected_result_signers)
