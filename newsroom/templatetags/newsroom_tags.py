"""Template helpers of the newsroom's admin screens and e-mails."""

from django import template
from django.urls import reverse
from wagtail.models import WorkflowTask

from newsroom.status import statuses, vi_datetime, waiting_for

register = template.Library()


@register.simple_tag
def reuse_existing_image_url(cancel_url, new_image, existing_image):
    """The chooser's "use the existing photo" action (newsroom.views.reuse_existing_image),
    keeping the query Wagtail's own action carries (where the chooser goes next)."""
    query = cancel_url.partition("?")[2]
    url = reverse("newsroom_reuse_existing_image", args=[new_image.pk, existing_image.pk])
    return f"{url}?{query}" if query else url


@register.simple_tag
def article_status(page):
    """Where the page stands (newsroom.status.Status): .label, .key, .when, .comment."""
    return statuses([page])[page.pk]


@register.simple_tag
def task_step(task, workflow=None):
    """ "bước 1/2" for a workflow step (in `workflow`, else in the first workflow holding it)."""
    links = WorkflowTask.objects.filter(task__active=True)
    link = WorkflowTask.objects.filter(task=task)
    if workflow is not None:
        link = link.filter(workflow=workflow)
    link = link.first()
    if link is None:
        return ""
    order = list(links.filter(workflow_id=link.workflow_id).order_by("sort_order").values_list("task_id", flat=True))
    return f"bước {order.index(task.pk) + 1}/{len(order)}" if task.pk in order else ""


@register.simple_tag
def task_reviewers(task):
    """ "Biên tập viên" (the groups that approve a group approval step)."""
    groups = getattr(task, "groups", None)
    return " / ".join(sorted(groups.values_list("name", flat=True))) if groups is not None else ""


@register.filter
def waiting_label(task):
    groups = getattr(task, "groups", None)
    return waiting_for(sorted(groups.values_list("name", flat=True)) if groups is not None else [])


@register.filter
def vi_when(value):
    return vi_datetime(value)


@register.simple_tag
def person(user):
    """ "Nguyễn Thị Lan" (family name first), else the username."""
    if user is None:
        return ""
    name = " ".join(filter(None, [user.last_name, user.first_name]))
    return name or user.get_username()
