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
# Its name on the English pages (empty: the Vietnamese name is used there too).
INSTALL_NAME_EN = "Commune public service portal"
