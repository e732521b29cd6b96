""" "Gộp hồ sơ": editors merge duplicate profiles in the admin; the merged profile's addresses
answer 301 to the one kept, and stories never go back to it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import ModelLogEntry

from exemplars.models import Exemplar
from tests.factories import make_story


def merge_url(exemplar):
    return reverse("wagtailsnippets_exemplars_exemplar:merge", args=[exemplar.pk])


@pytest.fixture
def duplicates(db):
    """One teacher written two ways by two stories, and a draft on the duplicate."""
    first = make_story(title="Thầy Khánh mở lớp học tình thương", exemplar_name="Lương Văn Khánh")
    second = make_story(
        title="Người thầy của bản Nậm Có", exemplar_name="Luong Van Khanh", exemplar_occupation="Giáo viên"
    )
    draft = make_story(title="Bản nháp về thầy Khánh", exemplar_name="Luong Van Khanh", publish=False)
    kept, duplicate = first.exemplar, second.exemplar
    assert kept.pk != duplicate.pk and draft.exemplar_id == duplicate.pk
    return {"kept": kept, "duplicate": duplicate, "first": first, "second": second, "draft": draft}


def test_an_editor_merges_through_the_admin(editor_client, duplicates, client):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    old_url = f"/ho-so/{duplicate.slug}/"
    assert client.get(old_url).status_code == 200

    form = editor_client.get(merge_url(duplicate))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Hồ sơ giữ lại" in html and "Tên gần giống" in html
    # look-alikes first, none chosen for the editor (the demo's "Lường Văn Khánh" is another man)
    look_alikes = html.split('label="Tên gần giống"')[1].split("</optgroup>")[0]
    assert f'<option value="{kept.pk}"' in look_alikes and "Lường Văn Khánh" in look_alikes
    assert " selected" not in html.split('name="kept"')[1].split("</select>")[0].replace('value="" selected', "")

    response = editor_client.post(merge_url(duplicate), {"kept": kept.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_exemplars_exemplar:edit", args=[kept.pk])
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert messages == [
        f"Đã gộp hồ sơ “{duplicate.name}” vào “{kept.name}”: chuyển 2 bài; địa chỉ cũ nay chuyển tới hồ sơ giữ lại."
    ]

    duplicate.refresh_from_db(), kept.refresh_from_db()
    assert duplicate.merged_into_id == kept.pk
    assert set(kept.stories.values_list("title", flat=True)) == {
        "Thầy Khánh mở lớp học tình thương",
        "Người thầy của bản Nậm Có",
        "Bản nháp về thầy Khánh",
    }
    assert kept.occupation == "Giáo viên"  # the kept profile's empty field filled from the merged one
    # both histories say so, in Vietnamese
    for profile, action in ((kept, "exemplars.merge"), (duplicate, "exemplars.merged_into")):
        entry = ModelLogEntry.objects.get(object_id=str(profile.pk), action=action)
        assert entry.user.username == "bien-tap"
        assert entry.data["stories"] == 2
    history = editor_client.get(reverse("wagtailsnippets_exemplars_exemplar:history", args=[kept.pk]))
    assert "Gộp hồ sơ" in history.content.decode()

    # the old address and its feed move for good to the kept profile
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == f"/ho-so/{kept.slug}/"
    response = client.get(f"/feeds/exemplars/{duplicate.slug}.atom")
    assert response.status_code == 301 and response["Location"] == f"/feeds/exemplars/{kept.slug}.atom"
    body = client.get(f"/ho-so/{kept.slug}/").content.decode()
    assert "Người thầy của bản Nậm Có" in body and "Bản nháp về thầy Khánh" not in body


def test_stories_stay_on_the_kept_profile(duplicates):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    duplicate.merge_into(kept)
    # the draft's revision still names the merged profile: publishing it follows the merge
    draft = duplicates["draft"]
    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.exemplar_id == kept.pk
    # and a new story under the merged spelling goes to the kept profile too
    assert make_story(title="Bài mới", exemplar_name="LUONG VAN KHANH").exemplar_id == kept.pk
    # merged again into a third: earlier merges follow
    third = Exemplar.objects.create(name="Lương Văn Khánh (Lai Châu)", exemplar_type="individual")
    kept.merge_into(third)
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == third.pk and duplicate.survivor() == third


def test_the_admin_offers_the_merge_and_lists_profiles(editor_client, duplicates):
    duplicate = duplicates["duplicate"]
    listing = editor_client.get(reverse("wagtailsnippets_exemplars_exemplar:list"), {"q": "luong van khanh"})
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Lương Văn Khánh" in html and "Luong Van Khanh" in html and "Gộp hồ sơ" in html
    edit = editor_client.get(reverse("wagtailsnippets_exemplars_exemplar:edit", args=[duplicate.pk]))
    assert edit.status_code == 200 and merge_url(duplicate) in edit.content.decode()


def test_merging_is_refused_without_the_change_permission(reporter, duplicates, client):
    client.force_login(reporter)
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    for response in (client.get(merge_url(duplicate)), client.post(merge_url(duplicate), {"kept": kept.pk})):
        # Wagtail answers a refused admin request with its dashboard and a "no permission" message
        assert response.status_code == 302 and response["Location"] == "/admin/"
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None and duplicate.stories.count() == 2


def test_a_profile_cannot_be_merged_into_itself_or_a_merged_one(editor_client, duplicates):
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    response = editor_client.post(merge_url(duplicate), {"kept": duplicate.pk})
    assert response.status_code == 200 and "Hồ sơ này không gộp vào được." in response.content.decode()
    other = Exemplar.objects.create(name="Lương Văn Khánh", exemplar_type="collective")
    response = editor_client.post(merge_url(duplicate), {"kept": other.pk})  # a collective: not offered
    assert response.status_code == 200 and not Exemplar.objects.filter(merged_into__isnull=False).exists()
    duplicate.merge_into(kept)
    response = editor_client.get(merge_url(duplicate))
    assert response.status_code == 302  # already merged: back to its form, with a warning


def test_the_editor_roles_have_the_profile_permissions(editor, reporter):
    assert editor.has_perm("exemplars.change_exemplar") and editor.has_perm("exemplars.add_exemplar")
    assert not editor.has_perm("exemplars.delete_exemplar")
    assert not reporter.has_perm("exemplars.change_exemplar")


def test_the_story_form_offers_profiles_not_merged(editor_client, duplicates):
    """The "Gương điển hình" panel's picker: a story still on a merged profile shows the kept one."""
    kept, duplicate = duplicates["kept"], duplicates["duplicate"]
    duplicate.merge_into(kept)
    from exemplars.models import StoryPage

    StoryPage.objects.filter(pk=duplicates["second"].pk).update(exemplar=duplicate)  # as an old row would
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[duplicates["second"].pk]))
    assert response.status_code == 200
    select = response.content.decode().split('name="exemplar"')[1].split("</select>")[0]
    assert f'value="{duplicate.pk}"' not in select
    assert f'<option value="{kept.pk}" selected' in select
    assert "Hồ sơ gương" in response.content.decode()


def test_an_editor_creates_a_profile_in_the_admin(editor_client, db):
    """A second person of the same name gets a profile of their own, with its own address."""
    response = editor_client.post(
        reverse("wagtailsnippets_exemplars_exemplar:add"),
        {"name": "Nguyễn Văn Đức", "exemplar_type": "individual", "occupation": "Bộ đội biên phòng"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Exemplar.objects.get(occupation="Bộ đội biên phòng")
    assert created.slug.startswith("nguyen-van-duc") and created.folded_name == "nguyen van duc"
    edit = editor_client.get(reverse("wagtailsnippets_exemplars_exemplar:edit", args=[created.pk]))
    assert created.slug in edit.content.decode() and 'name="slug"' not in edit.content.decode()
