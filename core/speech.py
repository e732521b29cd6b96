"""Articles as a Vietnamese announcer reads them ("Nghe bài viết").

Speech engines, the phone's and ours (core/speech_audio.py), read "1.900" as "một chấm chín
trăm", "20/2/2024" as three numbers with slashes, and spell "UBND" letter by letter. So the
server prepares the text: numbers with thousands dots and decimal commas, dates, times, ranges,
units, Roman numerals after "quý"/"khóa", document numbers ("98/2023/NĐ-CP") and the
abbreviations of core.abbreviations become the words an announcer says. The reading is
Northern ("linh", "nghìn"), as on national radio.
"""

import re
from html import unescape

from core.abbreviations import spoken_forms
from core.text import nfc

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _hundreds(n: int, full: bool) -> list[str]:
    """0 < n < 1000; `full` after a higher group: "không trăm", "linh" ("một nghìn không trăm linh năm")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words = [DIGITS[h], "trăm"] if h or full else []
    if t == 0:
        if u and words:
            words.append("linh")
        if u:
            words.append(DIGITS[u])
    elif t == 1:
        words.append("mười")
        if u:
            words.append("lăm" if u == 5 else DIGITS[u])
    else:
        words += [DIGITS[t], "mươi"]
        if u:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, DIGITS[u]))
    return words


def _words(n: int, leading: bool) -> list[str]:
    if n >= 10**9:
        high, low = divmod(n, 10**9)
        return [*_words(high, leading), "tỷ", *(_words(low, False) if low else [])]
    words, started = [], not leading
    for group, name in ((n // 10**6 % 1000, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if group:
            words += _hundreds(group, full=started)
            words += [name] if name else []
            started = True
    return words


def read_number(n: int) -> str:
    """2024 → "hai nghìn không trăm hai mươi tư", 21 → "hai mươi mốt", 105 → "một trăm linh năm"."""
    if n == 0:
        return "không"
    return " ".join(_words(n, leading=True))


def read_digits(digits: str) -> str:
    return " ".join(DIGITS[int(d)] for d in digits)


def read_decimal(text: str) -> str:
    """ "1.900" → "một nghìn chín trăm", "22,1" → "hai mươi hai phẩy một" (Vietnamese
    separators: dots group thousands, a comma starts the decimals)."""
    whole, _, decimals = text.partition(",")
    spoken = read_number(int(whole.replace(".", "")))
    if decimals:
        # "3,25" is "ba phẩy hai mươi lăm"; "0,05" and long tails go digit by digit.
        tail = read_number(int(decimals)) if len(decimals) <= 2 and decimals[0] != "0" else read_digits(decimals)
        spoken += " phẩy " + tail
    return spoken


def _day(d: int) -> str:
    return f"mùng {read_number(d)}" if d <= 10 else read_number(d)


def _month(m: int) -> str:
    return "tư" if m == 4 else read_number(m)


def _valid(d: int | None, m: int, y: int | None = None) -> bool:
    return 1 <= m <= 12 and (d is None or 1 <= d <= 31) and (y is None or 1000 <= y <= 2999)


def _after(text: str, pos: int, words: str) -> bool:
    """Whether the text before `pos` ends with one of `words` ("ngày|hôm")."""
    return re.search(rf"(?:^|\W)(?:{words})\s*$", text[:pos], re.IGNORECASE) is not None


# --- the rules, applied in this order ------------------------------------------------------

_LETTER_NAMES = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "Ê": "ê",
    "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em",
    "N": "en", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét", "T": "tê",
    "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép", "X": "ích", "Y": "i dài", "Z": "dét",
}  # fmt: skip


def spell(code: str) -> str:
    """A code letter by letter, its numbers as numbers ("NĐ" → "en đê", "QH15" → "quy hát mười lăm")."""
    parts = re.findall(r"\d+|[^\W\d_]", code)
    return " ".join(read_number(int(p)) if p.isdigit() else _LETTER_NAMES.get(p.upper(), p) for p in parts)


# "34-CT/TW", "59/TB-VPCP", "98/2023/NĐ-CP", "06/2022/QH15": number, optional year, codes.
_DOCUMENT = re.compile(
    r"(?<![\w/])(?P<number>\d+)(?:/(?P<year>\d{4}))?(?P<codes>(?:[-/][A-ZĐ][A-Za-zĐđ]*\d*)+)(?![\w/])"
)


def _document(match) -> str:
    spoken = read_number(int(match["number"]))
    if match["year"]:
        spoken += " năm " + read_number(int(match["year"]))
    codes = [c for c in re.split(r"[-/]", match["codes"]) if c]
    return spoken + ", " + ", ".join(spell(c) for c in codes)


# "7h30", "7h", "19:45" (at most 24 hours, 59 minutes).
_TIME = re.compile(r"(?<![\w:/.,])(?P<h>[01]?\d|2[0-4])(?:h(?P<m>[0-5]\d)?|:(?P<m2>[0-5]\d))(?![\w:])")


def _time(match) -> str:
    minutes = match["m"] or match["m2"]
    spoken = f"{read_number(int(match['h']))} giờ"
    return f"{spoken} {read_number(int(minutes))}" if minutes and int(minutes) else spoken


_D = r"(?P<{0}d>\d{{1,2}})/(?P<{0}m>\d{{1,2}})(?:/(?P<{0}y>\d{{4}}))?"
# A date, or a range of dates ("11/06/1948 - 11/06/2024"); never a piece of "1/2/3/4".
_DATE = re.compile(rf"(?<![\w/.,]){_D.format('a')}(?:\s*[-–]\s*{_D.format('b')})?(?![\w/]|[.,]\d)")
# "1/3 dân số": a fraction, not the 1st of March, after words of quantity.
_QUANTITY = "khoảng|gần|hơn|trên|dưới|chiếm|đạt|còn|chỉ|bằng"


def _date_words(d: str | None, m: str, y: str | None) -> str:
    spoken = f"{_day(int(d))} tháng {_month(int(m))}" if d else f"tháng {_month(int(m))}"
    return spoken + (f" năm {read_number(int(y))}" if y else "")


def _date(match) -> str:
    text = match.string
    a = (int(match["ad"]), int(match["am"]), int(match["ay"]) if match["ay"] else None)
    if not _valid(*a):
        return match[0]
    if not match["ay"] and not match["bd"] and _after(text, match.start(), _QUANTITY):
        return f"{read_number(a[0])} phần {read_number(a[1])}"
    spoken = ("" if _after(text, match.start(), "ngày|hôm") else "ngày ") + _date_words(
        match["ad"], match["am"], match["ay"]
    )
    if match["bd"]:
        b = (int(match["bd"]), int(match["bm"]), int(match["by"]) if match["by"] else None)
        if not _valid(*b):
            return match[0]
        spoken += " đến ngày " + _date_words(match["bd"], match["bm"], match["by"])
    return spoken


# "tháng 1/2025", "từ 10/2024": a month of a year.
_MONTH_YEAR = re.compile(r"(?<![\w/.,])(?P<m>\d{1,2})/(?P<y>\d{4})(?![\w/])")


def _month_year(match) -> str:
    m, y = int(match["m"]), int(match["y"])
    if not _valid(None, m, y):
        return match[0]
    prefix = "" if _after(match.string, match.start(), "tháng") else "tháng "
    return f"{prefix}{_month(m)} năm {read_number(y)}"


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Roman numerals only after the words that take them ("quý IV", "khóa XV", "Đại hội XIII").
_ROMAN = re.compile(
    r"(?P<word>\b(?:quý|khóa|khoá|thế kỷ|đại hội|hội nghị trung ương|lần thứ))\s+(?P<roman>[IVXLC]+)"
    r"(?:/(?P<year>\d{4}))?(?![\w/])",
    re.IGNORECASE,
)


def roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _roman(match) -> str:
    spoken = f"{match['word']} {read_number(roman(match['roman']))}"
    return spoken + (f" năm {read_number(int(match['year']))}" if match["year"] else "")


_ABBREVIATIONS = spoken_forms()
_ABBREVIATION = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(short) for short in _ABBREVIATIONS) + r")(?!\w)", re.IGNORECASE
)
_ABBREVIATION_BY_CASE = {short.casefold(): full for short, full in _ABBREVIATIONS.items()}

# "thứ 4" is "thứ tư", "thứ 1" "thứ nhất" (ordinals; also the days of the week).
_ORDINAL = re.compile(r"\b(thứ|hạng)\s+(\d+)\b", re.IGNORECASE)

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_RANGE = re.compile(rf"(?<![\w.,])({_NUMBER})\s*[-–]\s*({_NUMBER})(?![\d])")

UNITS = {
    "%": "phần trăm",
    "‰": "phần nghìn",
    "km²": "ki lô mét vuông",
    "km2": "ki lô mét vuông",
    "km": "ki lô mét",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "cm": "xen ti mét",
    "mm": "mi li mét",
    "m": "mét",
    "ha": "héc ta",
    "kg": "ki lô gam",
    "g": "gam",
    "°C": "độ C",
    "tr.đ": "triệu đồng",
    "trđ": "triệu đồng",
    "VNĐ": "đồng",
    "VND": "đồng",
    "đ": "đồng",
    "USD": "đô la Mỹ",
}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_QUANTITY_WITH_UNIT = re.compile(rf"(?<![\w.,])(?P<n>{_NUMBER})(?:\s?(?P<unit>{_UNIT})(?![\w²³]))?(?![\d])")
# A phone number (0912 345 678, 1900 1234 hotlines stay numbers: the first is a size).
_PHONE = re.compile(r"(?<![\w.,])0\d{9,10}(?!\d)")
_SPACES = re.compile(r"\s+")


def _quantity(match) -> str:
    spoken = read_decimal(match["n"])
    return f"{spoken} {UNITS[match['unit']]}" if match["unit"] else spoken


def speakable(text: str) -> str:
    """One paragraph as it is read aloud."""
    text = _SPACES.sub(" ", nfc(unescape(text))).strip()
    text = _DOCUMENT.sub(_document, text)
    text = _TIME.sub(_time, text)
    text = _DATE.sub(_date, text)
    text = _MONTH_YEAR.sub(_month_year, text)
    text = _ROMAN.sub(_roman, text)
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATION_BY_CASE[m[1].casefold()], text)
    text = _ORDINAL.sub(lambda m: f"{m[1]} {({1: 'nhất', 4: 'tư'}).get(int(m[2])) or read_number(int(m[2]))}", text)
    text = _RANGE.sub(r"\1 đến \2", text)
    text = _PHONE.sub(lambda m: read_digits(m[0]), text)
    text = _QUANTITY_WITH_UNIT.sub(_quantity, text)
    return _SPACES.sub(" ", text).strip()


# --- an article as paragraphs -------------------------------------------------------------

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs, headings and list items of rich text, as plain text."""
    return [p for p in (unescape(_TAG.sub("", part)).strip() for part in _BLOCK_END.split(html)) if p]


def article_paragraphs(page) -> list[str]:
    """What is read aloud, paragraph by paragraph (long utterances are cut off on some phones):
    the title, the sapo, then the body's paragraphs and quotes. Photos, galleries and embeds
    are left out: a caption without its picture, or a video's address, means nothing aloud."""
    texts = [page.title, page.lead]
    for block in page.body:
        if block.block_type == "paragraph":
            texts += html_paragraphs(block.value.source)
        elif block.block_type == "quote":
            quote = block.value["text"]
            texts.append(f"{quote} ({block.value['attribution']})" if block.value.get("attribution") else quote)
    return [spoken for spoken in (speakable(t) for t in texts if t and t.strip()) if spoken]
