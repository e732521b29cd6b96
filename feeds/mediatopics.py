"""IPTC Media Topic codes for what we publish: a small, hand-made mapping table.

Media Topics (https://iptc.org/standards/media-topics/) is the subject vocabulary news agencies
and newsroom systems classify by; a partner that routes copy by subject maps our articles without
reading Vietnamese. Each article gets the topic of its kind, for a story the topics of its
exemplar's field of work (`StoryPage.field_of_work`), and the topics of the field of work of each
movement it is filed under (`MovementPage.field_of_work`).

Every code below was checked against IPTC's own export of the vocabulary (release 2026-07-02,
`mediatopic.json`): the code, its English name, and that it is not retired. docs/feeds.md has the
table. Our Vietnamese names are our own translation (IPTC publishes none in Vietnamese).

Used by RSS and Atom (categories with the scheme below) and by ninjs (`subjects`):
`media_topics_for(page)` is the one function to call.
"""

from dataclasses import dataclass

SCHEME = "http://cv.iptc.org/newscodes/mediatopic/"


@dataclass(frozen=True)
class MediaTopic:
    code: str  # the 8 digits: SCHEME + code is the concept's URI
    name: str  # IPTC's English (en-GB) name
    name_vi: str  # ours

    @property
    def qcode(self) -> str:
        return f"medtop:{self.code}"

    @property
    def uri(self) -> str:
        return f"{SCHEME}{self.code}"


ARTS_CULTURE = MediaTopic(
    "01000000", "arts, culture, entertainment and media", "Văn hóa, nghệ thuật, giải trí và truyền thông"
)
ECONOMY = MediaTopic("04000000", "economy, business and finance", "Kinh tế, kinh doanh và tài chính")
EDUCATION = MediaTopic("05000000", "education", "Giáo dục")
ENVIRONMENT = MediaTopic("06000000", "environment", "Môi trường")
HEALTH = MediaTopic("07000000", "health", "Y tế, sức khỏe")
HUMAN_INTEREST = MediaTopic("08000000", "human interest", "Chuyện con người")
SCIENCE_TECHNOLOGY = MediaTopic("13000000", "science and technology", "Khoa học và công nghệ")
SOCIETY = MediaTopic("14000000", "society", "Xã hội")
PRODUCTS_SERVICES = MediaTopic("20000209", "products and services", "Sản xuất, sản phẩm và dịch vụ")
AGRICULTURE = MediaTopic("20000210", "agriculture", "Nông nghiệp")
GOVERNMENT = MediaTopic("20000593", "government", "Chính quyền, hành chính nhà nước")
NATIONAL_SECURITY = MediaTopic("20000598", "national security", "An ninh, quốc phòng")
CHARITY = MediaTopic("20000818", "charity", "Từ thiện")

# The kind of an article (core.kinds keys): a story of a good person is human interest; news of
# an emulation movement is society (campaigns, communities, awards given by the state); a legal
# document (law, decree, directive, decision) is government.
KIND_TOPICS: dict[str, tuple[MediaTopic, ...]] = {
    "story": (HUMAN_INTEREST,),
    "news": (SOCIETY,),
    "document": (GOVERNMENT,),
}

# core.models.FIELD_OF_WORK_CHOICES (stories and movements)
FIELD_TOPICS: dict[str, tuple[MediaTopic, ...]] = {
    "giao-duc": (EDUCATION,),
    "y-te": (HEALTH,),
    "nong-nghiep": (AGRICULTURE,),
    "cong-nghiep": (PRODUCTS_SERVICES,),  # IPTC has no "industry" node; its economic sector branch
    "khoa-hoc-cong-nghe": (SCIENCE_TECHNOLOGY,),
    "van-hoa-xa-hoi": (ARTS_CULTURE, SOCIETY),
    "an-ninh-quoc-phong": (NATIONAL_SECURITY,),
    "moi-truong": (ENVIRONMENT,),
    "kinh-te": (ECONOMY,),
    "tu-thien-nhan-dao": (CHARITY,),
    "hanh-chinh-cong": (GOVERNMENT,),
}


def media_topics_for(page) -> list[MediaTopic]:
    """The Media Topics of an article page: its kind's, its field of work's, then its movements'
    fields', no repeats. The movements come from feeds.items.related (loaded with the list)."""
    from core.kinds import kind_of
    from feeds.items import related

    kind = kind_of(page)
    found = list(KIND_TOPICS.get(kind.key, ()) if kind else ())
    fields = [getattr(page, "field_of_work", "")]
    fields += [getattr(movement, "field_of_work", "") for movement in related(page, "movements")]
    for field in fields:
        found += FIELD_TOPICS.get(field or "", ())
    return list(dict.fromkeys(found))
