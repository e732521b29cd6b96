"""Search benchmark: p50 / p95 latency of a fixed query set per engine, and indexing throughput.

    .venv/bin/python bench/search.py [--docs 20000] [--runs 20] [--json out.json]
    .venv/bin/python bench/search.py --docs 100000 --database-url postgres://postgres@127.0.0.1:5432/gs_search_bench

Builds its own throw-away database (a SQLite file in a temp dir, or a PostgreSQL database that the
script creates and drops), so it never touches db.sqlite3, media/ or an existing database. After
`migrate` it creates the site's section pages and 10 movement pages, imports ~200 real articles
with `import_articles` (the per-page path: Wagtail pages, revisions, publish, index_page), then
writes N synthetic Vietnamese articles straight into the search index with
search.indexing.store_entries (the bulk path), each on a plain wagtailcore.Page row created in bulk.
Then every query of a fixed set runs --runs times through the engine layer
(get_engine().search(SearchQuery.from_params(...)), no HTTP) and a few through /api/search/ with
Django's test Client. See docs/benchmarks.md, "## Search".
"""

import argparse
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from tables import print_table  # bench/ is on sys.path when a script here is run

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261123
WARMUP = 2
AIMS = {"postgresql": (100_000, 50.0), "sqlite": (20_000, 100.0)}  # vendor -> (docs, p95 ms)
PG_DB_DEFAULT = "gs_search_bench"
PROTECTED_DATABASES = {"test", "test_test", "postgres", "template0", "template1"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="synthetic articles in the index (default 20000)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query (default 20)")
    parser.add_argument(
        "--real-pages",
        type=int,
        default=200,
        help="real articles imported with import_articles to measure the per-page path (default 200)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="default: a throw-away SQLite file in a temp dir. A PostgreSQL URL names a database that the "
        "script CREATES and DROPS afterwards; it refuses one that already exists (and never touches "
        f"{', '.join(sorted(PROTECTED_DATABASES))}). $DATABASE_URL is never used.",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument(
        "--seed", type=int, default=SEED, help=f"random seed of the generated articles (default {SEED})"
    )
    parser.add_argument("--show-sql", action="store_true", help="print the SQL of one run of each engine query")
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="PostgreSQL: ANALYZE only after loading (no VACUUM), as before 2026-12-07",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir / PostgreSQL database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: measure a database an earlier --keep run loaded (named by --database-url) instead of "
        "creating one: `migrate` (new migrations apply, as on a site), VACUUM ANALYZE (ANALYZE with --no-vacuum), "
        "the queries; the database is kept",
    )
    args = parser.parse_args(argv)
    if args.reuse and not args.database_url:
        parser.error("--reuse needs --database-url (the database a --keep run left)")
    if args.docs < 0 or args.runs < 1 or args.real_pages < 0:
        parser.error("--docs and --real-pages must be 0 or more, --runs at least 1")
    return args


# --- the throw-away database ----------------------------------------------------------------


def configure(args, tmp: Path):
    """Environment for settings, set BEFORE django.setup(). Returns the PostgreSQL database
    created (to drop at the end) or None."""
    # Run as bench/search.py, the script's own folder comes first on sys.path and this file
    # would shadow the `search` app: take it off.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    if args.database_url is None:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        return None
    import dj_database_url

    url = args.database_url
    parsed = dj_database_url.parse(url)
    if "postgres" not in parsed["ENGINE"]:
        sys.exit("--database-url: only PostgreSQL URLs (the default is a temp SQLite file)")
    name = parsed["NAME"] or PG_DB_DEFAULT
    if name in PROTECTED_DATABASES:
        sys.exit(f"Refusing to use the database {name!r}: pass a throw-away name such as {PG_DB_DEFAULT}.")
    import psycopg

    admin = psycopg.connect(
        host=parsed.get("HOST") or "127.0.0.1",
        port=parsed.get("PORT") or 5432,
        user=parsed.get("USER") or "postgres",
        password=parsed.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if args.reuse:
            if not exists:
                sys.exit(f"--reuse: no database {name!r}; load one with --keep first.")
            os.environ["DATABASE_URL"] = url
            return None  # never dropped
        if exists:
            sys.exit(
                f"The database {name!r} already exists; this script only uses a database it creates. "
                f"Drop it (dropdb -h 127.0.0.1 -U postgres {name}) or pick another name."
            )
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    return parsed


def drop_database(parsed):
    import psycopg

    admin = psycopg.connect(
        host=parsed.get("HOST") or "127.0.0.1",
        port=parsed.get("PORT") or 5432,
        user=parsed.get("USER") or "postgres",
        password=parsed.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{parsed["NAME"]}" WITH (FORCE)')


# --- vocabulary ---------------------------------------------------------------------------

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
    "Lò",
    "Hà",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quang", "Xuân", "Thu", "Kim", "Công"]
GIVEN = [
    "Hùng",
    "Lan",
    "Dũng",
    "Hòa",
    "Thủy",
    "Quý",
    "Phương",
    "Hương",
    "Tuấn",
    "Nga",
    "Sơn",
    "Hải",
    "Hạnh",
    "Cường",
    "Thảo",
    "Đông",
    "Nhung",
    "Khoa",
    "Huệ",
    "Vinh",
    "Long",
    "Yến",
    "Tâm",
    "Đạt",
    "Oanh",
    "Lộc",
]
ROLES = [
    "thầy giáo",
    "cô giáo",
    "giáo viên vùng cao",
    "bác sĩ",
    "điều dưỡng",
    "chiến sĩ công an",
    "bộ đội biên phòng",
    "nông dân",
    "đoàn viên thanh niên",
    "cựu chiến binh",
    "nữ công nhân",
    "kỹ sư",
    "trưởng thôn",
    "bí thư chi bộ",
    "doanh nhân",
    "học sinh",
    "sinh viên tình nguyện",
    "hội viên phụ nữ",
    "già làng",
    "nhà khoa học",
    "lính cứu hỏa",
    "tài xế xe ôm",
]
ROLE_WEIGHTS = [8, 8, 4, 8, 4, 5, 4, 7, 6, 5, 4, 3, 3, 2, 3, 2, 2, 4, 2, 2, 1, 1]
DEEDS = [
    ("hiến máu tình nguyện", "hơn 40 lần hiến máu tình nguyện cứu người"),
    ("xóa nhà tạm, nhà dột nát", "vận động xóa nhà tạm, nhà dột nát cho các hộ nghèo"),
    ("nông thôn mới", "góp công, hiến đất xây dựng nông thôn mới"),
    ("xóa mù chữ", "mở lớp xóa mù chữ buổi tối cho đồng bào"),
    ("cứu người đuối nước", "dũng cảm lao xuống dòng nước xiết cứu người đuối nước"),
    ("trả lại tài sản đánh rơi", "trả lại tài sản đánh rơi cho người mất"),
    ("khám chữa bệnh miễn phí", "tổ chức khám chữa bệnh miễn phí cho người cao tuổi"),
    ("trồng rừng", "trồng rừng phòng hộ ven biển chống sạt lở"),
    ("hiến đất làm đường", "hiến đất làm đường giao thông nông thôn"),
    ("bảo vệ môi trường", "thu gom rác thải nhựa, bảo vệ môi trường"),
    ("chuyển đổi số", "đưa chuyển đổi số về với bà con, hướng dẫn thanh toán không dùng tiền mặt"),
    ("khởi nghiệp", "khởi nghiệp từ cây dược liệu, tạo việc làm cho lao động địa phương"),
    ("sáng kiến kỹ thuật", "có sáng kiến kỹ thuật làm lợi hàng tỷ đồng"),
    ("giúp đỡ hộ nghèo", "giúp đỡ hộ nghèo vươn lên thoát nghèo bền vững"),
    ("phòng cháy chữa cháy", "tham gia phòng cháy chữa cháy và cứu nạn, cứu hộ"),
    ("an ninh trật tự", "giữ gìn an ninh trật tự ở khu dân cư"),
]
DEED_WEIGHTS = [8, 7, 9, 3, 3, 4, 5, 3, 4, 4, 4, 3, 3, 6, 2, 3]
MOVEMENTS = [
    ("Cả nước chung sức xây dựng nông thôn mới", "ca-nuoc-chung-suc-xay-dung-nong-thon-moi"),
    ("Vì người nghèo – Không để ai bị bỏ lại phía sau", "vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau"),
    ("Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời", "xa-hoi-hoc-tap"),
    ("Xóa nhà tạm, nhà dột nát", "xoa-nha-tam-nha-dot-nat"),
    ("Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", "van-hoa-cong-so"),
    ("Lao động giỏi, lao động sáng tạo", "lao-dong-gioi-lao-dong-sang-tao"),
    ("Toàn dân đoàn kết xây dựng đời sống văn hóa", "toan-dan-doan-ket-xay-dung-doi-song-van-hoa"),
    ("Toàn dân bảo vệ an ninh Tổ quốc", "toan-dan-bao-ve-an-ninh-to-quoc"),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "hoc-tap-va-lam-theo-bac"),
    ("Doanh nghiệp Việt Nam hội nhập và phát triển", "doanh-nghiep-hoi-nhap-va-phat-trien"),
]
AWARDS = [
    "Bằng khen của Thủ tướng Chính phủ",
    "Huân chương Lao động hạng Ba",
    "danh hiệu Chiến sĩ thi đua toàn quốc",
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "danh hiệu Lao động tiên tiến",
    "Giấy khen của huyện",
    "Kỷ niệm chương Vì thế hệ trẻ",
    "Huy chương Vì sự nghiệp giáo dục",
]
PHRASES = [
    "người tốt, việc tốt",
    "điển hình tiên tiến",
    "thi đua yêu nước",
    "khen thưởng",
    "gương sáng",
    "lan tỏa",
    "nhân rộng mô hình",
    "phong trào thi đua",
    "tấm gương bình dị",
    "cộng đồng",
]
# Rare words, each in a handful of documents (the "rare word" queries).
RARE = [("thợ lặn", 0.002), ("Lũng Thầu", 0.001), ("đàn đá", 0.0005), ("khèn Mông", 0.001)]
SENTENCES = [
    "{Name} là {role} đã nhiều năm gắn bó với {place}.",
    "Từ năm {year0}, {short} bắt đầu {deed_long}.",
    "Việc làm của {short} được bà con {place} ghi nhận như một tấm gương {phrase}.",
    "Nhờ {deed}, nhiều gia đình khó khăn ở {place} đã có cuộc sống ổn định hơn.",
    "Ủy ban nhân dân {place} đã tặng {award} cho {short}.",
    "Phong trào {movement} được triển khai sâu rộng, tạo sức lan tỏa trong cộng đồng.",
    "Các cấp, các ngành cần biểu dương, khen thưởng kịp thời những điển hình tiên tiến.",
    "“Tôi chỉ làm những việc nhỏ, ai ở hoàn cảnh của tôi cũng sẽ làm vậy,” {short} chia sẻ.",
    "Năm {year}, toàn tỉnh có {n} tập thể và cá nhân được khen thưởng trong phong trào thi đua yêu nước.",
    "Mô hình {deed} của {place} đang được nhân rộng ra nhiều địa phương khác.",
    "Hội nghị biểu dương người tốt, việc tốt đã tôn vinh {n} gương điển hình tiên tiến.",
    "Ngoài giờ làm việc, {short} còn tham gia {deed_long}.",
    "Câu chuyện về {role} {Name} là minh chứng sinh động cho tinh thần {phrase}.",
    "Đến nay, đã có hơn {n} hộ dân được hỗ trợ, góp phần hoàn thành mục tiêu {movement_lower}.",
]
# Everyday sentences: most of an article. The domain sentences above are ~1 in 8, so that
# "khen thưởng" or "người tốt, việc tốt" are common without being in every article.
NEUTRAL = [
    "Con đường vào {place} những ngày mưa lầy lội, xe máy phải dắt bộ từng đoạn.",
    "Gia đình {short} có bốn người, sống chủ yếu nhờ mấy sào ruộng và đàn gà.",
    "Mỗi sáng, {short} dậy từ năm giờ để chuẩn bị cho một ngày làm việc mới.",
    "Năm {year0}, một trận lũ lớn cuốn trôi nhiều nhà cửa, hoa màu của bà con.",
    "Những ngày đầu, nhiều người còn hoài nghi, nhưng rồi ai cũng thấy được kết quả.",
    "Chính quyền xã đã phối hợp với các đoàn thể để hỗ trợ vật liệu và ngày công.",
    "Hiện nay, thu nhập bình quân của người dân trong thôn đã đạt hơn {n} triệu đồng mỗi năm.",
    "Theo ông trưởng thôn, điều quý nhất là tinh thần đoàn kết, chia sẻ của bà con.",
    "Trường học, trạm y tế và nhà văn hóa đã được xây mới khang trang.",
    "Nhiều thanh niên đi làm ăn xa nay đã trở về quê lập nghiệp.",
    "{Name} cho biết, thời gian tới sẽ tiếp tục mở rộng mô hình ra các thôn lân cận.",
    "Vào mùa thu hoạch, cả xóm lại cùng nhau đổi công, giúp nhau gặt lúa.",
    "Những buổi tối, sân nhà văn hóa rộn ràng tiếng cười của trẻ em.",
    "Ông bà ta có câu “lá lành đùm lá rách”, người dân nơi đây vẫn giữ nếp ấy.",
    "Nhờ được tập huấn kỹ thuật, năng suất cà phê và hồ tiêu tăng rõ rệt.",
    "Tại buổi làm việc, lãnh đạo địa phương đánh giá cao sự chủ động của người dân.",
    "Đường bê tông đã về tới từng ngõ xóm, điện sáng khắp các bản làng.",
    "Câu chuyện của {short} khiến nhiều người xúc động khi nghe kể lại.",
    "Không ít lần, {short} phải bỏ tiền túi để mua thuốc men, sách vở cho người khó khăn.",
    "Từ {place}, những chuyến xe chở hàng cứu trợ đã lên đường vào ngày hôm sau.",
    "Vợ của {short} cũng là người luôn ủng hộ, động viên anh chị trong mọi việc.",
    "Sau giờ học, các em học sinh cùng nhau dọn vệ sinh đường làng.",
    "Bệnh viện huyện đã tiếp nhận và điều trị kịp thời cho các bệnh nhân.",
    "Đến cuối năm, toàn xã có thêm {n} hộ thoát nghèo.",
]
DOMAIN_SHARE = 0.12
STORY_TITLES = [
    "{Role} {Name} và hành trình {deed}",
    "{Name}: {role} {deed} ở {place}",
    "Người {role} lặng lẽ {deed} giữa {place}",
    "Tấm gương {phrase} của {role} {Name}",
]
NEWS_TITLES = [
    "{Place} tổng kết phong trào {movement_lower}",
    "{Place} khen thưởng {n} điển hình tiên tiến",
    "{Place} biểu dương người tốt, việc tốt năm {year}",
    "Lan tỏa phong trào {deed} ở {place}",
    "{Place} đẩy mạnh {deed}, chào mừng đại hội thi đua yêu nước",
]


class Generator:
    """Deterministic synthetic articles (seeded random), NFC, full diacritics."""

    def __init__(self, seed, localities, movement_ids):
        self.rng = random.Random(seed)
        self.localities = localities  # [(id, name, current id)]
        self.movement_ids = movement_ids  # name -> page id
        start = datetime(2020, 1, 1)
        self.start, self.span = start, int((datetime(2026, 11, 30) - start).total_seconds())

    def article(self):
        rng = self.rng
        kind = "story" if rng.random() < 0.55 else "news"
        places = rng.sample(self.localities, rng.choice([1, 1, 1, 2]))
        movements = rng.sample(MOVEMENTS, rng.choice([0, 1, 1, 1, 2]))
        deed, deed_long = rng.choices(DEEDS, weights=DEED_WEIGHTS)[0]
        role = rng.choices(ROLES, weights=ROLE_WEIGHTS)[0]
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        published = self.start + timedelta(seconds=rng.randrange(self.span))
        movement = (movements[0] if movements else rng.choice(MOVEMENTS))[0]
        values = {
            "Name": name,
            "short": f"{'anh' if rng.random() < 0.5 else 'chị'} {name.split()[-1]}",
            "role": role,
            "Role": role[:1].upper() + role[1:],
            "deed": deed,
            "deed_long": deed_long,
            "place": places[0][1],
            "Place": places[0][1],
            "phrase": rng.choice(PHRASES),
            "award": rng.choice(AWARDS),
            "movement": f"“{movement}”",
            "movement_lower": movement[:1].lower() + movement[1:],
            "year": published.year,
            "year0": published.year - rng.randint(1, 15),
            "n": rng.randint(12, 480),
        }
        title = rng.choice(STORY_TITLES if kind == "story" else NEWS_TITLES).format(**values)
        sentence = lambda: rng.choice(SENTENCES if rng.random() < DOMAIN_SHARE else NEUTRAL).format(**values)  # noqa: E731
        lead = " ".join(sentence() for _ in range(2))
        paragraphs = []
        for _ in range(rng.randint(4, 8)):
            sentences = [sentence() for _ in range(rng.randint(3, 5))]
            for word, p in RARE:
                if rng.random() < p:
                    sentences.append(f"Người dân vẫn nhắc đến {word} mỗi khi kể về {values['short']}.")
            paragraphs.append(" ".join(sentences))
        nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
        return {
            "kind": kind,
            "title": nfc(title),
            "lead": nfc(lead),
            "body": nfc("\n\n".join(paragraphs)),
            "published_at": published,
            "movements": [m[0] for m in movements],
            "localities": [p[1] for p in places],
            "locality_ids": [p[2] for p in places],
            "tags": [deed, role],
            "exemplar": {
                "name": name,
                "type": "individual",
                "occupation": role,
                "organisation": f"Ủy ban nhân dân {places[0][1]}",
            }
            if kind == "story"
            else None,
        }


# --- preparing the site ---------------------------------------------------------------------


def prepare_site():
    """migrate, the section pages as load_demo makes them, 10 movement pages."""
    from django.core.management import call_command

    from home.management.commands.load_demo import SECTIONS
    from home.management.commands.load_demo import Command as LoadDemo
    from home.models import HomePage
    from movements.models import MovementIndexPage, MovementPage

    call_command("migrate", interactive=False, verbosity=0)
    home = HomePage.objects.first()
    loader = LoadDemo(stdout=io.StringIO())
    sections = {spec[0]: loader.ensure_section(home, *spec) for spec in SECTIONS}
    for name, slug in MOVEMENTS:
        page = MovementPage(title=name, slug=slug, launcher="Thủ tướng Chính phủ", status="active")
        sections[MovementIndexPage].add_child(instance=page)
        page.save_revision().publish()
    return home


def import_real_articles(generator, n, tmp: Path):
    """n articles in the import format through `manage.py import_articles`: the per-page path
    (page, revision, publish, signals, index_page). Returns (seconds, index_page seconds)."""
    from django.core.management import call_command

    from search import indexing

    path = tmp / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a = generator.article()
            record = {
                "external_id": f"bench-{i:05d}",
                "kind": a["kind"],
                "title": a["title"],
                "lead": a["lead"],
                "body": a["body"],
                "published_at": a["published_at"].isoformat(timespec="seconds"),
                "movements": a["movements"],
                "localities": a["localities"],
                "tags": a["tags"],
                "byline": "Gương Sáng",
                "source": "Gương Sáng",
            }
            if a["exemplar"]:
                record["exemplar"] = a["exemplar"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    original, spent = indexing.index_page, [0.0]

    def timed_index_page(page):
        start = time.perf_counter()
        try:
            return original(page)
        finally:
            spent[0] += time.perf_counter() - start

    indexing.index_page = timed_index_page  # search.signals calls indexing.index_page
    try:
        start = time.perf_counter()
        call_command("import_articles", str(path), source="bench", stdout=io.StringIO(), verbosity=0)
        seconds = time.perf_counter() - start
    finally:
        indexing.index_page = original
    return seconds, spent[0]


def create_synthetic_pages(home, n, progress):
    """n plain wagtailcore.Page rows (live, public) under one container page, bulk-created with
    valid treebeard paths. Returns their ids in path order."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    container = Page(title="Bài tổng hợp cho benchmark tìm kiếm", slug="bench-tong-hop")
    home.add_child(instance=container)
    container.save_revision().publish()
    container.refresh_from_db()
    alphabet, steplen = Page.alphabet, Page.steplen
    content_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()

    def step(i):
        digits = ""
        while i:
            i, r = divmod(i, len(alphabet))
            digits = alphabet[r] + digits
        return digits.rjust(steplen, alphabet[0])

    ids = []
    with transaction.atomic():
        for start in progress(range(0, n, 2000), desc="page rows", unit="batch"):
            rows = [
                Page(
                    title=f"Bài tổng hợp {i}",
                    draft_title=f"Bài tổng hợp {i}",
                    slug=f"bai-{i}",
                    path=container.path + step(i),
                    depth=container.depth + 1,
                    numchild=0,
                    url_path=f"{container.url_path}bai-{i}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=container.locale_id,
                    translation_key=uuid.uuid4(),
                )
                for i in range(start + 1, min(n, start + 2000) + 1)
            ]
            Page.objects.bulk_create(rows)
        Page.objects.filter(pk=container.pk).update(numchild=n)
        ids = list(
            Page.objects.filter(path__startswith=container.path, depth=container.depth + 1)
            .order_by("path")
            .values_list("pk", flat=True)
        )
    return ids


def store_synthetic(generator, page_ids, progress, batch=1000):
    """Generate, fold, segment (search.words) and store one entry per page id with
    search.indexing.store_entries. Returns (seconds generating + folding, seconds in store_entries)."""
    from django.utils import timezone

    from core.text import fold
    from search.indexing import store_entries
    from search.models import SearchEntry
    from search.words import indexed

    tz = timezone.get_default_timezone()
    prepare_s = store_s = 0.0
    bar = progress(total=len(page_ids), desc="store_entries", unit="doc")
    for start in range(0, len(page_ids), batch):
        t0 = time.perf_counter()
        items = []
        for page_id in page_ids[start : start + batch]:
            a = generator.article()
            published = a["published_at"].replace(tzinfo=tz)
            exemplar = a["exemplar"] or {}
            extra = " ".join(
                ["Gương Sáng", "Gương Sáng", *a["tags"], *a["localities"], *a["movements"], *exemplar.values()]
            )
            entry = SearchEntry(
                page_id=page_id,
                kind=a["kind"],
                title=a["title"],
                lead=a["lead"],
                body=a["body"],
                folded_title=fold(a["title"]),
                folded_text=fold(f"{a['lead']} {a['body']} {extra}"),
                whole_words=indexed(a["title"], a["lead"], a["body"]),  # as search.indexing.index_page
                published_at=published,
                year=published.year,
            )
            items.append((entry, [generator.movement_ids[m] for m in a["movements"]], a["locality_ids"]))
        t1 = time.perf_counter()
        store_entries(items)
        t2 = time.perf_counter()
        prepare_s += t1 - t0
        store_s += t2 - t1
        bar.update(len(items))
    bar.close()
    return prepare_s, store_s


# --- the query set ------------------------------------------------------------------------


def query_set():
    """(label, params, via HTTP too). Fixed: the same on every run and database."""
    return [
        ("accentless", {"q": "nguoi tot viec tot"}, True),
        ("accentless 2", {"q": "dien hinh tien tien"}, False),
        ("accented", {"q": "người tốt việc tốt"}, False),
        ("mixed case", {"q": "Hiến Máu Tình Nguyện"}, False),
        ("phrase", {"q": '"xóa nhà tạm"'}, False),
        ("phrase accentless", {"q": '"nong thon moi"'}, False),
        ("common: thi đua", {"q": "thi đua"}, True),
        ("common: khen thưởng", {"q": "khen thưởng"}, False),
        ("rare: lũng thầu", {"q": "lũng thầu"}, True),
        ("rare: thợ lặn", {"q": "tho lan"}, False),
        ("no match", {"q": "máy bay trực thăng"}, False),
        ("name", {"q": "nguyen van hung"}, False),
        ("+kind", {"q": "giáo viên", "kind": "story"}, False),
        ("+year", {"q": "bác sĩ", "year": "2024"}, False),
        ("+locality", {"q": "hiến máu", "locality": "dak-lak"}, True),
        ("+historic locality", {"q": "nông thôn mới", "locality": "binh-dinh"}, False),
        ("+movement", {"q": "nong thon moi", "movement": "ca-nuoc-chung-suc-xay-dung-nong-thon-moi"}, False),
        (
            "+all filters",
            {
                "q": "thi đua",
                "kind": "news",
                "year": "2025",
                "locality": "ha-noi",
                "movement": "xoa-nha-tam-nha-dot-nat",
            },
            False,
        ),
        ("page 2", {"q": "nguoi tot viec tot", "page": "2"}, True),
        ("page 2, common", {"q": "khen thuong", "page": "2", "page_size": "20"}, False),
    ]


def machine_reference(connection, repeat=5) -> dict:
    """The same fixed work on every machine, in the same run as the queries (median ms of
    `repeat`): a pure-Python loop and one database statement that reads no table. The aims are in
    milliseconds, and this machine's speed varies from day to day (the same code measured 32 and
    57 ms p50 a day apart): compare runs by these, not only by their milliseconds."""

    def median_ms(work):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            work()
            times.append((time.perf_counter() - start) * 1000)
        return round(statistics.median(times), 1)

    if connection.vendor == "postgresql":
        statement = "SELECT count(*) FROM generate_series(1, 1000000)"
    else:
        statement = (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c"
        )

    def query():
        with connection.cursor() as cursor:
            cursor.execute(statement)
            cursor.fetchall()

    return {"python_loop_ms": median_ms(lambda: sum(range(3_000_000))), "database_ms": median_ms(query)}


def percentile(values, pct):
    """Nearest rank, as bench/pages.py (p95 of 20 runs is the 19th fastest)."""
    return sys.modules["bench_pages"].percentile(values, pct)


def run_queries(engine, queries, runs, bar, show_sql=False):
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from search.query import SearchQuery

    results = []
    for label, params, _ in queries:
        qd = QueryDict(mutable=True)
        qd.update(params)
        bar.set_postfix_str(label)
        for _ in range(WARMUP):
            engine.search(SearchQuery.from_params(qd))
            bar.update()
        times, cpu = [], []
        for _ in range(runs):
            start, cpu_start = time.perf_counter(), time.process_time()
            found = engine.search(SearchQuery.from_params(qd))
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
            bar.update()
        with CaptureQueriesContext(connection) as ctx:
            engine.search(SearchQuery.from_params(qd))
        results.append(
            {
                "query": label,
                "params": params,
                "total": found.total,
                "hits": len(found.hits),
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 95), 2),
                "max_ms": round(max(times), 2),
                "cpu_p50_ms": round(statistics.median(cpu), 2),
                "queries": len(ctx.captured_queries),
                "times_ms": [round(t, 2) for t in times],
                "sql": [q["sql"] for q in ctx.captured_queries] if show_sql else [],
            }
        )
    return results


def run_http(queries, runs, bar):
    from urllib.parse import urlencode

    from bench_pages import make_client
    from django.core.cache import caches

    client = make_client()
    results = []
    for label, params, via_http in queries:
        if not via_http:
            continue
        url = "/api/search/?" + urlencode(params)
        bar.set_postfix_str(f"HTTP {label}")
        times = []
        for i in range(WARMUP + runs):
            for cache in caches.all():  # an uncached answer (search.answers keeps them per version)
                cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                sys.exit(f"{url}: HTTP {response.status_code}: {response.content[:300]!r}")
            if i >= WARMUP:
                times.append(elapsed)
            bar.update()
        results.append(
            {
                "query": label,
                "url": url,
                "total": response.json()["total"],
                "p50_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 95), 2),
                "max_ms": round(max(times), 2),
                "times_ms": [round(t, 2) for t in times],
            }
        )
    return results


def summarise(rows):
    times = [t for r in rows for t in r["times_ms"]]
    return (
        {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(percentile(times, 95), 2),
            "max_ms": round(max(times), 2),
            "n": len(times),
        }
        if times
        else {}
    )


# --- reporting --------------------------------------------------------------------------


def print_report(env, payload):
    idx = payload["indexing"]
    vendor = env["database_engine"].split()[0]
    aim_docs, aim_ms = AIMS.get(vendor, (None, None))
    env_lines = [
        f"Machine : {env['platform']} ({env['machine']}), {env['cpu_count']} CPUs",
        f"Python  : {env['python_implementation']} {env['python']}, Django {env['django']}, Wagtail {env['wagtail']}",
        f"Database: {env['database_engine']} ({env['database']})",
        f"Settings: {env['settings']} (DEBUG={env['debug']}), cache {env['cache']}",
        f"Index   : {payload['index_size']} entries = {payload['docs']} synthetic (store_entries) + "
        f"{idx['real_pages']} imported articles; seed {payload['seed']}",
        f"Load    : {env['load_average_before'][0]:.2f} before, {env['load_average_after'][0]:.2f} after (1-min)"
        if env.get("load_average_before")
        else "Load    : n/a",
        f"Machine reference (fixed work, median ms, before/after the queries): Python loop "
        f"{env['reference']['python_loop_ms']}/{env['reference_after']['python_loop_ms']}, database "
        f"{env['reference']['database_ms']}/{env['reference_after']['database_ms']}"
        if env.get("reference_after")
        else "Machine reference: n/a",
        "",
        f"Indexing, bulk (store_entries): {idx['bulk_docs_per_s']:,.0f} docs/s "
        f"({payload['docs']} docs in {idx['bulk_store_s']:.1f} s; generating + folding took {idx['bulk_prepare_s']:.1f} s more, "
        f"{idx['bulk_total_docs_per_s']:,.0f} docs/s overall; page rows {idx['page_rows_s']:.1f} s)",
        f"Indexing, per page (import_articles): {idx['import_pages_per_s']:.1f} pages/s "
        f"({idx['real_pages']} pages in {idx['import_s']:.1f} s, of which index_page {idx['index_page_ms_per_page']:.1f} ms/page)",
        "",
        f"Method  : {WARMUP} warm-up + {payload['runs']} timed runs per query, wall time in-process; "
        "engine = get_engine().search(SearchQuery.from_params(QueryDict)); HTTP = test Client GET /api/search/. "
        "CPU p50 = CPU time of this process (SQLite runs in-process; PostgreSQL's own work is not in it).",
    ]
    headers = ["Engine", "Query", "Params", "Total", "SQL", "p50 ms", "p95 ms", "max ms", "CPU p50"]
    rows = []
    for engine, data in payload["engines"].items():
        for r in data["queries"]:
            params = " ".join(f"{k}={v}" for k, v in r["params"].items())
            rows.append(
                [
                    engine,
                    r["query"],
                    params[:60],
                    str(r["total"]),
                    str(r["queries"]),
                    f"{r['p50_ms']:.1f}",
                    f"{r['p95_ms']:.1f}",
                    f"{r['max_ms']:.1f}",
                    f"{r['cpu_p50_ms']:.1f}",
                ]
            )
        o = data["overall"]
        rows.append(
            [
                engine,
                "OVERALL",
                f"{o['n']} runs",
                "",
                "",
                f"{o['p50_ms']:.1f}",
                f"{o['p95_ms']:.1f}",
                f"{o['max_ms']:.1f}",
                "",
            ]
        )
    for r in payload["http"]["queries"]:
        rows.append(
            [
                "HTTP /api/search/",
                r["query"],
                r["url"][len("/api/search/?") :][:60],
                str(r["total"]),
                "",
                f"{r['p50_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                f"{r['max_ms']:.1f}",
                "",
            ]
        )
    if payload["http"]["queries"]:
        o = payload["http"]["overall"]
        rows.append(
            [
                "HTTP /api/search/",
                "OVERALL",
                f"{o['n']} runs",
                "",
                "",
                f"{o['p50_ms']:.1f}",
                f"{o['p95_ms']:.1f}",
                f"{o['max_ms']:.1f}",
                "",
            ]
        )
    print_table("Gương Sáng: search benchmark", env_lines, headers, rows, right={3, 4, 5, 6, 7, 8})
    for line in payload["skipped"]:
        print(line)
    for engine, data in payload["engines"].items():
        overall = data["overall"]["p95_ms"]
        if aim_docs:
            verdict = (
                "met"
                if overall < aim_ms and payload["index_size"] >= aim_docs
                else ("MISSED" if overall >= aim_ms else f"met, but with fewer than {aim_docs} documents")
            )
            print(
                f"Aim ({vendor}: overall p95 < {aim_ms:g} ms at {aim_docs:,} documents), {engine}: "
                f"{overall:.1f} ms at {payload['index_size']:,} -> {verdict}"
            )


def main(argv=None):
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="gs-search-bench-"))
    created_pg, ready = None, False
    try:
        created_pg = configure(args, tmp)

        import django

        django.setup()
        ready = True
        import importlib.util

        spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
        sys.modules["bench_pages"] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # environment_info, make_client, percentile: one definition
        from django.db import connection
        from tqdm import tqdm

        from core.models import Locality
        from movements.models import MovementPage
        from search.engines import get_engine
        from search.models import SearchEntry

        if args.reuse:
            from django.core.management import call_command

            print(f"Reusing {os.environ['DATABASE_URL']}: migrate…", file=sys.stderr)
            call_command("migrate", interactive=False, verbosity=0)
            import_s = index_page_s = page_rows_s = prepare_s = store_s = 0.0
        else:
            print(f"Preparing {os.environ['DATABASE_URL']}: migrate, sections, movements…", file=sys.stderr)
            home = prepare_site()
            localities = [(loc.pk, loc.name, loc.successor_id or loc.pk) for loc in Locality.objects.order_by("pk")]
            movement_ids = dict(MovementPage.objects.values_list("title", "pk"))
            generator = Generator(args.seed, localities, movement_ids)

            print(f"Importing {args.real_pages} articles with import_articles…", file=sys.stderr)
            import_s, index_page_s = (
                import_real_articles(generator, args.real_pages, tmp) if args.real_pages else (0.0, 0.0)
            )
            imported = SearchEntry.objects.count()
            if imported != args.real_pages:
                sys.exit(f"import_articles indexed {imported} of {args.real_pages} articles")

            t0 = time.perf_counter()
            page_ids = create_synthetic_pages(home, args.docs, tqdm) if args.docs else []
            page_rows_s = time.perf_counter() - t0
            prepare_s, store_s = store_synthetic(generator, page_ids, tqdm)

        with connection.cursor() as cursor:  # fresh statistics, as autovacuum / a DBA would have them
            # On PostgreSQL also what autovacuum does after 100,000 inserts: the GIN indexes'
            # pending lists merged (fastupdate: a search scans them row by row until then) and
            # the visibility map set. --no-vacuum: ANALYZE only, as runs before 2026-12-07.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" and not args.no_vacuum else "ANALYZE")
        index_size = SearchEntry.objects.count()

        env = module.environment_info()
        env["reference"] = machine_reference(connection)
        queries = query_set()
        engines = {"database": get_engine()}
        skipped = []
        if not os.environ.get("ELASTICSEARCH_URL"):
            skipped.append("elasticsearch: skipped (ELASTICSEARCH_URL not set)")
        else:
            import search.engines as engines_module

            es_class = getattr(engines_module, "ElasticsearchEngine", None)
            if es_class is None:
                skipped.append(
                    "elasticsearch: skipped (ELASTICSEARCH_URL is set but search.engines has no "
                    "ElasticsearchEngine yet)"
                )
            else:
                skipped.append(
                    "elasticsearch: skipped (the benchmark does not yet fill an Elasticsearch index "
                    "from the bulk documents)"
                )
        http_runs = sum(1 for q in queries if q[2]) * (WARMUP + args.runs)
        bar = tqdm(total=len(engines) * len(queries) * (WARMUP + args.runs) + http_runs, desc="queries", unit="run")
        engine_results = {}
        for _, engine in engines.items():
            rows = run_queries(engine, queries, args.runs, bar, args.show_sql)
            engine_results[getattr(engine, "name", type(engine).__name__)] = {
                "queries": rows,
                "overall": summarise(rows),
            }
        http_rows = run_http(queries, args.runs, bar)
        bar.close()
        env["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
        env["reference_after"] = machine_reference(connection)

        payload = {
            "environment": env,
            "docs": args.docs,
            "index_size": index_size,
            "runs": args.runs,
            "warmup": WARMUP,
            "seed": args.seed,
            "indexing": {
                "real_pages": args.real_pages,
                "import_s": round(import_s, 2),
                "import_pages_per_s": round(args.real_pages / import_s, 2) if import_s else 0,
                "index_page_ms_per_page": round(index_page_s * 1000 / args.real_pages, 2) if args.real_pages else 0,
                "page_rows_s": round(page_rows_s, 2),
                "bulk_prepare_s": round(prepare_s, 2),
                "bulk_store_s": round(store_s, 2),
                "bulk_docs_per_s": round(args.docs / store_s, 1) if store_s else 0,
                "bulk_total_docs_per_s": round(args.docs / (prepare_s + store_s), 1) if store_s else 0,
            },
            "engines": engine_results,
            "http": {"queries": http_rows, "overall": summarise(http_rows)},
            "skipped": skipped,
        }
        print_report(env, payload)
        if args.show_sql:
            for engine, data in engine_results.items():
                for r in data["queries"]:
                    print(f"\n--- {engine} {r['query']} {r['params']}: {r['queries']} queries")
                    for i, sql in enumerate(r["sql"], 1):
                        print(f"{i:3}. {sql}")
        if args.json:
            Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
            print(f"\nResults written to {args.json}")
    finally:
        if ready:
            from django.db import connections

            connections.close_all()
        if created_pg is not None:
            if args.keep:
                print(f"Kept the PostgreSQL database {created_pg['NAME']}", file=sys.stderr)
            else:
                drop_database(created_pg)
        if args.keep:
            print(f"Kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
