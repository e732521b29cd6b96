"""Counts on the admin home's summary line ("3 bình luận chờ duyệt"): one kind of item for
everything that waits for an editor (reviews, scheduled pages, comments, nominations)."""

from django.urls import reverse
from wagtail.admin.site_summary import SummaryItem


class WaitingSummaryItem(SummaryItem):
    """A count linking to where the items are; shown only to users with `permission`, if any."""

    template_name = "core/waiting_summary_item.html"
    order = 400
    icon = "tasks"
    label = ""
    url = ""  # where the items are
    url_name = ""  # or: a listing's URL name, opened at its pending items
    permission = ""  # "app_label.codename"

    def count(self) -> int:
        raise NotImplementedError

    def is_shown(self):
        return not self.permission or self.request.user.has_perm(self.permission)

    def get_context_data(self, parent_context):
        url = reverse(self.url_name) + "?status=pending" if self.url_name else self.url
        return {"count": self.count(), "label": self.label, "url": url, "icon": self.icon}
