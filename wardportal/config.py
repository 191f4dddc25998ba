"""Default settings. An install overrides them in ``instance/config.py`` and environment variables."""

# Vietnamese first: a resident who never touches the language switch reads Vietnamese.
BABEL_DEFAULT_LOCALE = "vi"
BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

# hide_parameters: a database error logged with its traceback never shows the values (residents' data).
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
# Forms left open on a counter PC all afternoon must still submit.
WTF_CSRF_TIME_LIMIT = None

# The site's public address (https://host[/path]): every absolute URL in receipts, QR codes, slips, e-mails,
# SMS, staff links and the API is built from it, and requests for any other host are refused. Unset: only
# loopback hosts are answered outside debug/testing (see wardportal/public_address.py).
PUBLIC_BASE_URL = None
# How many reverse proxies in front of the app append X-Forwarded-For / X-Forwarded-Proto (0: none, the
# headers are ignored). The client address then feeds the rate limits and the audit log.
PROXY_COUNT = 0
# Strict-Transport-Security on responses served over HTTPS; None means "on unless debug".
HSTS_ENABLED = None
HSTS_MAX_AGE = 365 * 24 * 3600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Uploads: a dossier attachment and a whole submission; staff form templates.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DOSSIER_BYTES = 50 * 1024 * 1024
MAX_FORM_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_CONTENT_LENGTH = 60 * 1024 * 1024
# Anonymous online drafts (see draft_limits): storage per draft, per opening address per day, and how long
# an untouched draft keeps its files (its row, with the typed answers, stays until purge-drafts --days).
MAX_DRAFT_BYTES = 25 * 1024 * 1024
MAX_DRAFT_BYTES_PER_ADDRESS_DAY = 100 * 1024 * 1024
DRAFT_FILE_RETENTION_DAYS = 3

# Where the rate limits count. memory:// is exact only in one process (the README's single-server command:
# gunicorn -w 1 --threads 8); several workers or servers share redis://host:6379/0 (pip extra "redis"),
# else every limit is as many times looser as there are processes (kernel/rate_limit_store.py says so at
# start). If the shared store is unreachable, each process counts in memory until it is back.
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
RATELIMIT_HEADERS_ENABLED = True

# Load the fictitious demo ward on the first request when the database is empty. None: only under
# `flask run` (the README's first command), never under gunicorn; True: always; False: never.
SEED_DEMO_WHEN_EMPTY = None

# Logging (kernel/logs.py): the lowest level written (INFO shows the log senders' e-mails and SMS), and one
# JSON object a line instead of text.
LOG_LEVEL = "INFO"
LOG_JSON = False

# The public name of this install (shown on the ward list and in the signing root certificate).
INSTALL_NAME = "Cổng dịch vụ công cấp xã"

# Online payment (optional): "package.module:Class" of a payments.gateway.PaymentGateway, e.g.
# "wardportal.payments.gateway:HmacRedirectGateway" with PAYMENT_GATEWAY_URL, _MERCHANT and _SECRET.
# Without it residents pay by VietQR transfer (matched from bank statements) or at the counter.
PAYMENT_GATEWAY = None
# Bank statement CSV layouts offered for reconciliation; None: payments.statements.DEFAULT_LAYOUTS.
BANK_STATEMENT_LAYOUTS = None

# Wrong phone digits (tracking form and QR page together, counted per dossier in the database): this many
# within the window (counted from the first wrong answer) lock the dossier's detail view until the window
# ends, so the guesses per dossier are bounded per window; the applicant is told and can lift the lock with a
# one-time code sent to the phone/e-mail on the dossier, valid this many minutes, at most this many a window.
TRACK_PHONE_MAX_FAILURES = 5
TRACK_PHONE_WINDOW_MINUTES = 24 * 60
# Settings an older release read: an install that still sets one is told at start, in one line, what replaced it.
RETIRED_SETTINGS = {
    "TRACK_PHONE_LOCK_MINUTES": "a dossier stays locked until TRACK_PHONE_WINDOW_MINUTES after its first wrong "
                                "answer; the applicant lifts it with a one-time code",
}
TRACK_UNLOCK_CODE_MINUTES = 15
TRACK_UNLOCK_MAX_CODES = 3

# Searches per client address (pages, htmx active search and the API), and the work one query may cause
# is bounded in search/limits.py.
SEARCH_RATE_LIMIT = "120 per minute;3000 per hour"
# Several servers: the store every server shares for uploads, generated documents, signing keys and the
# generated secret key (e.g. a network file system mount). None: the instance folder (one server).
FILES_PATH = None
# How often (seconds, per process) a server looks for catalogue changes made through other servers.
SEARCH_SYNC_INTERVAL = 1.0
# Key (32 random bytes, URL-safe base64) that seals staff two-step sign-in seeds in the database with
# AES-256-GCM (set WARDPORTAL_TOTP_KEY). None: the key file ``totp_key`` in the files store, made once (0600).
TOTP_KEY = None
# Passphrase that encrypts the install's root CA private key at rest (set WARDPORTAL_CA_KEY_PASSPHRASE).
CA_KEY_PASSPHRASE = None
# How `flask backup` encrypts archives (they hold the secret key, signing keys and two-step seeds): a
# passphrase (AES-256-GCM, scrypt; also read by `restore`), or an age public key "age1…" (the identity that
# decrypts stays offline: `restore --identity FILE`). Neither set: backup refuses unless --unencrypted.
BACKUP_PASSPHRASE = None
BACKUP_AGE_RECIPIENT = None
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

# Its name on the English pages (empty: the Vietnamese name is used there too).
INSTALL_NAME_EN = "Commune public service portal"

# How often (seconds, per process) page views look for guide changes whose effective date has come.
SCHEDULED_CHECK_INTERVAL = 1.0

# Probes and metrics (operations/probes.py). Client networks (CIDR; a list, or one string separated by commas)
# allowed to read /metrics, checked against the client address the rate limits and the audit log use
# (PROXY_COUNT decides whether X-Forwarded-For counts); every other address gets 404.
METRICS_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
# /readyz: each check (database, files store, search index, outbox) answers within this many seconds or fails.
READY_CHECK_TIMEOUT = 2.0
# /readyz fails when the oldest e-mail/SMS due for sending has waited longer than this (seconds): the
# worker is down or every send fails.
READY_OUTBOX_MAX_AGE = 900
# /readyz fails when this server's search index still misses a catalogue change older than this (seconds).
READY_SEARCH_MAX_LAG = 300
# Residents' sign-in with the national identity (VNeID through the national platform, or the province's SSO):
# any OpenID Connect provider, found by discovery at OIDC_ISSUER (/.well-known/openid-configuration), this
# portal registered there as a confidential client with the redirect URI <PUBLIC_BASE_URL>/dang-nhap/oidc/ve
# and the post-logout URI <PUBLIC_BASE_URL>/. All three unset: no sign-in link anywhere and its pages are 404.
OIDC_ISSUER = ""
OIDC_CLIENT_ID = ""
OIDC_CLIENT_SECRET = ""
# Scopes asked for, and the ID token claims holding the citizen ID (số định danh cá nhân, 12 digits) and
# whether the provider verified it (true only when checked against the national population database).
OIDC_SCOPES = "openid profile address citizen"
OIDC_CITIZEN_ID_CLAIM = "citizen_id"
OIDC_CITIZEN_ID_VERIFIED_CLAIM = "citizen_id_verified"
# A resident's session ends after this many seconds, signed-in or idle.
RESIDENT_SESSION_SECONDS = 8 * 60 * 60
# Sign-in and callback requests per client address.
RESIDENT_SIGN_IN_RATE_LIMIT = "30 per minute"
