"""Backup and restore of a whole site: the database and both media folders in one .tar.gz
(`manage.py backup`, `manage.py restore`; docs/operations.md).

The archive, in this order (a restore reads it as a stream, so the manifest comes first):

    manifest.json              format, database engine, Django/Wagtail versions, time, file counts
    database/db.sqlite3        SQLite: a consistent copy made with SQLite's online backup API
    database/postgresql.dump   PostgreSQL: `pg_dump --format=custom`
    media/…                    MEDIA_ROOT
    private-media/…            PRIVATE_MEDIA_ROOT (readers' nomination photos)

The database is copied before the media: an upload writes its file before its row commits, so
every file the copied database names is already on disk when the folders are read.

A restore reads the whole archive into staging places first (a temporary folder for the
database, a hidden folder inside each media folder, on the same filesystem) and changes nothing
until the archive has been read to its end without error: a truncated or corrupt archive leaves
the site as it was.
"""

import gzip
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/postgresql.dump"}
MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}
STAGING_PREFIX = ".restore-"
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A failure the operator can act on; the message says what to do next."""


@contextmanager
def command_errors(database: str, files: str):
    """For the backup and restore commands: a BackupError, a database error or a file error
    becomes a CommandError that says what to do next (no traceback). `database` and `files`
    are messages with an {error} placeholder."""
    from django.core.management.base import CommandError
    from django.db import DatabaseError

    try:
        yield
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    except DatabaseError as exc:
        raise CommandError(database.format(error=str(exc).strip())) from exc
    except OSError as exc:
        raise CommandError(files.format(error=exc)) from exc


# --- the configured site -----------------------------------------------------------------


def database_settings() -> dict:
    from django.conf import settings

    return settings.DATABASES["default"]


def engine_kind(db: dict | None = None) -> str:
    engine = (db or database_settings())["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Cơ sở dữ liệu {engine} không được hỗ trợ: chỉ sao lưu được SQLite và PostgreSQL.")


def media_roots() -> dict[str, Path]:
    from django.conf import settings

    return {folder: Path(getattr(settings, name)) for folder, name in MEDIA_FOLDERS.items()}


def media_files(root: Path) -> list[Path]:
    """Regular files under root, sorted, without a restore's staging folders or symlinks."""
    if not root.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(STAGING_PREFIX))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def libpq_env(db: dict) -> dict:
    """The environment pg_dump and pg_restore connect with: Django's settings as libpq's
    variables (the password never on a command line)."""
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    options = db.get("OPTIONS") or {}
    for key, var in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
    ):
        if options.get(key):
            env[var] = str(options[key])
    return env


def database_label(db: dict) -> str:
    if engine_kind(db) == "sqlite":
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('USER') or ''}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Không tìm thấy {name}. Cài gói postgresql-client cùng phiên bản chính với máy chủ PostgreSQL "
            f"(Debian/Ubuntu: apt-get install postgresql-client), hoặc chạy lệnh trong container web của "
            f"docker compose, nơi đã có sẵn, rồi chạy lại."
        )
    return path


def run_pg(args: list[str], db: dict, what: str) -> None:
    try:
        done = subprocess.run(args, env=libpq_env(db), capture_output=True, text=True)
    except OSError as exc:
        raise BackupError(f"Không chạy được {args[0]}: {exc}.") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()
        hint = "Kiểm tra DATABASE_URL và máy chủ PostgreSQL rồi chạy lại."
        if "version mismatch" in detail or "unsupported version" in detail:
            hint = (
                "Phiên bản của công cụ PostgreSQL cũ hơn máy chủ: cài postgresql-client cùng phiên bản chính "
                "với máy chủ rồi chạy lại."
            )
        raise BackupError(f"{what} thất bại ({Path(args[0]).name}, mã {done.returncode}):\n{detail}\n{hint}")


# --- backup ---------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path | None  # None: written to a stream
    manifest: dict
    size: int


def copy_sqlite(source: str, target: Path) -> None:
    """A consistent copy of a live SQLite database (WAL or not) with SQLite's online backup API,
    as one self-contained file (rollback journal, no -wal beside it)."""
    if not Path(source).is_file():
        raise BackupError(
            f"Không thấy tệp cơ sở dữ liệu {source}. Kiểm tra DATABASE_URL, hoặc chạy "
            "`python manage.py migrate` nếu trang chưa được cài."
        )
    src = sqlite3.connect(source, timeout=30)  # only read; read-write so a WAL file needs no -shm yet
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        check = dst.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        raise BackupError(f"Không sao chép được cơ sở dữ liệu SQLite {source}: {exc}.") from exc
    finally:
        dst.close()
        src.close()
    if check != "ok":
        raise BackupError(
            f"Bản sao của {source} không toàn vẹn ({check}). Kiểm tra tệp bằng "
            f"`sqlite3 {source} 'PRAGMA integrity_check'` trước khi sao lưu lại."
        )


def dump_postgresql(db: dict, target: Path) -> None:
    run_pg(
        [pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"],
        db,
        "Sao lưu cơ sở dữ liệu (pg_dump)",
    )


def installed_versions() -> dict:
    import django
    import wagtail

    return {"django": django.get_version(), "wagtail": wagtail.__version__}


def applied_migrations() -> int:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder(connection).migration_qs.count()


def make_backup(output: Path | None, progress=None, stream=None) -> BackupResult:
    """Writes the archive to output (through output.partial, renamed when complete), or with
    output None to the binary stream (`--output -`: standard output)."""
    from django.utils import timezone

    db = database_settings()
    kind = engine_kind(db)
    partial = None
    if output is not None:
        output = output.resolve()
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
    work = Path(tempfile.mkdtemp(prefix=".gs-backup-", dir=output.parent if output else None))
    try:
        database_file = work / Path(DATABASE_MEMBERS[kind]).name
        if kind == "sqlite":
            copy_sqlite(str(db["NAME"]), database_file)
        else:
            dump_postgresql(db, database_file)
        roots = media_roots()
        files = {folder: media_files(root) for folder, root in roots.items()}
        manifest = {
            "format": FORMAT,
            "application": "guongsang",
            "engine": kind,
            **installed_versions(),
            "created": timezone.localtime().isoformat(timespec="seconds"),
            "database": {
                "member": DATABASE_MEMBERS[kind],
                "bytes": database_file.stat().st_size,
                "migrations": applied_migrations(),
            },
            "files": {folder: len(paths) for folder, paths in files.items()},
            "file_bytes": {folder: sum(_size(p) for p in paths) for folder, paths in files.items()},
        }
        if progress:
            progress.reset(total=database_file.stat().st_size + sum(manifest["file_bytes"].values()))
        gz = gzip.GzipFile(
            partial if partial is not None else None,
            mode="wb",
            compresslevel=6,
            fileobj=None if partial is not None else stream,
        )
        skipped = 0
        with gz, tarfile.open(fileobj=gz, mode="w|") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
            tar.addfile(info, io.BytesIO(data))
            tar.add(database_file, arcname=DATABASE_MEMBERS[kind], recursive=False)
            if progress:
                progress.update(database_file.stat().st_size)
            for folder, paths in files.items():
                for path in paths:
                    try:
                        tar.add(path, arcname=f"{folder}/{path.relative_to(roots[folder]).as_posix()}", recursive=False)
                    except FileNotFoundError:  # deleted while we walked (a rendition replaced)
                        skipped += 1
                        continue
                    if progress:
                        progress.update(_size(path))
        manifest["skipped"] = skipped
        if partial is None:
            return BackupResult(None, manifest, 0)
        partial.replace(output)
        return BackupResult(output, manifest, output.stat().st_size)
    except BaseException:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- restore --------------------------------------------------------------------------

CORRUPT = (
    "Tệp {path} không phải bản sao lưu hợp lệ hoặc đã hỏng ({detail}). Không có gì bị thay đổi. "
    "Kiểm tra tệp (`gzip -t {path}`) hoặc dùng một bản sao lưu khác."
)


@dataclass
class Staged:
    manifest: dict
    work: Path  # temporary folder holding the database file
    database_file: Path | None = None
    staging: dict = field(default_factory=dict)  # folder -> staging path inside its media root
    counts: dict = field(default_factory=dict)

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        for path in self.staging.values():
            shutil.rmtree(path, ignore_errors=True)


def check_manifest(manifest, path: Path) -> dict:
    if not isinstance(manifest, dict) or manifest.get("application") != "guongsang":
        raise BackupError(CORRUPT.format(path=path, detail="manifest.json không phải của Gương Sáng"))
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"Bản sao lưu {path} có định dạng {manifest.get('format')!r}, phiên bản này chỉ đọc định dạng {FORMAT}. "
            "Khôi phục bằng phiên bản Gương Sáng đã tạo ra nó."
        )
    if manifest.get("engine") not in DATABASE_MEMBERS:
        raise BackupError(CORRUPT.format(path=path, detail=f"hệ cơ sở dữ liệu lạ {manifest.get('engine')!r}"))
    return manifest


def check_engine(manifest: dict, db: dict) -> None:
    kind = engine_kind(db)
    if manifest["engine"] != kind:
        wanted = ENGINE_NAMES[manifest["engine"]]
        example = (
            "DATABASE_URL=postgres://USER@HOST:5432/TEN_CSDL"
            if manifest["engine"] == "postgresql"
            else "DATABASE_URL=sqlite:////duong/dan/db.sqlite3"
        )
        raise BackupError(
            f"Bản sao lưu này là cơ sở dữ liệu {wanted}, còn trang đang cấu hình {database_label(db)}. "
            f"Một bản sao lưu chỉ khôi phục được vào cùng hệ cơ sở dữ liệu: đặt {example} (một cơ sở dữ liệu "
            f"{wanted} mới hoặc cũ) rồi chạy lại."
        )


def _safe_name(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path


def open_archive(path: Path, stream=None):
    """The archive as a stream of members: the file at path, or `stream` (standard input)."""
    if stream is None and not path.is_file():
        raise BackupError(f"Không tìm thấy tệp {path}. Kiểm tra lại đường dẫn.")
    try:
        return tarfile.open(path, "r|gz") if stream is None else tarfile.open(fileobj=stream, mode="r|gz")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc


def read_manifest(tar, path: Path) -> dict:
    try:
        first = tar.next()
        if first is None or first.name != MANIFEST or not first.isfile():
            raise BackupError(CORRUPT.format(path=path, detail="không có manifest.json ở đầu tệp"))
        manifest = json.loads(tar.extractfile(first).read().decode())
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc
    return check_manifest(manifest, path)


def stage(tar, path: Path, manifest: dict, progress=None) -> Staged:
    """Reads the rest of the archive into staging places; raises BackupError (and leaves nothing
    behind) if it is corrupt."""
    db = database_settings()
    kind = manifest["engine"]
    base = Path(db["NAME"]).resolve().parent if kind == "sqlite" else None
    if base is not None:
        base.mkdir(parents=True, exist_ok=True)
    staged = Staged(manifest, Path(tempfile.mkdtemp(prefix=".gs-restore-", dir=base)))
    roots = media_roots()
    token = uuid.uuid4().hex[:8]
    try:
        for folder, root in roots.items():
            root.mkdir(parents=True, exist_ok=True)
            staged.staging[folder] = root / f"{STAGING_PREFIX}{token}"
            staged.staging[folder].mkdir()
            staged.counts[folder] = 0
        for member in tar:  # in stream mode this starts again with the manifest, read already
            if member.name == MANIFEST:
                continue
            name = _safe_name(member.name)
            if name is None or not (member.isfile() or member.isdir()):
                raise BackupError(CORRUPT.format(path=path, detail=f"mục không hợp lệ {member.name!r}"))
            if member.isdir():
                continue
            if str(name) == DATABASE_MEMBERS[kind]:
                target = staged.work / name.name
                staged.database_file = target
            elif name.parts[0] in roots and len(name.parts) > 1:
                target = staged.staging[name.parts[0]].joinpath(*name.parts[1:])
                staged.counts[name.parts[0]] += 1
            else:
                raise BackupError(CORRUPT.format(path=path, detail=f"mục lạ {member.name!r}"))
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            with open(target, "wb") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)
            os.utime(target, (member.mtime, member.mtime))
            if progress:
                progress.update(member.size)
        if staged.database_file is None:
            raise BackupError(CORRUPT.format(path=path, detail=f"thiếu {DATABASE_MEMBERS[kind]}"))
        return staged
    except (tarfile.TarError, OSError, EOFError) as exc:
        staged.discard()
        raise BackupError(CORRUPT.format(path=path, detail=exc)) from exc
    except BaseException:
        staged.discard()
        raise


def target_contents(db: dict) -> list[str]:
    """What the configured site already holds (empty list: a fresh instance)."""
    found = []
    kind = engine_kind(db)
    if kind == "sqlite":
        name = Path(db["NAME"])
        if name.is_file() and name.stat().st_size > 0:
            try:
                conn = sqlite3.connect(name, timeout=30)
                try:
                    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
                finally:
                    conn.close()
            except sqlite3.DatabaseError:
                tables = 1  # not a database we can read: not empty either
            if tables:
                found.append(f"cơ sở dữ liệu {database_label(db)} có {tables} bảng")
    else:
        from django.db import DatabaseError, connection

        try:
            tables = connection.introspection.table_names()
        except DatabaseError as exc:
            raise BackupError(
                f"Không kết nối được {database_label(db)} ({str(exc).strip()}). Tạo cơ sở dữ liệu trước "
                f"(`createdb {db['NAME']}` hoặc CREATE DATABASE), kiểm tra DATABASE_URL rồi chạy lại."
            ) from exc
        finally:
            connection.close()
        if tables:
            found.append(f"cơ sở dữ liệu {database_label(db)} có {len(tables)} bảng")
    for _folder, root in media_roots().items():
        count = len(media_files(root))
        if count:
            found.append(f"{root} có {count} tệp")
    return found


def restore_database(staged: Staged, db: dict) -> None:
    from django.db import connections

    connections.close_all()
    if staged.manifest["engine"] == "sqlite":
        restore_sqlite(staged.database_file, Path(db["NAME"]))
    else:
        run_pg(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--no-password",
                f"--dbname={db['NAME']}",
                str(staged.database_file),
            ],
            db,
            "Khôi phục cơ sở dữ liệu (pg_restore)",
        )


def restore_sqlite(source: Path, target: Path) -> None:
    """Replaces the database file's content. Through SQLite's backup API rather than a file
    rename: processes that have the file open (the web server, the worker) then read the
    restored content, not a deleted file, and their locks are respected."""
    try:
        src = sqlite3.connect(source)
        check = src.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"Cơ sở dữ liệu trong bản sao lưu bị hỏng ({exc}). Không có gì bị thay đổi. Dùng một bản sao lưu khác."
        ) from exc
    if check != "ok":
        src.close()
        raise BackupError(
            f"Cơ sở dữ liệu trong bản sao lưu không toàn vẹn ({check}). Không có gì bị thay đổi. "
            "Dùng một bản sao lưu khác."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Không ghi được {target} ({exc}). Dừng web và worker đang dùng tệp này rồi chạy lại."
        ) from exc
    finally:
        dst.close()
        src.close()


def swap_media(staged: Staged) -> None:
    """Each media folder gets exactly the archive's files. The folder itself stays (it may be a
    mount point, a Docker volume): its entries are replaced by the staged ones."""
    for folder, root in media_roots().items():
        staging = staged.staging[folder]
        for entry in root.iterdir():
            if entry == staging:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in staging.iterdir():
            entry.rename(root / entry.name)
        staging.rmdir()


def forget_renditions() -> bool:
    """Wagtail caches where each image's renditions are, by image id and file hash, outside the
    content versions. In a shared cache (Redis) an entry left from before the restore can point
    to a file the restored media folder does not have: delete them all (the restored database
    knows its own). An in-process cache goes with the processes, restarted after a restore."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["renditions"]
    if not isinstance(cache, RedisCache):
        cache.clear()
        return True
    try:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=cache.make_key("*"), count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
    except Exception:  # Redis down: say what to do instead
        return False
    return True


def after_restore() -> list[str]:
    """New version tokens (no process serves a page cached before the restore) and what the
    operator must still do; returns the advice lines."""
    from django.conf import settings
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    from core import cache

    advice = []
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unknown = set(executor.loader.applied_migrations) - set(executor.loader.disk_migrations)
    if unknown:
        advice.append(
            f"bản sao lưu được tạo bởi phiên bản mới hơn mã đang chạy ({len(unknown)} migration lạ, "
            "ví dụ " + ".".join(sorted(unknown)[0]) + "): cập nhật mã lên phiên bản đó."
        )
    if pending:
        advice.append(
            f"bản sao lưu cũ hơn mã đang chạy ({len(pending)} migration chưa áp dụng): chạy `python manage.py migrate`."
        )
    try:
        cache.bump_content_version()
        cache.bump(cache.ASSETS)
    except DatabaseError as exc:
        advice.append(
            f"chưa làm mới được phiên bản nội dung ({exc}): sau khi migrate, khởi động lại web và worker "
            "để bộ nhớ đệm không phục vụ trang cũ."
        )
    if not forget_renditions():
        advice.append(
            "không xóa được bộ nhớ đệm ảnh trong Redis: chạy `redis-cli -u $REDIS_URL --scan --pattern "
            "'renditions:*' | xargs redis-cli -u $REDIS_URL del` khi Redis chạy lại."
        )
    advice.append(
        "nếu có CDN hoặc một bộ đệm phía trước không được xóa qua FRONT_CACHE_URL, hãy xóa nó: nó không "
        "biết về bản khôi phục."
    )
    if settings.ELASTICSEARCH_URL:
        advice.append(
            "Elasticsearch không nằm trong bản sao lưu: chạy `python manage.py search_index rebuild` "
            "để dựng lại chỉ mục từ nội dung vừa khôi phục."
        )
    return advice
