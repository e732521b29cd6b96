"""A Phóng viên's dashboard: "Bài của tôi" lists her own articles (the pages she created) and
where each one stands, newest first, each linking to its editor (issue 15, item 5)."""

import html
import re
from datetime import timedelta

from django.utils import timezone

from newsroom.roles import BIEN_TAP_VIEN as BTV
from newsroom.roles import LANH_DAO_DUYET as LDD
from newsroom.roles import PHONG_VIEN as PV

from .conftest import create_story
from .test_messages import dashboard_action, edit


def my_articles(client) -> list[tuple[str, str]]:
    """[(title, what the Tình trạng column says)] of the "Bài của tôi" panel, in order."""
    page = client.get("/admin/").content.decode()
    panel = re.search(r'id="newsroom-my-articles.*?<tbody>(.*?)</tbody>', page, re.S)
    assert panel, "no Bài của tôi panel"
    rows = []
    for row in re.findall(r"<tr [^>]*>(.*?)</tr>", panel.group(1), re.S):
        cells = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        rows.append((cells[0], cells[1]))
    return rows


def test_a_reporter_sees_where_each_of_her_stories_stands(make_user, client_for):
    reporter, colleague, editor, leader = make_user(PV), make_user(PV), make_user(BTV), make_user(LDD)
    editor.first_name, editor.last_name = "Minh", "Trần Văn"
    editor.save()
    as_reporter, as_editor, as_leader = client_for(reporter), client_for(editor), client_for(leader)

    create_story(client_for(colleague), "Bài của đồng nghiệp")
    published = create_story(as_reporter, "Bài đã xuất bản")
    edit(as_reporter, published, **{"action-submit": "1"})
    dashboard_action(as_editor, published, "approve", comment="")
    dashboard_action(as_leader, published, "approve", comment="")

    moment = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=7, minute=0, second=0, microsecond=0)
    when = moment.strftime("%d/%m/%Y %H:%M")
    scheduled = create_story(as_reporter, "Bài đã lên lịch", published_at=when)
    edit(as_reporter, scheduled, published_at=when, go_live_at=when, **{"action-submit": "1"})
    dashboard_action(as_editor, scheduled, "approve", comment="")
    dashboard_action(as_leader, scheduled, "approve", comment="")

    sent_back = create_story(as_reporter, "Bài bị trả lại")
    edit(as_reporter, sent_back, **{"action-submit": "1"})
    dashboard_action(as_editor, sent_back, "reject", comment="Thiếu tên tác giả ảnh.")

    at_leader = create_story(as_reporter, "Bài chờ lãnh đạo")
    edit(as_reporter, at_leader, **{"action-submit": "1"})
    dashboard_action(as_editor, at_leader, "approve", comment="")

    at_editor = create_story(as_reporter, "Bài chờ biên tập")
    edit(as_reporter, at_editor, **{"action-submit": "1"})

    create_story(as_reporter, "Bài nháp")

    rows = my_articles(as_reporter)
    assert [title for title, _ in rows] == [
        "Bài nháp",
        "Bài chờ biên tập",
        "Bài chờ lãnh đạo",
        "Bài bị trả lại",
        "Bài đã lên lịch",
        "Bài đã xuất bản",
    ]
    states = dict(rows)
    assert states["Bài nháp"] == "Bản nháp"
    assert states["Bài chờ biên tập"] == "Chờ Biên tập viên duyệt (bước 1/2: Biên tập)"
    assert states["Bài chờ lãnh đạo"] == "Chờ Lãnh đạo duyệt (bước 2/2: Duyệt xuất bản)"
    assert states["Bài bị trả lại"] == "Bị trả lại ở bước 1: Biên tập Trần Văn Minh: “Thiếu tên tác giả ảnh.”"
    assert states["Bài đã lên lịch"] == f"Đã lên lịch lúc {when}"
    assert states["Bài đã xuất bản"].startswith(f"Đã xuất bản {timezone.localdate():%d/%m/%Y}")

    home = as_reporter.get("/admin/").content.decode()
    assert f'href="/admin/pages/{sent_back.pk}/edit/"' in home
    assert "bài chờ bạn duyệt" not in home  # she reviews nothing


def test_editors_do_not_get_the_reporters_panel(make_user, client_for):
    for role in (BTV, LDD):
        home = client_for(make_user(role)).get("/admin/").content.decode()
        assert 'id="newsroom-my-articles' not in home and "bài chờ bạn duyệt" in home


def test_a_new_reporter_is_told_how_to_start(make_user, client_for):
    home = client_for(make_user(PV)).get("/admin/").content.decode()
    assert "Bài của tôi" in home and "Bạn chưa có bài nào." in home
