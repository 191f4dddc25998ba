"""Every setting the portal reads, in one table: its type, default and a one-line meaning.

The table is the single source for reading the environment (``WARDPORTAL_<NAME>``, values parsed by the
setting's type), for checking a value at start, for ``flask settings`` and for the README's settings
reference (scripts/settings-reference.py). A default shown here is the one the code applies: the value in
``wardportal/config.py`` when it sets one, else the fallback the reading code uses (``Setting.default``).

Types, as written in an environment variable: ``text`` as is; ``int`` and ``number`` as digits; ``bool`` as
true/false (also 1/0, yes/no, on/off); ``list`` as a JSON list or items separated by commas
(``a.example, b.example``); ``json`` as a JSON list or object (``{"phuong-lam": {"path": "/srv/lam.p12"}}``);
``limit`` as a rate limit (``"20 per minute; 200 per day"``); ``url`` as a URL. An empty value means "not set"
(the default).
"""

from __future__ import annotations

from dataclasses import dataclass

from wardportal import config as default_config

UNSET = object()


class SettingError(Exception):
    """A setting with a value the portal cannot use: the message names it, in one line."""


@dataclass(frozen=True)
class Setting:
    name: str
    type: str
    meaning: str
    default: object = UNSET   # only for settings wardportal/config.py does not set
    secret: bool = False      # masked in `flask settings` and the start-up line

    @property
    def default_value(self):
        if hasattr(default_config, self.name):
            return getattr(default_config, self.name)
        return None if self.default is UNSET else self.default


def _s(name, type_, meaning, default=UNSET, secret=False):
    return Setting(name, type_, meaning, default, secret)


SETTINGS: tuple[Setting, ...] = (
    # Where things are
    _s("DATABASE_URL", "url", "PostgreSQL database (postgresql://user:pass@host/db; needs the `postgres` extra); "
       "unset: SQLite in the instance folder. Bare DATABASE_URL is read too.", default=None, secret=True),
    _s("INSTANCE_PATH", "text", "Instance folder (SQLite database, search index, instance/config.py); environment "
       "only. Unset: the checkout's instance/ (or ./instance for an installed wheel).", default=None),
    _s("FILES_PATH", "text", "Files store: uploads, generated documents, signing keys, secret key; every server "
       "of a multi-server install mounts the same one. Unset: the instance folder."),
    _s("SEARCH_INDEX_PATH", "text", "Folder of this server's search index (each server keeps its own). Unset: "
       "instance/search-index.", default=None),
    _s("PUBLIC_BASE_URL", "url", "The site's public address (https://host[/path]); every absolute URL is built "
       "from it and other host names are refused."),
    _s("TRUSTED_HOSTS", "list", "Extra host names answered besides the public address's (e.g. a health-check "
       "name).", default=None),
    _s("PROXY_COUNT", "int", "Reverse proxies in front of the app that append X-Forwarded-For/-Proto (0: the "
       "headers are ignored)."),
    _s("INSTALL_NAME", "text", "Public name of the install (ward list, signing root certificate)."),
    _s("INSTALL_NAME_EN", "text", "Its name on the English pages (empty: the Vietnamese name)."),
    # Secrets
    _s("SECRET_KEY", "text", "Session signing key. Unset: generated once into the files store.", default=None,
       secret=True),
    _s("TOTP_KEY", "text", "Key sealing staff two-step sign-in seeds (32 random bytes, URL-safe base64). Unset: "
       "the key file totp_key in the files store.", secret=True),
    _s("BACKUP_PASSPHRASE", "text", "Passphrase `backup` encrypts archives with (12+ characters; `restore` needs it).",
       secret=True),
    _s("BACKUP_AGE_RECIPIENT", "text", "age public key (age1…) `backup` encrypts archives to; the identity stays offline."),
    _s("CA_KEY_PASSPHRASE", "text", "Passphrase encrypting the root CA private key at rest (warned about when "
       "unset).", secret=True),
    _s("WARD_SIGNING_P12", "json", "Per ward slug, a PKCS#12 receipt-signing key: {\"slug\": {\"path\": ..., "
       "\"passphrase\": ...}}. Unset: a generated key per ward.", default={}, secret=True),
    # Start-up and demo
    _s("AUTO_INIT_DB", "bool", "Create/upgrade the schema on the first request. Default: on for SQLite, off for "
       "PostgreSQL (run `flask init`).", default="sqlite only"),
    _s("SEED_DEMO_WHEN_EMPTY", "bool", "Load the fictitious demo ward into an empty database on the first "
       "request. Unset: only under `flask run`, never under gunicorn; true: always; false: never."),
    # Residents' sign-in (OpenID Connect)
    _s("OIDC_ISSUER", "url", "Issuer URL of the residents' OpenID Connect provider (VNeID gateway, province SSO); "
       "unset: no resident sign-in."),
    _s("OIDC_CLIENT_ID", "text", "This portal's client id at the provider."),
    _s("OIDC_CLIENT_SECRET", "text", "This portal's client secret at the provider.", secret=True),
    _s("OIDC_SCOPES", "text", "Scopes asked for at sign-in."),
    _s("OIDC_CITIZEN_ID_CLAIM", "text", "ID token claim holding the citizen ID (12 digits)."),
    _s("OIDC_CITIZEN_ID_VERIFIED_CLAIM", "text", "ID token claim saying the provider verified the citizen ID."),
    _s("RESIDENT_SESSION_SECONDS", "int", "Seconds a resident's session lasts."),
    _s("RESIDENT_SIGN_IN_RATE_LIMIT", "limit", "Resident sign-in and callback requests per client address."),
    # Logs
    _s("LOG_LEVEL", "text", "Lowest level written to the log (DEBUG, INFO, WARNING, ERROR)."),
    _s("LOG_JSON", "bool", "Write one JSON object a line instead of text lines."),
    # Mail and SMS
    _s("MAIL_SERVER", "text", "SMTP server for e-mail. Unset: e-mails are written to the log (masked, no text).",
       default=None),
    _s("MAIL_PORT", "int", "SMTP port. Default: 465 with MAIL_USE_SSL, else 25.", default=None),
    _s("MAIL_USE_TLS", "bool", "STARTTLS after connecting.", default=False),
    _s("MAIL_USE_SSL", "bool", "Connect over TLS from the start.", default=False),
    _s("MAIL_USERNAME", "text", "SMTP user name (no sign-in when unset).", default=None),
    _s("MAIL_PASSWORD", "text", "SMTP password.", default=None, secret=True),
    _s("MAIL_DEFAULT_SENDER", "text", "From address. Default: INSTALL_NAME <no-reply@MAIL_SERVER>.",
       default=None),
    _s("MAIL_TIMEOUT", "number", "Seconds an SMTP call may take.", default=10),
    _s("MAIL_SUPPRESS_SEND", "bool", "Never send e-mail even with MAIL_SERVER set (written to the log instead).",
       default=False),
    _s("SMS_SENDER", "text", "SMS gateway class \"package.module:Class\" (constructed with the settings). Unset: "
       "SMS are written to the log (masked, no text).", default=None),
    _s("OUTBOX_LEASE_SECONDS", "number", "How long a worker's claim on an outbox message keeps other workers "
       "off it.", default=300),
    # Rate limits
    _s("RATELIMIT_STORAGE_URI", "url", "Where rate limits count: memory:// (one process) or redis://host:6379/0 "
       "(shared; `redis` extra).", secret=True),
    _s("RATELIMIT_ENABLED", "bool", "Rate limits on or off.", default=True),
    _s("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", "bool", "Count in memory while the shared store is unreachable."),
    _s("RATELIMIT_HEADERS_ENABLED", "bool", "Send X-RateLimit-* headers."),
    _s("STAFF_LOGIN_LIMIT_ADDRESS", "limit", "Staff sign-in attempts per client address.",
       default="20 per minute; 200 per day"),
    _s("STAFF_LOGIN_LIMIT_ACCOUNT", "limit", "Staff sign-in attempts per account.", default="5 per minute; 30 per day"),
    _s("TRACK_LIMIT_PER_ADDRESS", "limit", "Tracking look-ups per client address (pages and API).",
       default="30 per minute;300 per day"),
    _s("SEARCH_RATE_LIMIT", "limit", "Searches per client address (pages, htmx and the API)."),
    _s("FEEDBACK_RATE_LIMIT", "limit", "Feedback reports per client address.", default="10 per hour; 30 per day"),
    _s("API_RATE_LIMIT_PER_KEY", "limit", "API calls per API key.", default="1200 per hour"),
    _s("DRAFT_RATE_LIMIT", "limit", "Online drafts opened per client address.", default="30 per hour"),
    _s("UPLOAD_RATE_LIMIT", "limit", "Draft file uploads per client address.", default="120 per hour"),
    _s("SUBMIT_RATE_LIMIT", "limit", "Online submissions per client address.", default="10 per minute;50 per day"),
    _s("VERIFY_RATE_LIMIT", "limit", "Signed-document checks per client address.", default="30 per minute"),
    _s("API_RATE_LIMIT_ANONYMOUS", "limit", "API calls per client address without a key.", default="300 per hour"),
    # Cookies and headers
    _s("ALLOW_INSECURE_COOKIES", "bool", "Session cookies without Secure outside debug (a plain-HTTP trial only).",
       default=False),
    _s("HSTS_ENABLED", "bool", "Strict-Transport-Security over HTTPS. Unset: on unless debug."),
    _s("HSTS_MAX_AGE", "int", "Its max-age in seconds."),
    _s("SESSION_COOKIE_HTTPONLY", "bool", "Session cookie hidden from scripts."),
    _s("SESSION_COOKIE_SAMESITE", "text", "Session cookie SameSite attribute."),
    _s("REMEMBER_COOKIE_NAME", "text", "Staff remember-me cookie name (pages are not cached for it).",
       default="remember_token"),
    _s("WTF_CSRF_ENABLED", "bool", "Check the CSRF token of every form (off only in tests).", default=True),
    _s("WTF_CSRF_TIME_LIMIT", "int", "Seconds a form's CSRF token lasts (unset: as long as the session)."),
    _s("STAFF_IDLE_TIMEOUT", "int", "Seconds of inactivity that end a staff session.", default=30 * 60),
    _s("STAFF_ABSOLUTE_TIMEOUT", "int", "Seconds after sign-in that end a staff session.", default=12 * 60 * 60),
    # Languages
    _s("BABEL_DEFAULT_LOCALE", "text", "Language of a visitor who never picks one."),
    _s("BABEL_DEFAULT_TIMEZONE", "text", "Time zone of dates shown."),
    _s("LANGUAGES", "json", "Languages offered: {\"code\": \"name\"}."),
    # Uploads and drafts
    _s("MAX_FILE_BYTES", "int", "Largest dossier attachment."),
    _s("MAX_DOSSIER_BYTES", "int", "Largest whole submission."),
    _s("MAX_DOSSIER_FILES", "int", "Most files in one dossier.", default=30),
    _s("MAX_FORM_TEMPLATE_BYTES", "int", "Largest staff form template."),
    _s("MAX_CONTENT_LENGTH", "int", "Largest request body."),
    _s("MAX_IMAGE_PIXELS", "int", "Most pixels an uploaded image may declare.", default=80_000_000),
    _s("MAX_DECODED_PIXELS", "int", "Most pixels an image is decoded at when re-encoded.", default=16_000_000),
    _s("PUBLICATION_IMAGE_MAX_SIDE", "int", "Longest side (pixels) of a published picture.", default=1200),
    _s("MAX_DRAFT_BYTES", "int", "Storage per anonymous online draft."),
    _s("MAX_DRAFT_BYTES_PER_ADDRESS_DAY", "int", "Draft storage per opening address per day."),
    _s("DRAFT_FILE_RETENTION_DAYS", "int", "Days an untouched draft keeps its files."),
    # Tracking
    _s("TRACK_PHONE_MAX_FAILURES", "int", "Wrong phone answers per dossier within the window that lock it."),
    _s("TRACK_PHONE_WINDOW_MINUTES", "int", "That window, from the first wrong answer."),
    _s("TRACK_UNLOCK_CODE_MINUTES", "int", "Minutes a one-time unlock code is valid."),
    _s("TRACK_UNLOCK_MAX_CODES", "int", "Unlock codes sent per window."),
    # Work rules and signatures
    _s("OFFICE_HOURS", "json", "Office hours for the acceptance clock: [[\"07:30\", \"11:30\"], [\"13:30\", "
       "\"17:30\"]].", default=(("07:30", "11:30"), ("13:30", "17:30"))),
    _s("ACCEPTANCE_WARNING_MINUTES", "int", "Office minutes before the acceptance deadline when the desk is "
       "warned.", default=120),
    _s("RESULTS_NEED_APPROVAL", "bool", "In a ward with a leader, results only through a leader's approval."),
    _s("PKCS11_MODULE_PATH", "text", "PKCS#11 library reaching leaders' tokens or HSM (empty: tokens off)."),
    _s("SIGNATURE_TRUST_ROOTS", "list", "CA certificate files (PEM/DER paths) trusted for personal signatures."),
    _s("SIGNING_TSA_URL", "url", "RFC 3161 timestamp authority for approval signatures (empty: none)."),
    # Payments
    _s("PAYMENT_GATEWAY", "text", "Online payment gateway class \"package.module:Class\" (unset: VietQR transfer "
       "and counter)."),
    _s("PAYMENT_GATEWAY_URL", "url", "The gateway's payment page.", default=None),
    _s("PAYMENT_GATEWAY_MERCHANT", "text", "Merchant code at the gateway.", default=None),
    _s("PAYMENT_GATEWAY_SECRET", "text", "Shared secret signing gateway messages.", default=None, secret=True),
    _s("BANK_STATEMENT_LAYOUTS", "json", "Bank statement CSV layouts for reconciliation (unset: the built-in "
       "two)."),
    # Caches and background checks
    _s("PAGE_CACHE_ENABLED", "bool", "Keep public pages rendered in memory.", default=True),
    _s("PAGE_CACHE_MAX_ENTRIES", "int", "Most pages kept.", default=2000),
    _s("PAGE_CACHE_MAX_BYTES", "int", "Most bytes kept.", default=64 * 1024 * 1024),
    _s("PAGE_CACHE_GENERATION_TTL", "number", "Seconds before a server notices another server's change.",
       default=1.0),
    _s("SEARCH_SYNC_INTERVAL", "number", "Seconds between looks for catalogue changes made through other "
       "servers."),
    _s("SCHEDULED_CHECK_INTERVAL", "number", "Seconds between looks for guide changes that came due."),
    # Probes and metrics (operations/probes.py)
    _s("METRICS_ALLOWED_NETWORKS", "list", "Client networks (CIDR) allowed to read /metrics; others get 404."),
    _s("READY_CHECK_TIMEOUT", "number", "Seconds each /readyz check may take before it fails."),
    _s("READY_OUTBOX_MAX_AGE", "int", "Seconds the oldest due e-mail/SMS may wait before /readyz fails."),
    _s("READY_SEARCH_MAX_LAG", "int", "Seconds the search index may lag a catalogue change before /readyz fails."),
    _s("COMPRESS_REGISTER", "bool", "The app compresses its responses (false: the proxy does).", default=True),
    _s("COMPRESS_ALGORITHM", "list", "Compressions offered, best first.", default=["zstd", "br", "gzip"]),
    _s("COMPRESS_BR_LEVEL", "int", "Brotli level.", default=4),
    _s("COMPRESS_MIN_SIZE", "int", "Smallest response compressed (bytes).", default=500),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}
# Environment names under the prefix that are not settings of the app: the test and benchmark harnesses',
# and the new password a script hands to the staff password command (staff/cli.py).
NOT_SETTINGS_PREFIXES = ("TEST_", "BENCH_", "LOCK_GUARD_", "SCREENSHOTS", "NEW_PASSWORD")
# Names in config.py that are not settings an install sets.
INTERNAL = frozenset({"RETIRED_SETTINGS", "SQLALCHEMY_ENGINE_OPTIONS"})

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse(setting: Setting, text: str, source: str):
    """The value of ``text`` for ``setting``, or a SettingError naming it and its source."""
    import json

    def wrong(expected):
        return SettingError(f"{source}: {expected}, not {text!r}")

    value = text.strip()
    if value == "" and setting.type not in ("text",):
        return setting.default_value
    if setting.type == "int":
        try:
            return int(value)
        except ValueError:
            raise wrong("a whole number is expected") from None
    if setting.type == "number":
        try:
            return float(value)
        except ValueError:
            raise wrong("a number is expected") from None
    if setting.type == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise wrong("true or false is expected")
    if setting.type == "list" and not value.startswith("["):
        return [item.strip() for item in value.split(",") if item.strip()]
    if setting.type in ("json", "list"):
        try:
            parsed = json.loads(value)
        except ValueError:
            raise wrong("a JSON list or object is expected") from None
        if setting.type == "list" and not isinstance(parsed, list):
            raise wrong("a JSON list or items separated by commas are expected")
        if not isinstance(parsed, (list, dict)):
            raise wrong("a JSON list or object is expected")
        return parsed
    return text


def check(setting: Setting, value, source: str) -> None:
    """A value set in Python (instance/config.py or a test) must have the setting's type."""
    if value is None:
        return
    kinds = {"int": (int,), "number": (int, float), "bool": (bool,), "json": (list, tuple, dict),
             "list": (list, tuple, str),
             "text": (str,), "url": (str,), "limit": (str,)}[setting.type]
    if setting.type in ("int", "number") and isinstance(value, bool):
        kinds = ()
    if setting.type == "text" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return  # a numeric passphrase or name is fine as text
    if not isinstance(value, kinds):
        raise SettingError(f"{source}: a {setting.type} value is expected, not {value!r}")
