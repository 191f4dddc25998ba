"""Language choice and the template helpers that depend on it."""

from datetime import date, datetime

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, get_locale, lazy_gettext as _l
from markupsafe import Markup

from wardportal.kernel.markdown_text import render_markdown
from wardportal.kernel.times import in_vietnam

LANGUAGE_COOKIE = "lang"

ONLINE_LEVEL_LABELS = {
    "full": _l("Trực tuyến toàn trình"),
    "partial": _l("Trực tuyến một phần"),
    "none": _l("Chỉ cung cấp thông tin"),
}


def select_locale() -> str:
    """The language the resident chose with the switch; Vietnamese otherwise (and outside requests)."""
    chosen = request.cookies.get(LANGUAGE_COOKIE) if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def short_date(value: date | datetime | None) -> str:
    """A date as residents write it: 23/11/2026 in Vietnamese, 23 Nov 2026 in English."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # stored in UTC: the resident's date is Vietnam's
        value = in_vietnam(value)
    if str(get_locale()) == "vi":
        return value.strftime("%d/%m/%Y")
    return format_date(value, "d MMM yyyy")


def ward_name(ward) -> str:
    """The ward's name in the reader's language (the English name when the ward gave one)."""
    if str(get_locale()) == "en" and getattr(ward, "name_en", ""):
        return ward.name_en
    return ward.name


def install_name() -> str:
    """The install's name in the reader's language (``INSTALL_NAME_EN`` on English pages when set)."""
    if str(get_locale()) == "en" and current_app.config.get("INSTALL_NAME_EN"):
        return current_app.config["INSTALL_NAME_EN"]
    return current_app.config["INSTALL_NAME"]


def vietnamese_only() -> Markup:
    """``lang="vi"`` on content that exists only in Vietnamese, when the page is in another language.

    Screen readers then pronounce the guide's text as Vietnamese instead of spelling it out in English.
    """
    return Markup(' lang="vi"') if str(get_locale()) != "vi" else Markup("")


def format_vnd(amount: int) -> str:
    """``1.250.000 đ``: dots between thousands, as Vietnamese prices are written."""
    return f"{amount:,}".replace(",", ".") + " đ"


def register_template_helpers(app: Flask) -> None:
    """Filters and globals every template may use."""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["short_date"] = short_date
    app.jinja_env.filters["ward_name"] = ward_name
    app.jinja_env.globals["online_level_label"] = lambda level: ONLINE_LEVEL_LABELS.get(level, level)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["install_name"] = install_name
    app.jinja_env.globals["vi_only"] = vietnamese_only
    app.jinja_env.globals["vnd"] = format_vnd
