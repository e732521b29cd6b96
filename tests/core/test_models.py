from datetime import timedelta

from django.utils import timezone

from core.models import Locality, RelatedPageLink
from exemplars.models import StoryPage
from movements.models import MovementPage
from tests.factories import make_news, make_story


def test_page_slug_is_ascii_with_d_for_dj(db):
    page = make_story(title="Đoàn viên Đặng Đức Điền hiến máu lần thứ 50")
    assert page.slug == "doan-vien-dang-duc-dien-hien-mau-lan-thu-50"
    assert page.url.endswith("/doan-vien-dang-duc-dien-hien-mau-lan-thu-50/")


def test_text_is_stored_nfc(db):
    page = make_story(title="Ngu\u031bo\u031b\u0300i to\u0302\u0301t", lead="vie\u0323\u0302c to\u0302\u0301t")
    page.refresh_from_db()
    assert page.title == "Người tốt" and page.lead == "việc tốt"


def test_historic_and_current_locality_share_their_content(db):
    binh_dinh = Locality.objects.get(slug="binh-dinh")
    gia_lai = Locality.objects.get(slug="gia-lai")
    gia_lai_old = Locality.objects.get(slug="gia-lai-truoc-2025")
    assert binh_dinh.successor == gia_lai and not binh_dinh.is_current
    assert set(binh_dinh.family_ids()) == set(gia_lai.family_ids()) >= {binh_dinh.pk, gia_lai.pk, gia_lai_old.pk}


def test_locality_lookup_prefers_the_unit_in_force_at_the_date(db):
    before = timezone.datetime(2024, 1, 1, tzinfo=timezone.get_current_timezone())
    assert Locality.match_at("Bắc Ninh", before).slug == "bac-ninh-truoc-2025"
    assert Locality.match_at("bac ninh", timezone.now()).slug == "bac-ninh"
    assert Locality.match_at("TP.HCM").slug == "ho-chi-minh"
    assert Locality.match_at("Xứ sở thần tiên") is None


def test_reference_data_counts(db):
    assert Locality.objects.filter(is_current=True).count() == 34
    assert Locality.objects.filter(is_current=False).count() == 63
    assert not Locality.objects.filter(is_current=False, successor=None).exists()


def test_movement_matches_names_and_aliases_accent_insensitively(db):
    movement = MovementPage.objects.live().first()
    assert MovementPage.match(movement.title.upper()) == movement
    for alias in movement.alias_list:
        assert MovementPage.match(alias) == movement


def test_related_stories_hand_picked_first_then_automatic_and_only_published(db):
    movement = MovementPage.objects.live().first()
    base = make_story(title="Bài gốc")
    base.movements = [movement]
    base.save_revision().publish()
    picked = make_story(title="Bài chọn tay", published_at=timezone.now() - timedelta(days=900))
    draft = make_story(title="Bài nháp cùng phong trào", publish=False)
    draft.movements = [movement]
    draft.save_revision()
    RelatedPageLink.objects.create(source_page=base, page=picked, sort_order=0)
    base = StoryPage.objects.get(pk=base.pk)

    related = base.related_pages(limit=4)
    assert related[0].pk == picked.pk
    assert all(p.live for p in related)
    assert base.pk not in [p.pk for p in related] and draft.pk not in [p.pk for p in related]
    assert any(movement in p.movements.all() for p in related[1:])


def test_news_stories_and_documents_are_registered_kinds(db):
    from core.kinds import all_kinds

    assert {k.key for k in all_kinds()} == {"story", "news", "document"}
    assert make_news().kind.label == "Tin phong trào"
