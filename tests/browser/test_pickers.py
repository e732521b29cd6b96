"""The admin's pickers in Chromium (core.widgets, core/static/core/js/picker.js): an editor
types without accents and finds the Vietnamese name, sees what she chose as chips, and the
choice is saved; options come in Vietnamese order, current provinces first."""

import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(desktop, site):
    page = desktop
    sign_in(page, site)
    return page


def story_index_id(site) -> int:
    with sqlite3.connect(site.database) as db:
        (index_id,) = db.execute("SELECT id FROM wagtailcore_page WHERE slug = 'guong-sang'").fetchone()
    return index_id


def picker(page, field):
    """(the text box of a field's picker, its dropdown)."""
    return page.locator(f"#id_{field}-ts-control"), page.locator(f"#id_{field}-ts-dropdown")


def test_localities_found_without_accents_chosen_as_chips_and_saved(editor, site):
    page = editor
    page.goto(f"{site.url}/admin/pages/add/exemplars/storypage/{story_index_id(site)}/")
    page.locator("#id_title").fill("Cô giáo vùng cao giữ chân học trò")
    box, dropdown = picker(page, "localities")

    box.click()
    box.fill("dak")
    options = dropdown.locator(".option")
    expect(options.first).to_have_text("Đắk Lắk")  # filtered as she types
    texts = options.all_inner_texts()
    assert "Đắk Lắk" in texts
    assert "Đắk Nông (trước 01/07/2025, nay thuộc Lâm Đồng)" in texts
    assert all("Đắk" in text or "Dak" in text for text in texts), texts
    options.filter(has_text="Đắk Lắk").first.click()

    box.fill("ha giang")
    dropdown.locator(".option", has_text="Hà Giang").first.click()
    chips = page.locator("#id_localities-ts-control").locator("xpath=..").locator(".item")
    expect(chips).to_have_count(2)
    assert chips.all_inner_texts()[0].startswith("Đắk Lắk")
    assert chips.all_inner_texts()[1].startswith("Hà Giang (trước 01/07/2025, nay thuộc Tuyên Quang)")
    # the chip's remove button speaks Vietnamese
    assert chips.first.locator(".remove").get_attribute("title") == "Bỏ chọn"

    page.get_by_role("button", name="Lưu bản nháp").first.click()
    expect(page.locator(".messages")).to_contain_text("Cô giáo vùng cao")
    with sqlite3.connect(site.database) as db:
        names = [
            name
            for (name,) in db.execute(
                "SELECT l.name FROM core_locality l JOIN exemplars_storypage_localities s ON s.locality_id = l.id "
                "JOIN wagtailcore_page p ON p.id = s.storypage_id WHERE p.title = ?",
                ("Cô giáo vùng cao giữ chân học trò",),
            )
        ]
    assert sorted(names) == ["Hà Giang", "Đắk Lắk"]


def test_options_in_vietnamese_order_current_units_first_aliases_found(editor, site):
    page = editor
    page.goto(f"{site.url}/admin/pages/add/exemplars/storypage/{story_index_id(site)}/")
    box, dropdown = picker(page, "localities")
    box.click()
    expect(dropdown.locator(".option").first).to_be_visible()
    headers = dropdown.locator(".optgroup-header").all_inner_texts()
    assert headers == ["Hiện nay", "Trước 01/07/2025"]
    current = dropdown.locator(".optgroup").first.locator(".option").all_inner_texts()
    assert len(current) == 34
    assert current.index("Cà Mau") < current.index("Cao Bằng")  # Cà Mau, then Cao Bằng (not code-point order)
    first_letters = [name[0] for name in current]
    # Đ right after C (no current unit starts with D) and before G; code-point order puts it after V
    assert first_letters.index("Đ") == max(i for i, c in enumerate(first_letters) if c == "C") + 1
    assert max(i for i, c in enumerate(first_letters) if c == "Đ") < first_letters.index("G")
    box.press("Escape")

    movements_box, movements = picker(page, "movements")
    movements_box.click()
    movements_box.fill("chung tay nong thon")  # another name of the movement, typed without accents
    expect(movements.locator(".option").first).to_have_text("Cả nước chung sức xây dựng nông thôn mới")


def test_the_headline_counts_its_characters_warns_when_long_and_stays_one_line(editor, site):
    page = editor
    page.goto(f"{site.url}/admin/pages/add/exemplars/storypage/{story_index_id(site)}/")
    title = page.locator("#id_title")
    count = page.locator("#id_title-dem-ky-tu")
    title.fill("Người thầy giữ lửa")
    expect(count).to_have_text("18/110 ký tự")
    expect(count).not_to_have_class("gs-headline-count gs-headline-count--over")
    long_headline = "Cô giáo vùng cao Lò Thị Hoa mười lăm năm bám bản, vận động từng học trò người Mông trở lại lớp học giữa mùa đông"
    title.fill(long_headline)
    expect(count).to_contain_text(f"{len(long_headline)} ký tự: dài hơn 110")
    expect(count).to_have_class("gs-headline-count gs-headline-count--over")
    height = page.evaluate("document.querySelector('#id_title').scrollHeight")
    title.press("End")
    title.press("Enter")
    assert title.input_value() == long_headline  # Enter adds no line break
    assert height > 60  # the long headline wraps onto a second line, all of it in view
