"""Markdown written by ward editors, rendered to HTML that is safe to show residents."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# CommonMark without raw HTML; nh3 then removes anything a crafted link or image could still carry.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

_ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "h3", "h4", "blockquote", "code", "pre",
                 "table", "thead", "tbody", "tr", "th", "td", "hr"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render_markdown(text: str | None) -> Markup:
    """Render editor-supplied Markdown to sanitised HTML (no script, style or event handler survives)."""
    if not text:
        return Markup("")
    html = _markdown.render(text)
    return Markup(nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                            url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer"))
