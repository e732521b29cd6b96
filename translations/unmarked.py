"""Labels Wagtail 8.0.1 derives from a Python name instead of a translated string, so no
catalogue reaches them: the login form's "Password" (a field declared without a label, over
Django's translated one), the "Page" field of a group's page permissions and of a workflow's
pages (a form field declared without a label) and the "Port", "Site name", "Root page"
columns of the site list (columns declared without a label), the link choosers' fields ("Link
text", "Email address", "Subject", "Body", "Phone number") and a search promotion's "External
link text" (model fields without a verbose name). Each gets the translated label
Wagtail already has for the same thing (the model field's verbose name), so it follows the
editor's language. Called once from TranslationsConfig.ready(); tests/translations/
test_admin_crawl.py sees those screens. Drop an entry once Wagtail labels it."""

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy


def _in_language(vietnamese, english):
    """A label for a message no catalogue has (Wagtail never marked it): Vietnamese for a
    Vietnamese admin, Wagtail's English otherwise."""
    return lazy(lambda: vietnamese if (get_language() or "").startswith("vi") else english, str)()


# The link choosers' forms (rich text "Liên kết"): fields declared without a label.
CHOOSER_LABELS = {
    "EmailLinkChooserForm": {
        "email_address": gettext_lazy("Email address"),  # Django's msgid
        "link_text": _in_language("Chữ hiển thị của liên kết", "Link text"),
        "subject": _in_language("Tiêu đề thư", "Subject"),
        "body": _in_language("Nội dung thư", "Body"),
    },
    "ExternalLinkChooserForm": {"link_text": _in_language("Chữ hiển thị của liên kết", "Link text")},
    "AnchorLinkChooserForm": {"link_text": _in_language("Chữ hiển thị của liên kết", "Link text")},
    "PhoneLinkChooserForm": {
        "phone_number": _in_language("Số điện thoại", "Phone number"),
        "link_text": _in_language("Chữ hiển thị của liên kết", "Link text"),
    },
}


def label_unmarked_fields():
    from wagtail.admin.forms import choosers
    from wagtail.admin.forms.auth import LoginForm
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.models import GroupPagePermission, Site, WorkflowPage
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    LoginForm.base_fields["password"].label = gettext_lazy("Password")  # Django's own msgid
    PagePermissionsForm.base_fields["page"].label = capfirst(GroupPagePermission._meta.get_field("page").verbose_name)
    WorkflowPageForm.base_fields["page"].label = capfirst(WorkflowPage._meta.get_field("page").verbose_name)
    for form, labels in CHOOSER_LABELS.items():
        for name, label in labels.items():
            getattr(choosers, form).base_fields[name].label = label
    from wagtail.contrib.search_promotions.forms import SearchPromotionForm, SearchPromotionsFormSet

    for form in (SearchPromotionForm, SearchPromotionsFormSet.form):  # the formset's is a copy
        form.base_fields["external_link_text"].label = _in_language(
            "Chữ hiển thị của liên kết ngoài", "External link text"
        )
    for column in SiteIndexView.columns:
        if column.name in ("port", "site_name", "root_page"):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
