"""The one list of abbreviations in these articles, written as people write and say them.

Search (search/synonyms.py) folds each entry into one synonym rule, so that a reader typing
"ubnd" finds "Ủy ban nhân dân" and the other way round; the listening feature (core/speech.py)
reads each short form as its full form, as an announcer would ("UBND tỉnh" → "Ủy ban nhân dân
tỉnh"). Add an abbreviation only when it means one thing in these articles.
"""

import re
from dataclasses import dataclass

from core.text import fold


@dataclass(frozen=True)
class Abbreviation:
    short: tuple[str, ...]  # as written: "UBND"; variants of one abbreviation ("TP.HCM", "TPHCM")
    full: str  # as said, with its accents: "Ủy ban nhân dân"
    also: tuple[str, ...] = ()  # other names search treats alike, never read in their place ("Sài Gòn")


ABBREVIATIONS = [
    Abbreviation(("UBND",), "Ủy ban nhân dân"),
    Abbreviation(("HĐND",), "Hội đồng nhân dân"),
    Abbreviation(("MTTQ",), "Mặt trận Tổ quốc"),
    Abbreviation(
        ("TP.HCM", "TP HCM", "TPHCM", "TP. HCM", "TP. Hồ Chí Minh", "TP Hồ Chí Minh"),
        "Thành phố Hồ Chí Minh",
        also=("Sài Gòn",),
    ),
    Abbreviation(("TP.", "TP"), "thành phố"),
    Abbreviation(("TĐKT",), "thi đua khen thưởng"),
    Abbreviation(("LĐLĐ",), "Liên đoàn Lao động"),
    Abbreviation(("NTM",), "nông thôn mới"),
    Abbreviation(("KT-XH", "KTXH"), "kinh tế - xã hội"),
    # Added with the listening feature: common in these stories, one meaning each.
    Abbreviation(("HĐTĐKT",), "Hội đồng Thi đua - Khen thưởng"),
    Abbreviation(("TNHH",), "trách nhiệm hữu hạn"),
    Abbreviation(("HTX",), "hợp tác xã"),
    Abbreviation(("CLB",), "câu lạc bộ"),
    Abbreviation(("THPT",), "trung học phổ thông"),
    Abbreviation(("THCS",), "trung học cơ sở"),
    Abbreviation(("QĐND",), "Quân đội nhân dân"),
    Abbreviation(("CAND",), "Công an nhân dân"),
    Abbreviation(("ĐBQH",), "đại biểu Quốc hội"),
    Abbreviation(("TNCS",), "Thanh niên Cộng sản"),
]

_PUNCTUATION = re.compile(r"[^\w\s]+")


def folded(text: str) -> str:
    """The form search stores and matches: folded, punctuation as spaces ("TP.HCM" → "tp hcm")."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def search_rules() -> list[str]:
    """Solr-format rules ("a, b, c" are equivalent), one per abbreviation: its short forms, its
    full form, then the other names, folded, each once."""
    return [
        ", ".join(dict.fromkeys(folded(form) for form in (*entry.short, entry.full, *entry.also)))
        for entry in ABBREVIATIONS
    ]


def spoken_forms() -> dict[str, str]:
    """Each short form as written → what is said in its place, longest first (so "TP.HCM" is
    read whole, before "TP")."""
    forms = {short: entry.full for entry in ABBREVIATIONS for short in entry.short}
    return dict(sorted(forms.items(), key=lambda item: -len(item[0])))
