"""Where each article stands in the newsroom, in the words editors use: "Bản nháp", "Chờ Biên
tập viên duyệt", "Bị trả lại", "Đã lên lịch", "Đã xuất bản". Read for many pages at once in a
fixed number of queries (the calendar, "Bài của tôi"), from Wagtail's own records: the page's
live flag, its scheduled revision (`approved_go_live_at`), its workflow state and task states."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Page, Revision, TaskState, WorkflowState, WorkflowTask

DRAFT, IN_REVIEW, NEEDS_CHANGES, SCHEDULED, LIVE = "draft", "in_review", "needs_changes", "scheduled", "live"


def vi_datetime(value: datetime | None) -> str:
    """20/02/2024 10:05, Vietnam time (as core's `vi_datetime` filter prints it)."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def waiting_for(group_names: list[str]) -> str:
    """ "Chờ Biên tập viên duyệt"; a group already named for the act reads "Chờ Lãnh đạo duyệt"."""
    names = " / ".join(group_names) or "người duyệt"
    return f"Chờ {names}" if names.endswith(" duyệt") else f"Chờ {names} duyệt"


@dataclass
class Status:
    key: str  # DRAFT, IN_REVIEW, NEEDS_CHANGES, SCHEDULED, LIVE
    label: str  # what editors read: "Chờ Lãnh đạo duyệt (bước 2/2: Duyệt xuất bản)"
    when: datetime | None = None  # scheduled: the go-live time; live: when it was last published
    comment: str = ""  # sent back: the reviewer's comment
    by: str = ""  # sent back: who did it
    task: str = ""  # in review / sent back: the step's name
    step: int = 0  # 1-based position of that step in its workflow
    steps: int = 0
    draft_changes: bool = False  # live, with a newer draft not yet published


@dataclass
class WorkflowInfo:
    status: str
    task_id: int | None
    task: str
    step: int
    steps: int
    groups: list[str]
    comment: str = ""
    by: str = ""


def _ids(pages) -> list[str]:
    return [str(p.pk) for p in pages]


def scheduled_revisions(page_ids: list[str] | None = None, start=None, end=None) -> dict[int, datetime]:
    """{page id: approved go-live time} of page revisions waiting for `publish_scheduled`; one query."""
    revisions = Revision.objects.page_revisions().filter(approved_go_live_at__isnull=False)
    if page_ids is not None:
        revisions = revisions.filter(object_id__in=page_ids)
    if start is not None:
        revisions = revisions.filter(approved_go_live_at__gte=start, approved_go_live_at__lt=end)
    scheduled: dict[int, datetime] = {}
    for object_id, go_live in revisions.values_list("object_id", "approved_go_live_at"):
        scheduled[int(object_id)] = min(go_live, scheduled.get(int(object_id), go_live))
    return scheduled


def workflows(page_ids: list[str] | None = None) -> dict[int, WorkflowInfo]:
    """{page id: its unfinished workflow (in progress or sent back)}, with the current step's
    name, its position, the groups that approve it and, when sent back, the reviewer's comment:
    three queries for any number of pages."""
    page_type = ContentType.objects.get_for_model(Page)
    states = WorkflowState.objects.active().filter(base_content_type=page_type)
    if page_ids is not None:
        states = states.filter(object_id__in=page_ids)
    rows = list(
        states.values(
            "object_id",
            "status",
            "workflow_id",
            "current_task_state__task_id",
            "current_task_state__task__name",
            "current_task_state__status",
            "current_task_state__comment",
            "current_task_state__finished_by__first_name",
            "current_task_state__finished_by__last_name",
            "current_task_state__finished_by__username",
        )
    )
    if not rows:
        return {}
    workflow_ids = {row["workflow_id"] for row in rows}
    steps: dict[int, list[int]] = {}
    for workflow_id, task_id in (
        WorkflowTask.objects.filter(workflow_id__in=workflow_ids, task__active=True)
        .order_by("sort_order")
        .values_list("workflow_id", "task_id")
    ):
        steps.setdefault(workflow_id, []).append(task_id)
    groups: dict[int, list[str]] = {}
    for task_id, name in GroupApprovalTask.objects.filter(
        pk__in={row["current_task_state__task_id"] for row in rows}
    ).values_list("pk", "groups__name"):
        if name:
            groups.setdefault(task_id, []).append(name)

    found = {}
    for row in rows:
        task_id = row["current_task_state__task_id"]
        order = steps.get(row["workflow_id"], [])
        by = " ".join(
            filter(
                None,
                [row["current_task_state__finished_by__last_name"], row["current_task_state__finished_by__first_name"]],
            )
        )
        found[int(row["object_id"])] = WorkflowInfo(
            status=row["status"],
            task_id=task_id,
            task=row["current_task_state__task__name"] or "",
            step=order.index(task_id) + 1 if task_id in order else 0,
            steps=len(order),
            groups=sorted(groups.get(task_id, [])),
            comment=(row["current_task_state__comment"] or "")
            if row["current_task_state__status"] == TaskState.STATUS_REJECTED
            else "",
            by=by or (row["current_task_state__finished_by__username"] or ""),
        )
    return found


def status_of(page, scheduled: dict[int, datetime], in_workflow: dict[int, WorkflowInfo]) -> Status:
    """One page's status from what `scheduled_revisions` and `workflows` read."""
    flow = in_workflow.get(page.pk)
    if flow and flow.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Status(
            NEEDS_CHANGES,
            f"Bị trả lại ở bước {flow.step}: {flow.task}" if flow.step else "Bị trả lại",
            comment=flow.comment,
            by=flow.by,
            task=flow.task,
            step=flow.step,
            steps=flow.steps,
        )
    if flow:
        where = f" (bước {flow.step}/{flow.steps}: {flow.task})" if flow.step else f" ({flow.task})"
        return Status(IN_REVIEW, waiting_for(flow.groups) + where, task=flow.task, step=flow.step, steps=flow.steps)
    if page.pk in scheduled:
        return Status(SCHEDULED, f"Đã lên lịch lúc {vi_datetime(scheduled[page.pk])}", when=scheduled[page.pk])
    if page.live:
        label = f"Đã xuất bản {vi_datetime(page.last_published_at)}".strip()
        if page.has_unpublished_changes:
            label += " · có bản sửa chưa gửi duyệt"
        return Status(LIVE, label, when=page.last_published_at, draft_changes=page.has_unpublished_changes)
    return Status(DRAFT, "Bản nháp")


def statuses(pages) -> dict[int, Status]:
    """{page id: Status} for the given pages, in three to five queries whatever their number."""
    ids = _ids(pages)
    if not ids:
        return {}
    scheduled = scheduled_revisions(ids)
    in_workflow = workflows(ids)
    return {page.pk: status_of(page, scheduled, in_workflow) for page in pages}


def page_ids_as_int(queryset, field="object_id"):
    """`object_id` (text in Wagtail's generic tables) as an integer, to compare with page ids."""
    return queryset.annotate(page_id=Cast(field, IntegerField())).values("page_id")
