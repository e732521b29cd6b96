"""Our Vietnamese editor's guide (docs/huong-dan-bien-tap.md) as an admin screen, /admin/huong-dan/,
in place of the help menu's link to Wagtail's English user guide (translations/wagtail_hooks.py).

The guide is written in the small part of Markdown it needs, rendered here rather than with a
Markdown package (none is installed and one file does not justify one): headings, paragraphs,
lists, tables, **bold**, `code` and [links](url). Everything is escaped first, so the file cannot
inject HTML."""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

GUIDE = "docs/huong-dan-bien-tap.md"

_INLINE = [
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2">\1</a>'),
]


def inline(text):
    html = escape(text)
    for pattern, replacement in _INLINE:
        html = pattern.sub(replacement, html)
    return html


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def render(markdown):
    """(title, HTML) of the Markdown subset above; the first-level heading is the title."""
    title, out, lines, i = "", [], markdown.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            text = line[level:].strip()
            if level == 1 and not title:
                title = text
            else:
                out.append(f"<h{level}>{inline(text)}</h{level}>")
            i += 1
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                if not re.fullmatch(r"[\s|:-]+", lines[i]):
                    rows.append(_cells(lines[i]))
                i += 1
            head = "".join(f'<th scope="col">{inline(c)}</th>' for c in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
            out.append(f'<table class="listing"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
        elif re.match(r"(-|\d+\.) ", line):
            tag = "ul" if line.startswith("-") else "ol"
            items = []
            while i < len(lines) and lines[i].strip():
                if re.match(r"(-|\d+\.) ", lines[i]):
                    items.append(lines[i].split(" ", 1)[1].strip())
                else:  # a continuation line of the item above
                    items[-1] += " " + lines[i].strip()
                i += 1
            out.append(f"<{tag}>" + "".join(f"<li>{inline(item)}</li>" for item in items) + f"</{tag}>")
        else:
            paragraph = []
            while i < len(lines) and lines[i].strip() and not re.match(r"(#|\||-\s|\d+\.\s)", lines[i]):
                paragraph.append(lines[i].strip())
                i += 1
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
    return title, mark_safe("\n".join(out))  # every piece of text went through escape()


@lru_cache
def guide():
    return render((Path(settings.BASE_DIR) / GUIDE).read_text(encoding="utf-8"))


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """Every user who may enter the admin may read it (the admin's own login check applies)."""

    template_name = "translations/editor_guide.html"
    header_icon = "help"

    def get_page_title(self):
        return guide()[0]

    def get_context_data(self, **kwargs):
        return super().get_context_data(guide=guide()[1], **kwargs)
