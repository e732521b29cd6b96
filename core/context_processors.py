from core.kinds import all_kinds


def site_navigation(request):
    """The section fronts for the header menu, resolved once per request."""
    sections = []
    for kind in all_kinds():
        index_page = kind.index_model.objects.live().first()
        if index_page:
            sections.append(index_page)
    return {"nav_sections": sections}
