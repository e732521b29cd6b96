"""The editors' report "Tìm kiếm của bạn đọc" (Reports menu): the most searched queries and the
queries that found nothing over the last 30 days, each with a link to the public search and to
adding a promoted result for it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search import insights

PROMOTION_PERMISSIONS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
)


def can_promote(user) -> bool:
    return any(user.has_perm(p) for p in PROMOTION_PERMISSIONS)


class SearchInsightsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/insights.html"
    page_title = "Tìm kiếm của bạn đọc"
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            days=insights.REPORT_DAYS,
            retention_days=insights.stats_days(),
            most_searched=insights.most_searched(),
            without_results=insights.without_results(),
            can_promote=can_promote(self.request.user),
        )
        return context


def promote(request):
    """Open the promoted results of a query, creating the (empty) query first if needed: Wagtail's
    own "add" form cannot be pre-filled."""
    from wagtail.contrib.search_promotions.models import Query

    if not can_promote(request.user):
        raise PermissionDenied
    text = insights.normalise(request.GET.get("q", ""))
    if not text:
        return redirect("wagtailsearchpromotions:add")
    existing = next(iter(insights.promoted_query_ids(text)), None)
    query = Query.objects.get(pk=existing) if existing else Query.get(text)
    return redirect("wagtailsearchpromotions:edit", query.pk)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("tim-kiem-ban-doc/", SearchInsightsView.as_view(), name="search_insights"),
        path("tim-kiem-ban-doc/goi-y/", promote, name="search_insights_promote"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_insights_menu_item():
    return MenuItem(
        "Tìm kiếm của bạn đọc",
        reverse("search_insights"),
        name="search-insights",
        icon_name="search",
        order=1350,
    )


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms_report(request, menu_items):
    """Wagtail's own "Search terms" report counts Query.add_hit(), which this site never calls
    (it would store every query on every page of results): "Tìm kiếm của bạn đọc" replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
