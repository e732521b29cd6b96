from wagtail.admin.site_summary import SummaryItem


class WaitingSummaryItem(SummaryItem):
    """A count of reader contributions waiting for an editor, on the admin home page, linking to
    the queue; shown only to users who may moderate them."""

    template_name = "participation/admin/summary_item.html"
    order = 400
    label = ""
    icon = "comment"
    permission = ""  # "app_label.codename"
    url_name = ""  # the queue's index URL
    queryset = None  # callable returning what waits

    def is_shown(self):
        return self.request.user.has_perm(self.permission)

    def get_context_data(self, parent_context):
        from django.urls import reverse

        return {
            "count": self.queryset().count(),
            "label": self.label,
            "icon": self.icon,
            "url": reverse(self.url_name) + "?status=pending",
        }
