"""The nomination queue in the admin ("Giới thiệu gương"): editors read a reader's nomination
(with the nominator's contact, visible only to them), reject it or turn it into a draft
StoryPage prefilled from it."""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView, SnippetViewSet

from core.admin_access import ReaderDataSnippetViewSet
from core.admin_summary import WaitingSummaryItem
from core.text import fold
from core.widgets import VietnameseSinglePicker
from exemplars.models import Exemplar, StoryIndexPage
from exemplars.nominations import Nomination


def _can_create_draft(user):
    index = StoryIndexPage.objects.first()
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def _action_buttons(viewset, nomination, user, button_class):
    if nomination.status != Nomination.Status.PENDING or not user.has_perm("exemplars.change_nomination"):
        return []
    buttons = [
        button_class(
            "Từ chối",
            url=reverse(viewset.get_url_name("reject"), args=(quote(nomination.pk),)),
            icon_name="cross",
            priority=5,
        )
    ]
    if _can_create_draft(user):
        buttons.insert(
            0,
            button_class(
                "Tạo bài nháp",
                url=reverse(viewset.get_url_name("create_draft"), args=(quote(nomination.pk),)),
                icon_name="doc-empty-inverse",
                priority=4,
            ),
        )
    return buttons


class NominationIndexView(IndexView):
    def get_list_buttons(self, instance):
        return _action_buttons(
            Nomination.snippet_viewset, instance, self.request.user, ListingButton
        ) + super().get_list_buttons(instance)


class NominationInspectView(InspectView):
    fields = [
        "status",
        "exemplar_name",
        "exemplar_type",
        "exemplar_details",
        "achievement",
        "locality",
        "place",
        "photo",
        "nominator_name",
        "nominator_phone",
        "nominator_email",
        "contact_erased_at",
        "created_at",
        "story",
        "editor_note",
        "moderated_by",
        "moderated_at",
    ]

    def get_photo_display_value(self):
        if not self.object.photo:
            return "—"
        url = reverse(Nomination.snippet_viewset.get_url_name("photo"), args=(quote(self.object.pk),))
        return format_html(
            '<a href="{0}" target="_blank"><img src="{0}" alt="Ảnh bạn đọc gửi" style="max-width: 24rem; height: auto"></a>',
            url,
        )

    def get_story_display_value(self):
        story = self.object.story
        if story is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("wagtailadmin_pages:edit", args=(story.pk,)), story.title)

    def get_contact_erased_at_display_value(self):
        if self.object.contact_erased_at:
            return f"Đã xoá lúc {self.object.contact_erased_at:%d/%m/%Y %H:%M}"
        return f"Sẽ tự xoá sau ngày {self.object.contact_erase_due:%d/%m/%Y} (Nghị định 13/2023/NĐ-CP)"

    @property
    def header_more_buttons(self):
        return (
            _action_buttons(Nomination.snippet_viewset, self.object, self.request.user, Button)
            + super().header_more_buttons
        )


class RejectForm(forms.Form):
    note = forms.CharField(
        label="Lý do (ghi chú nội bộ, không gửi cho bạn đọc)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _pending_nomination(request, pk):
    if not request.user.has_perm("exemplars.change_nomination"):
        raise PermissionDenied
    nomination = get_object_or_404(Nomination, pk=pk)
    if nomination.status != Nomination.Status.PENDING:
        messages.warning(request, f"“{nomination}” đã được xử lý ({nomination.get_status_display().lower()}).")
        return nomination, False
    return nomination, True


def _confirm(request, viewset, nomination, title, action_label, form=None):
    return TemplateResponse(
        request,
        "exemplars/admin/nomination_confirm.html",
        {
            "nomination": nomination,
            "title": title,
            "action_label": action_label,
            "form": form,
            "back_url": reverse(viewset.get_url_name("inspect"), args=(quote(nomination.pk),)),
        },
    )


class NominationViewSet(ReaderDataSnippetViewSet):
    model = Nomination
    icon = "user"
    menu_label = "Giới thiệu gương"
    menu_order = 205
    add_to_admin_menu = True
    index_view_class = NominationIndexView
    inspect_view_class = NominationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["exemplar_name", "achievement", "place"]
    list_filter = ["status", "exemplar_type"]
    list_display = [
        "exemplar_name",
        Column("locality", label="Tỉnh, thành phố", accessor=lambda n: n.locality.name),
        "status",
        DateColumn("created_at", label="Gửi lúc"),
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("exemplar_name"), FieldPanel("exemplar_type")]),
                FieldPanel("exemplar_details"),
                FieldPanel("achievement"),
                FieldRowPanel([FieldPanel("locality"), FieldPanel("place")]),
            ],
            heading="Nội dung giới thiệu",
        ),
        FieldPanel("status"),
        FieldPanel("editor_note"),
    ]

    def get_queryset(self, request):
        return Nomination.objects.select_related("locality")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("reject/<int:pk>/", self.reject_view, name="reject"),
            path("create-draft/<int:pk>/", self.create_draft_view, name="create_draft"),
            path("photo/<int:pk>/", self.photo_view, name="photo"),
        ]

    def reject_view(self, request, pk):
        nomination, pending = _pending_nomination(request, pk)
        if not pending:
            return redirect(self.get_url_name("inspect"), quote(pk))
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            nomination.reject(request.user, form.cleaned_data["note"])
            messages.success(request, f"Đã từ chối giới thiệu “{nomination}”.")
            return redirect(self.get_url_name("list"))
        return _confirm(request, self, nomination, "Từ chối giới thiệu", "Từ chối", form)

    def create_draft_view(self, request, pk):
        nomination, pending = _pending_nomination(request, pk)
        if not pending:
            return redirect(self.get_url_name("inspect"), quote(pk))
        if not _can_create_draft(request.user):
            raise PermissionDenied
        if request.method == "POST":
            page = nomination.create_draft_story(request.user)
            messages.success(
                request, f"Đã tạo bài nháp “{page.title}” từ giới thiệu của bạn đọc. Hãy xác minh và viết tiếp."
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        return _confirm(request, self, nomination, "Tạo bài nháp từ giới thiệu", "Tạo bài nháp")

    def photo_view(self, request, pk):
        if not request.user.has_perm("exemplars.view_nomination"):
            raise PermissionDenied
        nomination = get_object_or_404(Nomination, pk=pk)
        if not nomination.photo:
            raise Http404
        return FileResponse(nomination.photo.open("rb"))


register_snippet(NominationViewSet)


class PendingNominationsSummaryItem(WaitingSummaryItem):
    label = "Giới thiệu chờ duyệt"
    icon = "user"
    permission = "exemplars.view_nomination"
    url_name = "wagtailsnippets_exemplars_nomination:list"

    def count(self):
        return Nomination.objects.filter(status=Nomination.Status.PENDING).count()


@hooks.register("construct_homepage_summary_items")
def add_pending_nominations(request, items):
    items.append(PendingNominationsSummaryItem(request))


# --- "Hồ sơ gương": exemplars' profiles and "Gộp hồ sơ" ------------------------------------


def _merge_button(exemplar, user, button_class):
    if exemplar.merged_into_id or not user.has_perm("exemplars.change_exemplar"):
        return []
    url = reverse(Exemplar.snippet_viewset.get_url_name("merge"), args=(quote(exemplar.pk),))
    return [button_class("Gộp hồ sơ", url=url, icon_name="resubmit", priority=15)]


class ExemplarIndexView(IndexView):
    def search_queryset(self, queryset):
        """By name, with or without accents ("luong van khanh" finds "Lương Văn Khánh")."""
        if not self.is_searching:
            return queryset
        return queryset.filter(folded_name__contains=fold(self.search_query))

    def get_list_buttons(self, instance):
        return _merge_button(instance, self.request.user, ListingButton) + super().get_list_buttons(instance)


class ExemplarEditView(EditView):
    @property
    def header_more_buttons(self):
        return _merge_button(self.object, self.request.user, Button) + super().header_more_buttons


class LookAlikeFirstPicker(VietnameseSinglePicker):
    """The profiles to keep, those with the same name without accents first. None is chosen for
    the editor: a look-alike is often another person ("Lương" and "Lường" Văn Khánh)."""

    def __init__(self, *args, folded="", **kwargs):
        self.folded = folded
        super().__init__(*args, **kwargs)

    def group_of(self, instance):
        if instance.folded_name == self.folded:
            return (0, "Tên gần giống")
        return (1, "Hồ sơ khác")

    def label_of(self, instance, label, instances):
        count = getattr(instance, "story_count", None)
        details = [
            instance.get_exemplar_type_display(),
            instance.occupation or instance.organisation,
            instance.province.name if instance.province_id else "",
        ]
        if count is not None:
            details.append(f"{count} bài")
        return f"{instance.name} — {' · '.join(d for d in details if d)}"


class MergeForm(forms.Form):
    kept = forms.ModelChoiceField(
        label="Hồ sơ giữ lại",
        queryset=Exemplar.objects.none(),
        help_text=(
            "Mọi bài của hồ sơ này chuyển sang hồ sơ giữ lại; địa chỉ của hồ sơ này chuyển hẳn (301) "
            "sang địa chỉ hồ sơ giữ lại. Thông tin còn trống của hồ sơ giữ lại được lấy từ hồ sơ này."
        ),
        empty_label="Chọn hồ sơ giữ lại",
        error_messages={"required": "Hãy chọn hồ sơ giữ lại.", "invalid_choice": "Hồ sơ này không gộp vào được."},
    )

    def __init__(self, *args, exemplar, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kept"]
        field.widget = LookAlikeFirstPicker(folded=exemplar.folded_name)
        field.queryset = (  # sets the widget's choices too
            Exemplar.objects.filter(merged_into=None, exemplar_type=exemplar.exemplar_type)
            .exclude(pk=exemplar.pk)
            .select_related("province")
            .annotate(story_count=Count("stories"))
        )


class ExemplarViewSet(SnippetViewSet):
    model = Exemplar
    icon = "user"
    menu_label = "Hồ sơ gương"
    menu_order = 204
    add_to_admin_menu = True
    index_view_class = ExemplarIndexView
    edit_view_class = ExemplarEditView
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name"]
    list_filter = ["exemplar_type", "field_of_work"]
    list_display = [
        "name",
        "exemplar_type",
        Column("province", label="Tỉnh, thành phố", accessor=lambda e: e.province.name if e.province else "—"),
        Column("story_count", label="Số bài"),
        Column(
            "merged_into",
            label="Tình trạng",
            accessor=lambda e: f"Đã gộp vào “{e.merged_into.name}”" if e.merged_into_id else "Đang dùng",
        ),
    ]

    def get_queryset(self, request):
        return Exemplar.objects.select_related("province", "merged_into").annotate(story_count=Count("stories"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("merge/<int:pk>/", self.merge_view, name="merge")]

    def merge_view(self, request, pk):
        """ "Gộp hồ sơ": the editor chooses the profile to keep; this one's stories move there."""
        if not request.user.has_perm("exemplars.change_exemplar"):
            raise PermissionDenied
        exemplar = get_object_or_404(Exemplar, pk=pk)
        edit_url = reverse(self.get_url_name("edit"), args=(quote(exemplar.pk),))
        if exemplar.merged_into_id:
            messages.warning(request, f"Hồ sơ “{exemplar}” đã được gộp vào “{exemplar.survivor()}”.")
            return redirect(edit_url)
        form = MergeForm(request.POST or None, exemplar=exemplar)
        if request.method == "POST" and form.is_valid():
            kept = form.cleaned_data["kept"]
            moved = exemplar.merge_into(kept, user=request.user)
            messages.success(
                request,
                f"Đã gộp hồ sơ “{exemplar}” vào “{kept}”: chuyển {moved} bài; địa chỉ cũ nay chuyển tới hồ sơ giữ lại.",
            )
            return redirect(self.get_url_name("edit"), quote(kept.pk))
        return TemplateResponse(
            request,
            "exemplars/admin/merge.html",
            {
                "exemplar": exemplar,
                "form": form,
                "story_count": exemplar.stories.count(),
                "look_alikes": exemplar.look_alikes(),
                "back_url": edit_url,
                "media": form.media,
            },
        )


register_snippet(ExemplarViewSet)


@hooks.register("register_log_actions")
def register_merge_log_actions(actions):
    actions.register_action("exemplars.merge", "Gộp hồ sơ", "Đã gộp một hồ sơ trùng vào hồ sơ này")
    actions.register_action("exemplars.merged_into", "Gộp vào hồ sơ khác", "Đã gộp hồ sơ này vào hồ sơ khác")
