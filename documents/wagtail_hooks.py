from django.http import Http404
from wagtail import hooks

from documents.models import DocumentPage


@hooks.register("before_serve_document")
def only_files_of_documents_readers_may_see(document, request):
    """The file of a document page readers may not see (a draft, scheduled, expired or private
    one) is not served to them either: /documents/<id>/<name> answers 404 as the page does.
    Editors with admin access still open it. A file no document page uses is left to Wagtail's
    own collection privacy."""
    pages = DocumentPage.objects.filter(file=document)
    if not pages.exists() or pages.visible_to_readers().exists():
        return None
    user = getattr(request, "user", None)
    if user is not None and user.has_perm("wagtailadmin.access_admin"):
        return None
    raise Http404("Không có tệp này.")
