"""The history database (SQLAlchemy Core; SQLite embedded, PostgreSQL shared): every run, its counts and results."""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock
from sqlalchemy import (Column, Float, ForeignKey, Integer, MetaData, Table, Text, create_engine, event, func,
                        inspect, select, text)
from sqlalchemy.engine import URL, Connection, Engine, RowMapping, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from ..errors import ConfigError, HistoryUnavailable

DB_NAME = "history.sqlite"
MIGRATIONS = "crawler.history:migrations"
# The hand-written migrations before Alembic counted PRAGMA user_version up to 2: the same schema as these revisions.
LEGACY_REVISIONS = {1: "0001", 2: "0002"}
PG_LOCK_KEY = 0x6D6F6269  # pg_advisory_xact_lock key: "mobi"

metadata = MetaData()
runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("site", Text, nullable=False),
    Column("run_dir", Text, nullable=False, unique=True),
    Column("started_at", Text), Column("finished_at", Text),
    Column("status", Text, nullable=False),
    Column("pages", Integer), Column("pages_with_findings", Integer),
    Column("config_hash", Text), Column("readiness", Float),
)
results = Table(
    "results", metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False), Column("device", Text, nullable=False),
    Column("check_id", Text, nullable=False), Column("status", Text, nullable=False),
)


class NoHistory(LookupError):
    """Reading asked for a history that does not exist yet (reading never creates one)."""


def database_url(location: str | Path) -> URL:
    """A SQLAlchemy URL (postgresql://... uses psycopg 3), or a folder holding history.sqlite."""
    if "://" not in str(location):
        return URL.create("sqlite", database=str(Path(location).resolve() / DB_NAME))
    try:
        url = make_url(str(location))
    except (ArgumentError, ValueError):
        raise ConfigError(f"history: not a database URL: {redact(location)}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def redact(location: str | Path | URL) -> str:
    """The database URL or folder as it may be printed or written: never its password."""
    if isinstance(location, URL):
        return location.render_as_string(hide_password=True)
    if "://" not in str(location):
        return str(location)
    try:
        return make_url(str(location)).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(a database URL that cannot be read)"


class History:
    def __init__(self, location: str | Path, create: bool = True):
        self.url = database_url(location)
        self.where = redact(location)
        if self.is_sqlite:
            if not create and not self.sqlite_file.exists():
                raise NoHistory(self.where)
            self.sqlite_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine: Engine = create_engine(self.url, connect_args={"timeout": 30} if self.is_sqlite else {})
            if self.is_sqlite:
                self._enable_foreign_keys()
            if not create and not inspect(self.engine).has_table("runs"):
                raise NoHistory(self.where)
            self.migrate()
        except SQLAlchemyError as exc:
            raise HistoryUnavailable(f"cannot open the history at {self.where}: {first_line(exc)}") from None

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_file(self) -> Path:
        return Path(self.url.database or "")

    def _enable_foreign_keys(self) -> None:
        event.listen(self.engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA foreign_keys = ON"))

    # ---- schema -------------------------------------------------------------------------

    @staticmethod
    def _alembic_config(connection: Connection | None = None):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", MIGRATIONS)
        config.attributes["connection"] = connection
        return config

    @property
    def revision(self) -> str | None:
        from alembic.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def migrate(self) -> None:
        """Bring the schema to the newest revision, under a lock so concurrent runs never race."""
        from alembic import command
        from alembic.script import ScriptDirectory

        if self.revision == ScriptDirectory.from_config(self._alembic_config()).get_current_head():
            return
        lock = FileLock(f"{self.sqlite_file}.lock") if self.is_sqlite else nullcontext()
        with lock, self.engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            config = self._alembic_config(connection)
            tables = inspect(connection).get_table_names()
            if self.is_sqlite and "runs" in tables and "alembic_version" not in tables:  # hand-written migrations
                legacy = connection.exec_driver_sql("PRAGMA user_version").scalar_one()
                command.stamp(config, LEGACY_REVISIONS[legacy])
            command.upgrade(config, "head")

    # ---- runs ---------------------------------------------------------------------------

    def start_run(self, site: str, run_dir: str | Path, config_hash: str, started_at: str,
                  exact: bool = False) -> tuple[int, Path]:
        """Record a running run; its folder gets a -2, -3... suffix when taken (unless `exact`)."""
        base = Path(run_dir)
        candidates = [base] if exact else [base, *(base.with_name(f"{base.name}-{n}") for n in range(2, 1000))]
        for folder in candidates:
            if folder.exists() and not exact:
                continue
            try:
                with self.engine.begin() as connection:
                    run_id = connection.execute(runs.insert().values(
                        site=site, run_dir=str(folder), config_hash=config_hash, started_at=started_at,
                        status="running").returning(runs.c.id)).scalar_one()
                return run_id, folder
            except IntegrityError:
                continue
        raise HistoryUnavailable(f"{base} is already recorded in the history at {self.where}: use another folder")

    def finish_run(self, run_id: int, report: dict[str, Any] | None) -> None:
        """Record a run's outcome; without a report (killed) it stays unusable as a baseline."""
        with self.engine.begin() as connection:
            if report is None:
                connection.execute(runs.update().where(runs.c.id == run_id).values(status="failed"))
                return
            summary = report["summary"]
            connection.execute(runs.update().where(runs.c.id == run_id).values(
                status=report["run"]["status"], finished_at=report["run"]["finished_at"], pages=summary["pages"],
                pages_with_findings=summary["pages_with_findings"], readiness=summary.get("readiness")))
            rows = [{"run_id": run_id, "url": page.get("final_url") or page["url"], "device": r["device"],
                     "check_id": r["check"], "status": r["status"]}
                    for page in report["pages"] for r in page.get("results", [])]
            if rows:
                connection.execute(results.insert(), rows)

    def baseline(self, site: str, config_hash: str, before_id: int) -> RowMapping | None:
        """The last complete run of the same site and config before this one."""
        query = (select(runs).where(runs.c.site == site, runs.c.config_hash == config_hash,
                                    runs.c.status == "complete", runs.c.id < before_id)
                 .order_by(runs.c.id.desc()).limit(1))
        with self.engine.connect() as connection:
            return connection.execute(query).mappings().first()

    def runs(self, site: str | None = None) -> list[RowMapping]:
        query = select(runs).order_by(runs.c.id)
        if site:
            query = query.where(runs.c.site == site)
        with self.engine.connect() as connection:
            return list(connection.execute(query).mappings())

    def failing_counts(self, run_id: int) -> dict[str, int]:
        query = (select(results.c.status, func.count().label("n")).where(results.c.run_id == run_id)
                 .group_by(results.c.status))
        with self.engine.connect() as connection:
            return {row.status: row.n for row in connection.execute(query)}

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def open_history(location: str | Path, create: bool = True) -> Iterator[History]:
    history = History(location, create)
    try:
        yield history
    finally:
        history.close()


def first_line(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip()
    return text_.splitlines()[0] if text_ else type(exc).__name__
