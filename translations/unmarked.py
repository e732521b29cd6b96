"""Labels Wagtail 8.0.1 derives from a Python name instead of a translated string, so no
catalogue reaches them: the login form's "Password" (a field declared without a label, over
Django's translated one), the "Page" field of a group's page permissions and of a workflow's
pages (a form field declared without a label) and the "Port", "Site name", "Root page"
columns of the site list (columns declared without a label). Each gets the translated label
Wagtail already has for the same thing (the model field's verbose name), so it follows the
editor's language. Called once from TranslationsConfig.ready(); tests/translations/
test_admin_crawl.py sees those screens. Drop an entry once Wagtail labels it."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy


def label_unmarked_fields():
    from wagtail.admin.forms.auth import LoginForm
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.models import GroupPagePermission, Site, WorkflowPage
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    LoginForm.base_fields["password"].label = gettext_lazy("Password")  # Django's own msgid
    PagePermissionsForm.base_fields["page"].label = capfirst(GroupPagePermission._meta.get_field("page").verbose_name)
    WorkflowPageForm.base_fields["page"].label = capfirst(WorkflowPage._meta.get_field("page").verbose_name)
    for column in SiteIndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
