"""{% vietnam_map %}: Bản đồ gương sáng (core.maps) for any page: the map page (/ban-do/) and
each movement hub, which passes itself to count only its own articles."""

from django import template

from core.maps import map_context

register = template.Library()


@register.inclusion_tag("components/vietnam_map.html")
def vietnam_map(movement=None, year=None, heading="Bản đồ gương sáng", map_id="ban-do", hide_empty=False):
    """`movement`: count only the articles filed under that movement page (a hub passes
    itself), and its units' links open the stories of that movement there; `hide_empty`:
    render nothing while no visible article names a locality (a new hub)."""
    context = map_context(movement=movement, year=year, heading=heading, map_id=map_id)
    context["hidden"] = hide_empty and not context["has_any"]
    return context
