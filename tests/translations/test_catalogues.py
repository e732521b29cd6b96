"""Our Vietnamese catalogues: they compile, pass the format and glossary checks, cover the pinned
Wagtail, and a broken or missing translation shows English instead of breaking a page."""

import json
import textwrap
from io import StringIO

import polib
import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from translations import catalogue

CATALOGUES = catalogue.our_catalogues()


def run(*args):
    out = StringIO()
    call_command("translations", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write_po(path, entries, header=catalogue.PLURAL_FORMS):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        textwrap.dedent(f"""\
            msgid ""
            msgstr ""
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Plural-Forms: {header}\\n"

            """)
        + textwrap.dedent(entries),
        encoding="utf-8",
    )
    return path


def test_there_is_a_catalogue_for_every_installed_domain():
    assert {(d, f) for d, f, _ in CATALOGUES} == set(catalogue.installed_sources())
    assert {"wagtail.admin", "wagtail.images", "taggit", "django_filters"} <= {d for d, _, _ in CATALOGUES}


def test_every_catalogue_passes_check():
    assert "Mọi danh mục đều đạt." in run("check")


@pytest.mark.parametrize("domain,filename,path", CATALOGUES, ids=[f"{d}/{f}" for d, f, _ in CATALOGUES])
def test_committed_mo_is_what_the_po_compiles_to(domain, filename, path):
    """The .mo files are committed: compiling the .po must give them byte for byte (run
    `python manage.py translations compile` after editing a .po)."""
    po = catalogue.load(path)
    assert po.metadata["Plural-Forms"] == catalogue.PLURAL_FORMS
    assert path.with_suffix(".mo").read_bytes() == catalogue.compiled_bytes(po)[0]
    # and it is a catalogue gettext reads, with Vietnamese plural forms
    mo = polib.mofile(str(path.with_suffix(".mo")))
    assert len(mo) == len(po.translated_entries())
    assert all(set(e.msgstr_plural) == {0} for e in mo if e.msgid_plural)


def test_pinned_wagtail_is_at_least_95_percent_translated():
    out = run("coverage", "--min", "95")
    assert "Wagtail: " in out
    reports = catalogue.coverage()
    wagtail = catalogue.total([r for r in reports if catalogue.is_wagtail(r.domain)])
    assert wagtail.total > 1900 and wagtail.percent >= 95


def test_djangos_admin_facing_domains_are_ours_and_covered():
    """Django's own Vietnamese lacks the relative times' plurals, half the password screens and
    more; ours covers Django core, django.contrib.auth and contenttypes, counted like Wagtail."""
    assert {"django", "django.contrib.auth", "django.contrib.contenttypes"} <= {d for d, _, _ in CATALOGUES}
    assert "Django: " in run("coverage", "--min", "95")
    reports = catalogue.coverage()
    django = catalogue.total([r for r in reports if catalogue.is_django(r.domain)])
    assert django.total > 400 and django.percent >= 95


def test_no_message_is_translated_two_ways_across_catalogues():
    """gettext merges every catalogue into one and the first LOCALE_PATHS entry wins, so a
    msgid two catalogues translate differently shows only one of them."""
    assert catalogue.conflicts() == []


def test_check_reports_a_message_two_catalogues_translate_differently(tmp_path):
    for domain, msgstr in (("wagtail.images", "Bộ lọc"), ("wagtail.admin", "Lọc")):
        write_po(
            tmp_path / domain / "vi" / "LC_MESSAGES" / "django.po",
            f"""            msgid "Filter"
            msgstr "{msgstr}"

            msgid "Images"
            msgstr "Ảnh"
            """,
        )
    assert catalogue.conflicts(tmp_path) == [
        ("django.po", None, "Filter", {"wagtail.admin": "Lọc", "wagtail.images": "Bộ lọc"})
    ]


def test_coverage_lists_what_is_missing_and_fails_below_the_threshold(tmp_path):
    source = write_po(
        tmp_path / "src.po",
        """\
        msgid "Publish"
        msgstr ""

        msgid "Save draft"
        msgstr ""

        msgid "Unpublish"
        msgstr ""
        """,
    )
    write_po(
        tmp_path / "ours" / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        """\
        msgid "Publish"
        msgstr "Xuất bản"

        #, fuzzy
        msgid "Save draft"
        msgstr "Lưu nháp"
        """,
    )
    [report] = catalogue.coverage({("wagtail.demo", "django.po"): source}, root=tmp_path / "ours")
    assert (report.total, report.translated, report.fuzzy, report.untranslated) == (3, 1, 1, 1)
    assert report.missing == [("fuzzy", None, "Save draft"), ("untranslated", None, "Unpublish")]
    with pytest.raises(CommandError, match="dưới ngưỡng"):
        run("coverage", "--min", "100.1")


@pytest.mark.parametrize(
    "msgid,msgstr,flags,problem",
    [
        ("Delete %(title)s", "Xóa %(tieu_de)s", "python-format", "biến giữ chỗ"),
        ("%(count)s pages", "%(count) trang", "python-format", "biến giữ chỗ"),
        ("Edit {title}", "Sửa {}", "python-brace-format", "biến giữ chỗ"),
        ('<a href="%(url)s">Help</a>', "Trợ giúp", "python-format", "thẻ HTML"),
        ("<strong>Live</strong>", "<b>Đang xuất bản</b>", "", "thẻ HTML"),
        ("Saved %s", "Đã lưu 100%: %s", "python-format", "định dạng Python"),
        ("Title ", "Tiêu đề", "", "khoảng trắng"),
    ],
)
def test_a_broken_translation_fails_check_and_is_left_out_of_the_mo(tmp_path, msgid, msgstr, flags, problem):
    po = write_po(
        tmp_path / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        f"""\
        {"#, " + flags if flags else ""}
        msgid {json.dumps(msgid, ensure_ascii=False)}
        msgstr {json.dumps(msgstr, ensure_ascii=False)}

        msgid "Pages"
        msgstr "Trang"
        """,
    )
    problems = catalogue.check_file(po)
    assert any(problem in p for _, ps in problems for p in ps), problems
    assert catalogue.compile_file(po) == [msgid]
    with override_settings(LOCALE_PATHS=[tmp_path / "wagtail.demo"]), translation.override("vi"):
        assert translation.gettext("Pages") == "Trang"
        assert translation.gettext(msgid) != msgstr  # the English (or Wagtail's own), never the broken one


def test_a_page_with_a_broken_translation_renders_in_english(tmp_path):
    po = write_po(
        tmp_path / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        """\
        msgid "Revised by %(name)s on %(date)s"
        msgstr "Sửa bởi %(ten)s ngày %(date)s"
        """,
    )
    catalogue.compile_file(po)
    template = Template("{% load i18n %}{% blocktrans %}Revised by {{ name }} on {{ date }}{% endblocktrans %}")
    with override_settings(LOCALE_PATHS=[tmp_path / "wagtail.demo"]), translation.override("vi"):
        assert template.render(Context({"name": "Lan", "date": "20/11"})) == "Revised by Lan on 20/11"


def test_a_plural_entry_has_the_one_vietnamese_form(tmp_path):
    po = write_po(
        tmp_path / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        """\
        #, python-format
        msgid "%(count)s page"
        msgid_plural "%(count)s pages"
        msgstr[0] "%(count)s trang"
        msgstr[1] "%(count)s trang"
        """,
    )
    assert any("một dạng số nhiều" in p for _, ps in catalogue.check_file(po) for p in ps)
    wrong_header = write_po(
        tmp_path / "other" / "vi" / "LC_MESSAGES" / "django.po", "", header="nplurals=2; plural=(n != 1);"
    )
    assert any("Plural-Forms" in p for _, ps in catalogue.check_file(wrong_header) for p in ps)


def test_a_missing_translation_falls_back_to_english(tmp_path, admin_client):
    po = write_po(
        tmp_path / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        """\
        msgid "Pages"
        msgstr "Trang"
        """,
    )
    catalogue.compile_file(po)
    with override_settings(LOCALE_PATHS=[tmp_path / "wagtail.demo"]), translation.override("vi"):
        assert translation.gettext("A message no catalogue has") == "A message no catalogue has"
        assert translation.ngettext("%(n)s new message", "%(n)s new messages", 3) == "%(n)s new messages"
        assert admin_client.get("/admin/").status_code == 200


def test_glossary_flags_a_term_translated_another_way_unless_marked():
    assert catalogue.glossary_problems("Save draft", "Lưu bản nháp") == []
    assert catalogue.glossary_problems("Unpublish this page", "Gỡ xuất bản trang này") == []
    assert catalogue.glossary_problems("Publish", "Đăng") == ["thuật ngữ: 'Publish' phải dịch là 'Xuất bản'"]
    assert catalogue.glossary_problems("Workflows", "Luồng công việc")  # plural of a term
    assert catalogue.glossary_problems("Live", "Trực tiếp", exceptions={"Live"}) == []
    assert catalogue.glossary_problems('<a href="/workflow/">Open</a>', "Mở") == []  # not in URLs


def test_glossary_exception_is_read_from_the_translator_comment(tmp_path):
    po = write_po(
        tmp_path / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        """\
        # glossary-ok: Live
        msgid "Live preview"
        msgstr "Xem trước tức thì"

        msgid "Publish"
        msgstr "Đăng"
        """,
    )
    catalogue.compile_file(po)
    problems = catalogue.check_file(po)
    assert problems == [("Publish", ["thuật ngữ: 'Publish' phải dịch là 'Xuất bản'"])]


def test_glossary_document_is_the_source_of_the_terms():
    terms = {term.english: term for term in catalogue.glossary()}
    assert terms["Publish"].vietnamese == "Xuất bản" and terms["Publish"].accepted == ["xuất bản"]
    assert terms["Workflow"].accepted == ["quy trình duyệt", "quy trình"]


def test_import_fills_only_entries_that_pass_the_checks(tmp_path):
    po_path = write_po(
        tmp_path / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        """\
        msgid "Publish"
        msgstr ""

        #, python-format
        msgid "Delete %(title)s"
        msgstr ""

        #, python-format
        msgid "%(count)s page"
        msgid_plural "%(count)s pages"
        msgstr[0] ""

        msgid "Live"
        msgstr ""
        """,
    )
    entries = [
        {
            "domain": "wagtail.demo",
            "file": "django.po",
            "msgctxt": None,
            "msgid": "Publish",
            "msgid_plural": None,
            "msgstr": "Xuất bản",
        },
        {
            "domain": "wagtail.demo",
            "file": "django.po",
            "msgctxt": None,
            "msgid": "Delete %(title)s",
            "msgid_plural": None,
            "msgstr": "Xóa %(ten)s",
        },
        {
            "domain": "wagtail.demo",
            "file": "django.po",
            "msgctxt": None,
            "msgid": "%(count)s page",
            "msgid_plural": "%(count)s pages",
            "msgstr": "%(count)s trang",
        },
        {
            "domain": "wagtail.demo",
            "file": "django.po",
            "msgctxt": None,
            "msgid": "Live",
            "msgid_plural": None,
            "msgstr": "Trực tiếp",
            "glossary_exceptions": ["Live"],
        },
        {
            "domain": "wagtail.demo",
            "file": "django.po",
            "msgctxt": None,
            "msgid": "Gone",
            "msgid_plural": None,
            "msgstr": "Mất",
        },
    ]
    written, refused = catalogue.import_entries(entries, root=tmp_path)
    assert written == 3
    assert [(r[0]["msgid"], r[1].split(" ")[0]) for r in refused] == [("Delete %(title)s", "biến"), ("Gone", "không")]
    po = catalogue.load(po_path)
    assert po.find("Publish").msgstr == "Xuất bản"
    assert po.find("Delete %(title)s").msgstr == ""
    assert po.find("%(count)s page").msgstr_plural == {0: "%(count)s trang"}
    assert po.find("Live").tcomment == "glossary-ok: Live"


def test_import_command_reports_refusals(tmp_path):
    bad = tmp_path / "done.json"
    bad.write_text(
        json.dumps(
            [
                {
                    "domain": "wagtail.admin",
                    "file": "django.po",
                    "msgctxt": None,
                    "msgid": "No such message",
                    "msgid_plural": None,
                    "msgstr": "x",
                }
            ]
        )
    )
    out = run("import", str(bad))
    assert "Từ chối wagtail.admin/django.po 'No such message'" in out and "Đã nhập 0" in out
    not_json = tmp_path / "broken.json"
    not_json.write_text("{")
    with pytest.raises(CommandError, match="JSON"):
        run("import", str(not_json))


def test_sync_adds_new_marks_changed_fuzzy_keeps_and_drops(tmp_path):
    """After a Wagtail upgrade: new messages appear empty, a reworded one keeps its old
    translation as fuzzy, translations stay, messages Wagtail dropped go."""
    source = write_po(
        tmp_path / "src" / "django.po",
        """\
        #: wagtail/admin/views.py:1
        msgid "Publish"
        msgstr ""

        msgid "Save this draft now"
        msgstr ""

        msgid "Brand new message"
        msgstr ""
        """,
    )
    ours = write_po(
        tmp_path / "ours" / "wagtail.demo" / "vi" / "LC_MESSAGES" / "django.po",
        """\
        msgid "Publish"
        msgstr "Xuất bản"

        msgid "Save this draft"
        msgstr "Lưu bản nháp này"

        msgid "Removed upstream"
        msgstr "Đã bỏ"
        """,
    )
    [report], stale = catalogue.sync(root=tmp_path / "ours", sources={("wagtail.demo", "django.po"): source})
    assert (report.kept, report.added, report.fuzzy, report.dropped) == (1, 1, 1, 1)
    assert stale == []
    po = catalogue.load(ours)
    assert [e.msgid for e in po] == ["Publish", "Save this draft now", "Brand new message"]
    assert po.find("Publish").msgstr == "Xuất bản" and po.find("Publish").occurrences == [
        ("wagtail/admin/views.py", "1")
    ]
    reworded = po.find("Save this draft now")
    assert reworded.fuzzy and reworded.msgstr == "Lưu bản nháp này" and reworded.previous_msgid == "Save this draft"
    assert po.find("Brand new message").msgstr == ""
    catalogue.compile_file(ours)
    with override_settings(LOCALE_PATHS=[tmp_path / "ours" / "wagtail.demo"]), translation.override("vi"):
        assert translation.gettext("Save this draft now") == "Save this draft now"  # fuzzy is not used


def test_sync_of_the_installed_packages_changes_nothing(tmp_path):
    """Our catalogues are in step with the pinned packages."""
    import shutil

    shutil.copytree(catalogue.ROOT, tmp_path / "c")
    reports, stale = catalogue.sync(root=tmp_path / "c")
    assert stale == []
    assert all(r.added == r.fuzzy == r.dropped == 0 for r in reports)
    for domain, filename, path in CATALOGUES:
        assert (tmp_path / "c" / domain / "vi" / "LC_MESSAGES" / filename).read_bytes() == path.read_bytes()
