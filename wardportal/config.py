"""Default settings. An install overrides them in ``instance/config.py`` and environment variables."""

# Vietnamese first: a resident who never touches the language switch reads Vietnamese.
BABEL_DEFAULT_LOCALE = "vi"
BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
# Forms left open on a counter PC all afternoon must still submit.
WTF_CSRF_TIME_LIMIT = None

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Uploads: a dossier attachment and a whole submission; staff form templates.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DOSSIER_BYTES = 50 * 1024 * 1024
MAX_FORM_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_CONTENT_LENGTH = 60 * 1024 * 1024

RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_HEADERS_ENABLED = True

# Load the demo ward on first start when the database is empty (the README's first command relies on it).
SEED_DEMO_WHEN_EMPTY = True

# The public name of this install (shown on the ward list and in the signing root certificate).
INSTALL_NAME = "Cổng dịch vụ công cấp xã"

# Leaders' personal signatures (issue 15). The PKCS#11 module through which the server reaches the leaders'
# tokens or HSM, e.g. "/usr/lib/softhsm/libsofthsm2.so" or a vendor's token library; empty = tokens off
# (leaders can still sign with a PKCS#12 file given for one signature). Only this setting names a library.
PKCS11_MODULE_PATH = ""
# CA certificates (paths of PEM/DER files) trusted for personal signatures: leaders', citizens', and the
# timestamp authority's. The install ships none it cannot vouch for; add the licensed CAs you trust.
SIGNATURE_TRUST_ROOTS: list = []
# An RFC 3161 timestamp authority: when set, every approval signature carries a trusted signing time.
SIGNING_TSA_URL = ""
# In a ward with at least one leader, results are made only through a leader's approval (the desk's direct
# "mark ready" is refused); False keeps the direct path for wards that want it.
RESULTS_NEED_APPROVAL = True
