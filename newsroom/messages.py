"""Messages that say what happened, in Vietnamese: "Đã gửi duyệt …", "Đã duyệt bước 1 (Biên tập),
chờ Lãnh đạo duyệt …", "Đã xuất bản …", "Đã lên lịch xuất bản … lúc dd/mm/yyyy HH:MM", "Đã trả
lại …".

Wagtail's edit and create views say "Page '…' has been updated / submitted for moderation /
published / scheduled for publishing" whatever the step, and its dashboard's approve and
reject buttons say nothing at all. The newsroom keeps Wagtail's views and replaces their
message after the fact, the Wagtail way:

- `after_create_page` / `after_edit_page` hooks (newsroom.wagtail_hooks) run after the view
  queued its message: `say_what_happened` removes Wagtail's success message and queues one
  worked out from the page as it now stands (published, scheduled, at which step);
- the approve and reject actions, from the editor or from the dashboard, send Wagtail's
  `task_approved` / `task_rejected` signals, which carry the user but no request:
  `note_task_action` keeps a note for that user (in the cache, for ten minutes) and the next
  admin screen that user sees (the edit view after the action, or the dashboard the buttons
  return to) turns it into the message (`show_notes`).

Removing a queued message reads the storage's `_queued_messages` (Django keeps no public way
to take back a message queued in the same request); if a future Django renames it, Wagtail's
message stays and ours is added beside it."""

from django.contrib import messages
from django.core.cache import cache
from django.http import JsonResponse
from django.urls import reverse
from wagtail.admin import messages as admin_messages
from wagtail.models import Page, TaskState

from newsroom.status import IN_REVIEW, SCHEDULED, statuses, vi_datetime, workflows

NOTE_SECONDS = 600


def replace_messages(request, predicate, text, level=messages.SUCCESS):
    """Take back the messages of this request matching `predicate` and queue `text` instead."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None)
    if isinstance(queued, list):
        queued[:] = [m for m in queued if not predicate(m)]
    messages.add_message(request, level, text)


def _is_success(message):
    return message.level == messages.SUCCESS


def _title(page) -> str:
    return page.get_admin_display_title()


def where_it_stands(page) -> str:
    """What happens next to the page, as the end of a message."""
    status = statuses([page])[page.pk]
    if status.key == IN_REVIEW:
        return f"{status.label[0].lower()}{status.label[1:]}"
    if status.key == SCHEDULED:
        return f"đã lên lịch xuất bản lúc {vi_datetime(status.when)}"
    if page.live and not page.has_unpublished_changes:
        return "đã xuất bản"
    return "còn là bản nháp"


def published_message(page) -> str:
    """After "Xuất bản" (or the last approval): published now, or scheduled for later."""
    status = statuses([page])[page.pk]
    if status.key == SCHEDULED:
        if page.live:
            return (
                f"Bài '{_title(page)}' vẫn hiện với bạn đọc như cũ; bản sửa này đã lên lịch xuất bản "
                f"lúc {vi_datetime(status.when)}."
            )
        return f"Đã lên lịch xuất bản '{_title(page)}' lúc {vi_datetime(status.when)}."
    return f"Đã xuất bản '{_title(page)}'."


def submitted_message(page, again=False) -> str:
    flow = workflows([str(page.pk)]).get(page.pk)
    verb = "Đã gửi duyệt lại" if again else "Đã gửi duyệt"
    if flow is None:  # the workflow finished at once (no step left): published or scheduled
        return published_message(page)
    return f"{verb} '{_title(page)}': {where_it_stands(page)}."


def say_what_happened(request, page, created=False):
    """After Wagtail's create or edit view did the action: its success message, replaced.
    Autosave (a JSON request) queues no message and gets none."""
    if not request.accepts("text/html"):
        return
    page = Page.objects.get(pk=page.pk).specific  # as it now stands
    post = request.POST
    if post.get("action-publish"):
        text = published_message(page)
    elif post.get("action-submit"):
        text = submitted_message(page)
        if created:
            text = text.replace("Đã gửi duyệt", "Đã tạo và gửi duyệt", 1)
    elif post.get("action-restart-workflow"):
        text = submitted_message(page, again=True)
    elif post.get("action-workflow-action"):
        text = None  # the approve/reject note says it (show_notes)
    elif created:
        text = f"Đã tạo bản nháp '{_title(page)}'. Bấm 'Gửi duyệt' khi bài đã xong."
    else:
        text = f"Đã lưu bản nháp '{_title(page)}'."
        if page.live:
            text = f"Đã lưu bản sửa của '{_title(page)}'; bạn đọc vẫn thấy bản đã xuất bản cho đến khi bản sửa được xuất bản."
    notes = take_notes(request.user)
    if text is None and not notes:
        return
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None)
    if isinstance(queued, list):
        queued[:] = [m for m in queued if not _is_success(m)]
    for note in notes:
        messages.success(request, note)
    if text:
        buttons = []
        if page.live and page.url and post.get("action-publish"):
            buttons.append(admin_messages.button(page.url, "Xem bài", new_window=False))
        buttons.append(admin_messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "Sửa"))
        admin_messages.success(request, text, buttons=buttons)


# The approve and reject actions: noted per user, shown on that user's next admin screen.


def _note_key(user_id) -> str:
    return f"newsroom:notes:{user_id}"


def note_task_action(sender, instance, user=None, **kwargs):
    """`task_approved` / `task_rejected` receiver: remember what this user just did."""
    if user is None or instance.status not in (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED):
        return
    key = _note_key(user.pk)
    notes = cache.get(key) or []
    notes.append(instance.pk)
    cache.set(key, notes[-20:], NOTE_SECONDS)


def take_notes(user) -> list[str]:
    """The messages for what `user` approved or sent back since the last screen, oldest first."""
    if not getattr(user, "pk", None):
        return []
    key = _note_key(user.pk)
    ids = cache.get(key)
    if not ids:
        return []
    cache.delete(key)
    states = {
        s.pk: s
        for s in TaskState.objects.filter(pk__in=ids).select_related(
            "task", "workflow_state", "workflow_state__workflow", "finished_by"
        )
    }
    texts = []
    for pk in ids:
        state = states.get(pk)
        if state is not None:
            texts.append(task_message(state))
    return texts


def task_message(state: TaskState) -> str:
    """ "Đã duyệt bước 1 (Biên tập) bài '…': chờ Lãnh đạo duyệt (bước 2/2: Duyệt xuất bản)."."""
    page = state.workflow_state.content_object.specific
    steps = [
        wt.task_id
        for wt in state.workflow_state.workflow.workflow_tasks.filter(task__active=True).order_by("sort_order")
    ]
    step = f"bước {steps.index(state.task_id) + 1} ({state.task.name})" if state.task_id in steps else state.task.name
    if state.status == TaskState.STATUS_REJECTED:
        text = f"Đã trả lại '{_title(page)}' cho người viết sửa ({step})"
        comment = state.get_comment()
        return f"{text}. Nhận xét: “{comment}”" if comment else f"{text}."
    status = statuses([page])[page.pk]
    if status.key == IN_REVIEW:
        return f"Đã duyệt {step} bài '{_title(page)}': {status.label[0].lower()}{status.label[1:]}."
    if status.key == SCHEDULED:
        return f"Đã duyệt {step}: '{_title(page)}' đã lên lịch xuất bản lúc {vi_datetime(status.when)}."
    if page.live:
        return f"Đã duyệt {step}: đã xuất bản '{_title(page)}'."
    return f"Đã duyệt {step} bài '{_title(page)}'."


def show_notes(request):
    for text in take_notes(request.user):
        messages.success(request, text)


# Autosave after someone (or the same editor, in another tab) saved or published a newer
# version: Wagtail answers 400 "Lưu lúc này sẽ ghi đè lên một phiên bản mới hơn." and pauses
# autosave. The newsroom answers the same way (same status and error code, so Wagtail's script
# pauses as before) but says who saved or published it, when, and what to do.


def _loaded_is_out_of_date(request, latest) -> bool:
    """Wagtail's own test (EditView.is_out_of_date), on what the editor's form sent."""
    if overwrite := request.POST.get("overwrite_revision_id"):
        return overwrite != str(latest.pk)
    if loaded := request.POST.get("loaded_revision_id"):
        return loaded != str(latest.pk) or request.POST.get("loaded_revision_created_at", "") != (
            latest.created_at.isoformat()
        )
    return False


def newer_version_text(request, page, latest) -> str:
    from newsroom.templatetags.newsroom_tags import person

    who = "Bạn (ở một thẻ hay cửa sổ khác)" if latest.user_id == request.user.pk else person(latest.user) or "Ai đó"
    did = "xuất bản" if page.live and page.live_revision_id == latest.pk else "lưu"
    return (
        f"{who} đã {did} bài này lúc {vi_datetime(latest.created_at)}, sau khi bạn mở trang. Tự động lưu đã dừng "
        "để không ghi đè bản đó: tải lại trang để sửa tiếp trên bản mới nhất (những gì bạn vừa gõ chưa được lưu, "
        "hãy chép lại trước khi tải)."
    )


def refuse_stale_autosave(request, page):
    """`before_edit_page`: an autosave (JSON) from a form older than the latest revision gets a
    400 that says what happened; anything else goes on to Wagtail's view."""
    if request.method != "POST" or request.accepts("text/html"):
        return None
    latest = page.get_latest_revision()
    if latest is None or not _loaded_is_out_of_date(request, latest):
        return None
    return JsonResponse(
        {
            "success": False,
            "error_code": "invalid_revision",
            "error_message": newer_version_text(request, page, latest),
        },
        status=400,
    )
