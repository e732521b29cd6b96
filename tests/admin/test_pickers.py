"""The pickers' server side (core.widgets): every reference field of an article, a movement
and an award is a picker whose options come in Vietnamese order, grouped (localities: current
units first, historic ones naming their successor) and carry their accent-free text with
their other names, what the browser search matches (tests/browser/test_pickers.py types)."""

import json

import pytest
from django.contrib.auth import get_user_model
from lxml import html

from core.models import Locality
from exemplars.models import StoryIndexPage
from movements.models import MovementPage


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bt@example.com", "x"))
    return client


def select(doc, name):
    [found] = doc.xpath(f"//select[@name='{name}']")
    return found


def test_every_reference_field_of_a_story_is_a_picker(admin_client):
    index = StoryIndexPage.objects.get()
    doc = html.fromstring(admin_client.get(f"/admin/pages/add/exemplars/storypage/{index.pk}/").content)
    for name in ("localities", "movements", "authors", "priority_groups", "awards-__prefix__-award_type"):
        assert select(doc, name).get("data-controller") == "gs-picker", name
    scripts = doc.xpath("//script/@src")
    assert any("tom-select.popular.min.js" in src for src in scripts)
    assert any("core/js/picker.js" in src for src in scripts)


def test_locality_options_current_first_in_vietnamese_order_historic_with_successor(admin_client):
    index = StoryIndexPage.objects.get()
    doc = html.fromstring(admin_client.get(f"/admin/pages/add/exemplars/storypage/{index.pk}/").content)
    current, historic = select(doc, "localities").xpath("optgroup")
    assert (current.get("label"), historic.get("label")) == ("Hiện nay", "Trước 01/07/2025")
    names = [o.text for o in current.xpath("option")]
    assert len(names) == Locality.objects.filter(is_current=True).count() == 34
    assert names.index("Cà Mau") < names.index("Cao Bằng") < names.index("Cần Thơ") < names.index("Đà Nẵng")
    assert names.index("Đồng Tháp") < names.index("Gia Lai")  # code-point order puts Đ after V
    assert "Hà Giang (trước 01/07/2025, nay thuộc Tuyên Quang)" in [o.text for o in historic.xpath("option")]
    [dak_lak] = current.xpath("option[text()='Đắk Lắk']")
    folded = json.loads(dak_lak.get("data-data"))["folded"]
    assert "dak lak" in folded  # what "dak" matches in the browser


def test_movement_options_carry_their_other_names(admin_client):
    index = StoryIndexPage.objects.get()
    doc = html.fromstring(admin_client.get(f"/admin/pages/add/exemplars/storypage/{index.pk}/").content)
    movement = MovementPage.objects.get(slug="ca-nuoc-chung-suc-xay-dung-nong-thon-moi")
    [option] = select(doc, "movements").xpath(f"option[@value='{movement.pk}']")
    assert "ca nuoc chung tay xay dung nong thon moi" in json.loads(option.get("data-data"))["folded"]
    titles = [o.text for o in select(doc, "movements").xpath("option")]
    assert titles.index("Cả nước chung sức xây dựng nông thôn mới") < titles.index("Lao động giỏi, lao động sáng tạo")


def test_a_movement_picks_its_province_and_parent(admin_client):
    movement = MovementPage.objects.get(slug="ca-nuoc-chung-suc-xay-dung-nong-thon-moi")
    doc = html.fromstring(admin_client.get(f"/admin/pages/{movement.pk}/edit/").content)
    province = select(doc, "scope_locality")
    assert province.get("data-controller") == "gs-picker"
    assert province.xpath("option")[0].get("value") == ""  # "no province" stays first
    assert select(doc, "parent_movement").get("data-controller") == "gs-picker"
    assert select(doc, "field_of_work").xpath("option[@selected]")[0].get("value") == "nong-nghiep"


def test_the_admins_own_search_finds_pages_typed_without_accents(admin_client):
    """The page chooser (related pages), the explorer's search and the movement chooser: an
    editor typing "thay giao dang" finds "Thầy giáo Đặng…" on SQLite and PostgreSQL alike."""
    from exemplars.models import StoryPage

    story = StoryPage.objects.get(title__startswith="Thầy giáo Đặng Văn Quý")
    for query in ("thay giao dang", "Thầy giáo Đặng", "thay gi"):
        found = admin_client.get("/admin/choose-page/search/", {"q": query}).content.decode()
        assert story.title in found, query
    explorer = admin_client.get("/admin/pages/search/", {"q": "lop hoc xoa mu chu"}).content.decode()
    assert story.title in explorer
    movement = MovementPage.objects.get(slug="ca-nuoc-chung-suc-xay-dung-nong-thon-moi")
    found = admin_client.get("/admin/choose-page/search/", {"q": "chung tay nong thon"}).content.decode()
    assert movement.title in found
