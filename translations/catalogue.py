"""Our Vietnamese catalogues: where they live, the checks every translation passes, coverage
against the installed packages, sync with them after an upgrade (like msgmerge) and compilation
in pure Python (polib, no gettext). The `translations` management command is a thin shell
around this module; docs/translations.md describes the workflow."""

import difflib
import importlib.util
import json
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import polib
from django.conf import settings

ROOT = Path(__file__).resolve().parent / "catalogues"
LANGUAGE = "vi"
PLURAL_FORMS = "nplurals=1; plural=0;"
# Packages whose messages show in the admin besides Wagtail's own sub-packages (found by
# walking the installed wagtail package). django-modelcluster ships no messages.
EXTRA_PACKAGES = ("taggit", "django_filters")
# Django's own messages that the admin shows: relative times ("3 ngày"), form and field
# validation, the password rules and the login form, permission and content-type names.
# {domain: the folder, inside the django package, that holds its locale/}. Django's admin
# (/django-admin/, superusers' tool of last resort) is not the editors' admin and is left out.
DJANGO_DOMAINS = {
    "django": "conf",
    "django.contrib.auth": "contrib/auth",
    "django.contrib.contenttypes": "contrib/contenttypes",
}
WRAPWIDTH = 0  # never re-wrap: keeps diffs of the .po files to the lines that changed

PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}|\$\{\w+\}|__\w+__")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
GLOSSARY_OK = re.compile(r"glossary-ok:\s*(.+)", re.I)


# ---------------------------------------------------------------------------------------------
# Where things are


def domain_dir(domain):
    return ROOT / domain


def catalogue_path(domain, filename):
    return domain_dir(domain) / LANGUAGE / "LC_MESSAGES" / filename


def locale_paths(root=ROOT):
    """The LOCALE_PATHS entries: one folder per source package."""
    return [p for p in sorted(Path(root).iterdir()) if p.is_dir()]


def our_catalogues(root=ROOT):
    """[(domain, filename, path)] of every .po we ship."""
    return [(po.parents[2].name, po.name, po) for po in sorted(Path(root).glob(f"*/{LANGUAGE}/LC_MESSAGES/*.po"))]


def _package_dir(name):
    spec = importlib.util.find_spec(name)
    return Path(spec.origin).parent if spec and spec.origin else None


def _source_po(locale_dir, filename):
    """The package's English catalogue, or (for packages without one, like django-filter) the
    catalogue with the most messages: only its msgids are used."""
    english = locale_dir / "en" / "LC_MESSAGES" / filename
    if english.exists():
        return english
    candidates = sorted(locale_dir.glob(f"*/LC_MESSAGES/{filename}"))
    return max(candidates, key=lambda p: len(polib.pofile(str(p))), default=None)


def installed_sources():
    """{(domain, filename): path of the installed package's source catalogue}."""
    sources = {}
    wagtail_dir = _package_dir("wagtail")
    for locale_dir in sorted(wagtail_dir.rglob("locale")):
        if not locale_dir.is_dir():
            continue
        package = locale_dir.parent.relative_to(wagtail_dir.parent)
        domain = ".".join(package.parts)
        for filename in sorted({p.name for p in locale_dir.glob("*/LC_MESSAGES/*.po")}):
            sources[(domain, filename)] = _source_po(locale_dir, filename)
    django_dir = _package_dir("django")
    extra = [(name, _package_dir(name)) for name in EXTRA_PACKAGES]
    extra += [(domain, django_dir / folder) for domain, folder in DJANGO_DOMAINS.items()]
    for name, package_dir in extra:
        locale_dir = package_dir / "locale" if package_dir else None
        if locale_dir and locale_dir.is_dir():
            for filename in sorted({p.name for p in locale_dir.glob("*/LC_MESSAGES/*.po")}):
                sources[(name, filename)] = _source_po(locale_dir, filename)
    return sources


def package_translation(source, language=LANGUAGE):
    """The package's own catalogue in our language, next to its English source (or None)."""
    path = Path(source).parents[2] / language / "LC_MESSAGES" / Path(source).name
    return path if path.exists() else None


def is_wagtail(domain):
    return domain == "wagtail" or domain.startswith("wagtail.")


def is_django(domain):
    return domain in DJANGO_DOMAINS


def load(path):
    return polib.pofile(str(path), wrapwidth=WRAPWIDTH)


def key(entry):
    return (entry.msgctxt or None, entry.msgid)


def source_entries(path):
    return [e for e in load(path) if e.msgid and not e.obsolete]


# ---------------------------------------------------------------------------------------------
# Checks


class Term(NamedTuple):
    english: str
    vietnamese: str  # the preferred form
    accepted: list  # every accepted form, lower case
    pattern: re.Pattern  # the English term and its inflections, as a whole word


@lru_cache
def glossary(path=None):
    """[Term], longest English term first, from the table in docs/glossary.md."""
    path = path or Path(settings.BASE_DIR) / "docs" / "glossary.md"
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("English", "") and not cells[0].startswith("-"):
            accepted = [cells[1]] + [a.strip() for a in cells[2].split(";") if a.strip()]
            pattern = re.compile(
                r"(?<![\w-])" + re.escape(cells[0]).replace(r"\ ", r"\s+") + r"(s|es|ed|d|ing|ged|ging)?(?![\w])",
                re.I,
            )
            rows.append(Term(cells[0], cells[1], [a.lower() for a in accepted], pattern))
    return sorted(rows, key=lambda term: -len(term.english))


def glossary_exceptions(entry):
    """Terms a translator deliberately rendered otherwise: a '# glossary-ok: Live, Page' comment."""
    match = GLOSSARY_OK.search(entry.tcomment or "")
    return {t.strip() for t in re.split(r"[,;]", match[1]) if t.strip()} if match else set()


def glossary_problems(msgid, msgstr, exceptions=()):
    text, low, out = PLACEHOLDER.sub(" ", TAG.sub(" ", msgid)), msgstr.lower(), []
    for term in glossary():
        if term.pattern.search(text):
            text = term.pattern.sub(" ", text)  # "Save draft" is checked once, not again as "Draft"
            if term.english not in exceptions and not any(a in low for a in term.accepted):
                out.append(f"thuật ngữ: '{term.english}' phải dịch là '{term.vietnamese}'")
    return out


class _Anything(dict):
    """A format mapping that has every key (value 1 suits %s, %d, %f and {x})."""

    def __missing__(self, name):
        return 1


def _python_format_problem(msgid, msgstr):
    named = re.findall(r"%\((\w+)\)", msgid)
    try:
        if named:
            msgid % _Anything()
        else:
            args = (1,) * len(re.findall(r"%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]", msgid))
            msgid % args
    except (TypeError, ValueError, KeyError):
        return None  # the English itself is not a format string: nothing to compare with
    try:
        msgstr % (_Anything() if named else args)
    except (TypeError, ValueError, KeyError) as exc:
        return f"chuỗi định dạng Python hỏng ({exc})"
    return None


def _brace_fields(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _python_brace_problem(msgid, msgstr):
    try:
        wanted = _brace_fields(msgid)
        got = _brace_fields(msgstr)
        msgstr.format_map(_Anything())
    except (ValueError, IndexError, KeyError) as exc:
        return f"chuỗi định dạng {{}} hỏng ({exc})"
    if got - wanted:
        return f"biến lạ {sorted(got - wanted)}"
    return None


def format_problems(msgid, msgid_plural, msgstr, flags=()):
    """What would break on screen if msgstr replaced msgid: placeholders, HTML tags,
    surrounding whitespace, Python format strings. [] when the translation is safe."""
    out = []
    src = msgid_plural or msgid
    ph_src, ph_dst = Counter(PLACEHOLDER.findall(src)), Counter(PLACEHOLDER.findall(msgstr))
    if msgid_plural:
        # nplurals=1: the one form serves every n, so it may use either form's named placeholders
        named_ok = set(PLACEHOLDER.findall(msgid)) | set(ph_src)
        positional = any(p in ("%s", "%d") for p in ph_src)
        if not set(ph_dst) <= named_ok or (positional and ph_src != ph_dst):
            out.append(f"biến giữ chỗ {dict(ph_src)} -> {dict(ph_dst)}")
    elif ph_src != ph_dst:
        out.append(f"biến giữ chỗ {dict(ph_src)} -> {dict(ph_dst)}")
    tags = Counter(TAG.findall(msgstr))
    if tags != Counter(TAG.findall(src)) and tags != Counter(TAG.findall(msgid)):
        out.append("thẻ HTML khác bản gốc")
    lead = lambda s: s[: len(s) - len(s.lstrip())]  # noqa: E731
    trail = lambda s: s[len(s.rstrip()) :]  # noqa: E731
    if lead(msgid) != lead(msgstr) or trail(msgid) != trail(msgstr):
        out.append("khoảng trắng đầu/cuối khác bản gốc")
    if "python-format" in flags:
        out.append(_python_format_problem(src, msgstr))
    if "python-brace-format" in flags:
        out.append(_python_brace_problem(src, msgstr))
    return [p for p in out if p]


def translation_of(entry):
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def entry_problems(entry, glossary_check=True):
    """Problems of one translated entry of our catalogues (nplurals=1)."""
    out = []
    if entry.msgid_plural and set(entry.msgstr_plural) != {0}:
        out.append(f"tiếng Việt có một dạng số nhiều (msgstr[0]), ở đây có {len(entry.msgstr_plural)}")
    msgstr = translation_of(entry)
    if not msgstr:
        return out
    out += format_problems(entry.msgid, entry.msgid_plural, msgstr, entry.flags)
    if glossary_check:
        out += glossary_problems(entry.msgid, msgstr, glossary_exceptions(entry))
    return out


def check_file(path, glossary_check=True):
    """[(msgid or None, [problems])] of one catalogue: it must parse, declare nplurals=1 and every
    translated entry must be safe to show; the compiled .mo must match it."""
    try:
        po = load(path)
    except (OSError, ValueError) as exc:
        return [(None, [f"không đọc được: {exc}"])]
    out = []
    plural_forms = po.metadata.get("Plural-Forms", "").replace(" ", "")
    if plural_forms != PLURAL_FORMS.replace(" ", ""):
        out.append((None, [f"Plural-Forms phải là '{PLURAL_FORMS}'"]))
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        problems = entry_problems(entry, glossary_check)
        if problems:
            out.append((entry.msgid, problems))
    mo = Path(path).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled_bytes(po)[0]:
        out.append((None, ["tệp .mo cũ hoặc thiếu: chạy `python manage.py translations compile`"]))
    return out


def conflicts(root=ROOT):
    """[(filename, msgctxt, msgid, {domain: translation})] of messages that several of our
    catalogues translate differently. gettext merges every catalogue into one per language and
    the first LOCALE_PATHS entry wins (Django merges them in reverse), so only one of the
    translations can ever show: the others would be a lie in the .po (and "Why not upload one
    now?" once showed "a document" on the image library)."""
    seen = {}
    for domain, filename, path in our_catalogues(root):
        for entry in load(path).translated_entries():
            where = (filename, entry.msgctxt or None, entry.msgid, bool(entry.msgid_plural))
            seen.setdefault(where, {})[domain] = translation_of(entry)
    return [
        (filename, msgctxt, msgid, translations)
        for (filename, msgctxt, msgid, _), translations in seen.items()
        if len(set(translations.values())) > 1
    ]


# ---------------------------------------------------------------------------------------------
# Coverage


@dataclass
class Coverage:
    domain: str
    filename: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    missing: list = field(default_factory=list)  # [(state, msgctxt, msgid)] untranslated or fuzzy

    @property
    def untranslated(self):
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self):
        return 100.0 * self.translated / self.total if self.total else 100.0


def coverage(sources=None, root=ROOT, progress=None):
    """Coverage of each installed domain by our catalogues, counted on the installed package's
    msgids (so a message Wagtail added since the last sync counts as untranslated)."""
    sources = installed_sources() if sources is None else sources
    out = []
    for (domain, filename), source in (progress or list)(sorted(sources.items())):
        ours_path = Path(root) / domain / LANGUAGE / "LC_MESSAGES" / filename
        ours = {key(e): e for e in load(ours_path)} if ours_path.exists() else {}
        report = Coverage(domain, filename)
        for src in source_entries(source):
            report.total += 1
            entry = ours.get(key(src))
            if entry is not None and entry.fuzzy:
                report.fuzzy += 1
                report.missing.append(("fuzzy", src.msgctxt, src.msgid))
            elif entry is not None and entry.translated() and bool(entry.msgid_plural) == bool(src.msgid_plural):
                report.translated += 1
            else:
                report.missing.append(("untranslated", src.msgctxt, src.msgid))
        out.append(report)
    return out


def total(reports):
    summed = Coverage("", "")
    for r in reports:
        summed.total += r.total
        summed.translated += r.translated
        summed.fuzzy += r.fuzzy
    return summed


# ---------------------------------------------------------------------------------------------
# Sync, import, compile


def new_catalogue(domain):
    po = polib.POFile(wrapwidth=WRAPWIDTH)
    po.metadata = {
        "Project-Id-Version": domain,
        "Language": LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS,
    }
    return po


@dataclass
class SyncReport:
    domain: str
    filename: str
    kept: int = 0
    added: int = 0
    fuzzy: int = 0
    dropped: int = 0


def _copy_translation(old, new):
    value = translation_of(old)
    if new.msgid_plural:
        new.msgstr_plural = {0: value}
    else:
        new.msgstr = value
    new.tcomment = old.tcomment


def sync_file(domain, filename, source, root=ROOT):
    """Bring one catalogue in line with the installed package's messages, like msgmerge: new
    msgids are added, a msgid that changed keeps its old translation marked fuzzy (previous
    msgid recorded), translations are kept, messages the package dropped are removed."""
    path = Path(root) / domain / LANGUAGE / "LC_MESSAGES" / filename
    old = load(path) if path.exists() else new_catalogue(domain)
    old_by_key = {key(e): e for e in old if e.msgid and not e.obsolete}
    sources = source_entries(source)
    # translations of messages the package no longer has; a reworded message may reuse one
    unused = {k: e for k, e in old_by_key.items() if k not in {key(s) for s in sources}}
    report = SyncReport(domain, filename)
    po = new_catalogue(domain)
    po.metadata.update({k: v for k, v in old.metadata.items() if k not in po.metadata})
    for src in sources:
        entry = polib.POEntry(
            msgctxt=src.msgctxt,
            msgid=src.msgid,
            msgid_plural=src.msgid_plural,
            occurrences=src.occurrences,
            comment=src.comment,
            flags=[f for f in src.flags if f != "fuzzy"],
        )
        if src.msgid_plural:
            entry.msgstr_plural = {0: ""}
        previous = old_by_key.get(key(src))
        if previous is not None:
            _copy_translation(previous, entry)
            if previous.fuzzy or bool(previous.msgid_plural) != bool(src.msgid_plural):
                entry.flags.append("fuzzy")
            report.kept += 1
        else:
            close = difflib.get_close_matches(
                src.msgid, [e.msgid for k, e in unused.items() if k[0] == (src.msgctxt or None)], n=1, cutoff=0.8
            )
            if close and translation_of(unused[(src.msgctxt or None, close[0])]):
                similar = unused.pop((src.msgctxt or None, close[0]))
                _copy_translation(similar, entry)
                entry.flags.append("fuzzy")
                entry.previous_msgid = similar.msgid
                report.fuzzy += 1
            else:
                report.added += 1
        po.append(entry)
    report.dropped = len(unused)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return report


def sync(root=ROOT, sources=None, progress=None):
    sources = installed_sources() if sources is None else sources
    reports = [sync_file(d, f, s, root) for (d, f), s in (progress or list)(sorted(sources.items()))]
    stale = [(d, f) for d, f, _ in our_catalogues(root) if (d, f) not in sources]
    return reports, stale


def import_entries(entries, root=ROOT):
    """Fill msgstr from translators' JSON entries ({domain, file, msgctxt, msgid, msgid_plural,
    msgstr, glossary_exceptions?}); only entries that pass every check are written.
    Returns (number written, [(entry, reason)] refused)."""
    catalogues, written, refused = {}, 0, []
    for item in entries:
        if not isinstance(item, dict):
            refused.append(({}, "không phải một đối tượng JSON"))
            continue
        path = Path(root) / str(item.get("domain")) / LANGUAGE / "LC_MESSAGES" / str(item.get("file"))
        if path not in catalogues:
            po = load(path) if path.exists() else None
            catalogues[path] = (po, {key(e): e for e in po} if po else {})
        entry = catalogues[path][1].get((item.get("msgctxt") or None, item.get("msgid")))
        msgstr = item.get("msgstr")
        if entry is None:
            refused.append((item, "không có trong danh mục (chạy `translations sync` trước?)"))
            continue
        if not isinstance(msgstr, str) or not msgstr.strip():
            refused.append((item, "bản dịch trống"))
            continue
        candidate = polib.POEntry(msgid=entry.msgid, msgid_plural=entry.msgid_plural, flags=entry.flags)
        exceptions = [t for t in item.get("glossary_exceptions") or [] if isinstance(t, str)]
        candidate.tcomment = f"glossary-ok: {', '.join(exceptions)}" if exceptions else ""
        if entry.msgid_plural:
            candidate.msgstr_plural = {0: msgstr}
        else:
            candidate.msgstr = msgstr
        problems = entry_problems(candidate)
        if problems:
            refused.append((item, "; ".join(problems)))
            continue
        _copy_translation(candidate, entry)
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
        written += 1
    for path, (po, _) in catalogues.items():
        if po is not None:
            po.save(str(path))
    return written, refused


def import_files(paths, root=ROOT):
    entries = []
    for path in paths:
        loaded = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(loaded, list):
            raise ValueError(f"{path}: cần một danh sách JSON")
        entries += loaded
    return import_entries(entries, root)


def compiled_bytes(po):
    """The .mo of a catalogue: translated, non-fuzzy entries that pass the format checks (a
    broken translation is left out, so the page shows the English instead of failing).
    Returns (bytes, [msgids left out]). Same .po, same bytes."""
    out = new_catalogue(po.metadata.get("Project-Id-Version", ""))
    out.metadata = dict(po.metadata)
    left_out = []
    for entry in po.translated_entries():
        if entry_problems(entry, glossary_check=False):
            left_out.append(entry.msgid)
        else:
            out.append(entry)
    return out.to_binary(), left_out


def compile_file(path):
    data, left_out = compiled_bytes(load(path))
    Path(path).with_suffix(".mo").write_bytes(data)
    return left_out
