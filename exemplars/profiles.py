"""What an exemplar's profile shows (/ho-so/<slug>/, exemplars.views.profile): the stories
readers may see about them (StoryPage.listing_queryset, i.e. ArticleQuerySet.visible_to_readers:
never a draft, a scheduled, embargoed, expired or private story), the awards of those stories
once each, in date order and linked to their decision when the site publishes it, a timeline by
year, and schema.org JSON-LD."""

import json
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from core.citations import documents_by_number, number_key


@dataclass
class TimelineEntry:
    when: date
    kind: str  # "story" | "award"
    item: object  # a StoryPage or a StoryAward


@dataclass
class Profile:
    exemplar: object
    stories: list
    awards: list  # StoryAward rows, each with `.document` (a document page or None)
    timeline: list = field(default_factory=list)  # [(year, [TimelineEntry])], newest year first

    @property
    def is_person(self) -> bool:
        return self.exemplar.exemplar_type == "individual"


def visible_stories(exemplar):
    """Stories readers may see about this exemplar, newest first (the listing's own query)."""
    from exemplars.models import StoryPage

    return StoryPage.listing_queryset().filter(exemplar=exemplar)


def profile_awards(stories) -> list:
    """The awards of these stories, the same decision once (two stories may both report it),
    dated ones by date then undated ones, each with `.document`."""
    from exemplars.models import StoryAward

    order = {story.pk: n for n, story in enumerate(sorted(stories, key=lambda s: (s.published_at, s.pk)))}
    rows = StoryAward.objects.filter(page__in=list(order)).select_related("award_type")
    seen, awards = set(), []
    for award in sorted(
        rows, key=lambda a: (a.decision_date is None, a.decision_date or date.min, order[a.page_id], a.sort_order or 0)
    ):
        identity = (
            award.award_type_id,
            number_key(award.decision_number) if award.decision_number else award.decision_date,
        )
        if identity in seen:
            continue
        seen.add(identity)
        awards.append(award)
    documents = documents_by_number(number_key(a.decision_number) for a in awards if a.decision_number)
    for award in awards:
        award.document = documents.get(number_key(award.decision_number)) if award.decision_number else None
    return awards


def timeline(stories, awards) -> list:
    """[(year, entries newest first)], newest year first; an award without a date is left out."""
    entries = [TimelineEntry(timezone.localtime(s.published_at).date(), "story", s) for s in stories]
    entries += [TimelineEntry(a.decision_date, "award", a) for a in awards if a.decision_date]
    entries.sort(key=lambda e: (e.when, e.kind == "story"), reverse=True)
    years: dict[int, list] = {}
    for entry in entries:
        years.setdefault(entry.when.year, []).append(entry)
    return list(years.items())


def build(exemplar) -> Profile | None:
    """The profile, or None when readers may see no story about them (the page is then a 404)."""
    stories = list(visible_stories(exemplar))
    if not stories:
        return None
    awards = profile_awards(stories)
    return Profile(exemplar, stories, awards, timeline(stories, awards))


def award_text(award) -> str:
    """ "Huân chương Lao động hạng Ba (Quyết định số 1089/QĐ-CTN ngày 21/05/2019)" """
    details = []
    if award.decision_number:
        details.append(f"Quyết định số {award.decision_number}")
    if award.decision_date:
        details.append(f"ngày {award.decision_date:%d/%m/%Y}")
    if award.issuing_body:
        details.append(f"của {award.issuing_body}")
    return f"{award.award_type.name} ({' '.join(details)})" if details else award.award_type.name


def absolute_url(exemplar, request) -> str:
    """The profile's address on the site's own host, as its stories' (Wagtail's Site)."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return f"{site.root_url}{exemplar.get_url()}" if site else request.build_absolute_uri(exemplar.get_url())


def json_ld(profile: Profile, request) -> str:
    """schema.org Person or Organization, escaped for a <script> element (as ArticlePage.json_ld)."""
    exemplar = profile.exemplar
    data = {
        "@context": "https://schema.org",
        "@type": "Person" if profile.is_person else "Organization",
        "name": exemplar.name,
        "url": absolute_url(exemplar, request),
        "award": [award_text(a) for a in profile.awards],
        "subjectOf": [
            {
                "@type": "NewsArticle",
                "headline": story.title,
                "url": story.get_full_url(request),
                "datePublished": timezone.localtime(story.published_at).isoformat(),
            }
            for story in profile.stories
        ],
    }
    if exemplar.field_of_work:
        data["knowsAbout"] = exemplar.get_field_of_work_display()
    if profile.is_person:
        if exemplar.occupation:
            data["jobTitle"] = exemplar.occupation
        if exemplar.organisation:
            data["worksFor"] = {"@type": "Organization", "name": exemplar.organisation}
        if exemplar.province_id:
            data["homeLocation"] = {"@type": "Place", "name": exemplar.province.name}
    else:
        if exemplar.organisation:
            data["parentOrganization"] = {"@type": "Organization", "name": exemplar.organisation}
        if exemplar.province_id:
            data["location"] = {"@type": "Place", "name": exemplar.province.name}
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
