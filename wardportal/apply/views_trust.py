"""The install CA's revocation list, published where the certificates it issues say it is (their CRL
distribution point), so any verifier — Adobe Reader, a court's software, the portal itself — can see that a
ward's compromised key was revoked."""

from flask import abort

from wardportal.apply.blueprint import bp
from wardportal.dossiers.receipts import ca_passphrase
from wardportal.kernel import file_storage, revocation
from wardportal.kernel.http_headers import may_be_stored


@bp.get(revocation.CRL_PATH_IN_SITE)
@may_be_stored  # the same public list for everyone
def revocation_list():
    """The CRL (DER), re-signed first when it is close to its next update."""
    der = revocation.current_crl(file_storage.files_root(), ca_passphrase())
    if der is None:
        abort(404)
    # public and cacheable for an hour: verifiers fetch it often, and a revocation is announced within the hour
    return file_storage.send_bytes(der, "application/pkix-crl", "goc.crl", max_age=3600, private=False)
