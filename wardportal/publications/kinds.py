"""The three kinds of publication, their URL words and their names in both languages."""

from flask_babel import lazy_gettext as _l

KIND_SLUGS = {"notice": "thong-bao", "news": "tin-tuc", "document": "van-ban"}
SLUG_KINDS = {slug: kind for kind, slug in KIND_SLUGS.items()}
KIND_LABELS = {"notice": _l("Thông báo"), "news": _l("Tin tức"), "document": _l("Văn bản")}
KIND_URL_RULE = "any(" + ",".join(f"'{s}'" for s in KIND_SLUGS.values()) + ")"
