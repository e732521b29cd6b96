"""Readers' data in the admin (comments, nominations with the nominator's contact): only those
who may open a model's own admin listing see any of its objects, wherever the admin would show
them. Who that is comes from the model permissions (granted by the role table,
newsroom.roles.READER_DATA) read through the model's
Wagtail permission policy, with the rule of Wagtail's own listing view: nothing here decides
anew who may see what.

Wagtail already applies that rule to the listing, inspect, edit, delete, history and usage
views, and filters the site history report by model permission. Two kinds of view do not:

- the snippet chooser (`/admin/snippets/choose/<app>/<model>/`, its results, `chosen`,
  `chosen-multiple`) lists every object to every admin user: `ReaderDataSnippetViewSet` gives
  the model a chooser that asks for the listing's permission;
- a bulk action's confirmation page (`/admin/bulk/<app>/<model>/<action>/?id=…`, also
  `?id=all`) names the objects the user may not act on: the models' own bulk actions take
  `ListingPermissionRequiredMixin`, and `ReaderDataDeleteBulkAction` replaces Wagtail's
  snippet "delete" for the models of a `ReaderDataSnippetViewSet`."""

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from wagtail.admin.views.generic.models import IndexView
from wagtail.coreutils import resolve_model_string
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import SnippetViewSet


def may_list(user, model) -> bool:
    """Whether `user` may open `model`'s admin listing (Wagtail's IndexView rule)."""
    policy = policy_registry.get_by_type(resolve_model_string(model))
    return policy.user_has_any_permission(user, IndexView.any_permission_required)


class ListingPermissionRequiredMixin:
    """For a view with a `model` (a chooser view, a bulk action): 403 for a user who may not
    open that model's listing, before any object is looked up."""

    def dispatch(self, request, *args, **kwargs):
        if not may_list(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseView(ListingPermissionRequiredMixin, chooser.ChooseView):
    pass


class ChooseResultsView(ListingPermissionRequiredMixin, chooser.ChooseResultsView):
    pass


class ChosenView(ListingPermissionRequiredMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(ListingPermissionRequiredMixin, chooser.SnippetChosenMultipleView):
    pass


class ReaderDataChooserViewSet(chooser.SnippetChooserViewSet):
    # The chooser's "create" view already asks for the "add" permission.
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class ReaderDataSnippetViewSet(SnippetViewSet):
    """The base of every snippet viewset that holds what readers sent."""

    chooser_viewset_class = ReaderDataChooserViewSet


class ReaderDataDeleteBulkAction(ListingPermissionRequiredMixin, DeleteBulkAction):
    """Wagtail's snippet "delete" for the models of a ReaderDataSnippetViewSet. Registered
    after Wagtail's (a later hook order), so that it takes the "delete" slot of those models."""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if isinstance(model.snippet_viewset, ReaderDataSnippetViewSet)]
