"""/sitemap-news.xml in the Google News format: articles published in the last 48 hours, at most
1,000 URLs, newest first."""

from datetime import timedelta

from django.utils import timezone
from lxml import etree

from feeds.items import EMPTY_FEED_UPDATED, feed_items, local_seconds, xml_safe

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
WINDOW = timedelta(hours=48)
MAX_URLS = 1000
PUBLICATION_NAME = "Gương Sáng"


def build_news_sitemap(request):
    """(bytes, newest update time)."""
    pages = feed_items(published_after=timezone.now() - WINDOW, limit=MAX_URLS, full=False)
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for page in pages:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page.get_full_url(request)
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = local_seconds(page.updated_at).isoformat()
        news = etree.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = etree.SubElement(news, f"{{{NEWS_NS}}}publication")
        etree.SubElement(publication, f"{{{NEWS_NS}}}name").text = PUBLICATION_NAME
        etree.SubElement(publication, f"{{{NEWS_NS}}}language").text = "vi"
        etree.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = local_seconds(page.published_at).isoformat()
        etree.SubElement(news, f"{{{NEWS_NS}}}title").text = xml_safe(page.title)
    body = etree.tostring(urlset, xml_declaration=True, encoding="UTF-8")
    newest = max((p.updated_at for p in pages), default=EMPTY_FEED_UPDATED)
    return body, newest
