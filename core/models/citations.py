from django.db import models


class Citation(models.Model):
    """A document number a published page cites ("Chỉ thị số 34-CT/TW" in a body, an award's
    decision number, the document that launched a movement), kept by its number key
    (core.citations.number_key) rather than as a link to the document: a story that cites a
    directive before the directive is on the site is listed under it the day it arrives.
    Written when a page is published (core.citations.record); readers only ever see the
    citing pages that pass core.models.visible_pages."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name="trang", on_delete=models.CASCADE, related_name="+")
    number_key = models.CharField("số, ký hiệu (dạng so khớp)", max_length=100, db_index=True)

    class Meta:
        verbose_name = "trích dẫn văn bản"
        verbose_name_plural = "trích dẫn văn bản"
        constraints = [models.UniqueConstraint(fields=["page", "number_key"], name="core_citation_page_number")]

    def __str__(self):
        return f"{self.page_id} → {self.number_key}"
