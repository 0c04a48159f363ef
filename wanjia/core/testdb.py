"""Migrated test databases kept between pytest sessions.

Creating the test database runs all of the project's migrations, which costs about a minute of CPU: Django
re-renders the related model states at nearly every operation. CI starts eight sessions (SQLite, the four date
replays, PostgreSQL, each with transactional tests in a session of their own), so the first session of each
database vendor keeps a snapshot of the freshly migrated database and the later ones load it instead of
migrating again. A snapshot is keyed by the migration files, the installed packages and the day, so a changed
migration, a new package version or a migration reading today's date makes a new one.

SQLite keeps the snapshot as a file loaded with the backup API (the test database stays in memory); PostgreSQL
keeps it as a template database copied by `CREATE DATABASE ... TEMPLATE`.
"""
from __future__ import annotations

import contextlib
import datetime
import hashlib
import importlib.metadata
import os
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = Path(tempfile.gettempdir()) / "wanjia-test-db"
TEMPLATE_PREFIX = "wanjia_test_tpl_"


def digest() -> str:
    h = hashlib.sha256(datetime.date.today().isoformat().encode())
    for path in sorted(PACKAGE_DIR.glob("*/migrations/*.py")):
        h.update(str(path.relative_to(PACKAGE_DIR)).encode())
        h.update(path.read_bytes())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()):
        h.update(dist.encode())
    return h.hexdigest()[:16]


@contextlib.contextmanager
def migrate_from_snapshots():
    """While active, the `migrate` that creates a test database loads a snapshot when one exists, and
    otherwise migrates and keeps a snapshot for the next session."""
    from django.core import management

    real_call_command = management.call_command
    key = digest()

    def call_command(name, *args, **options):
        if name != "migrate" or not options.get("run_syncdb") or options.get("interactive", True):
            return real_call_command(name, *args, **options)
        from django.db import connections

        connection = connections[options.get("database", "default")]
        store = {"sqlite": SqliteSnapshots, "postgresql": PostgresTemplates}.get(connection.vendor)
        if store is None:
            return real_call_command(name, *args, **options)
        snapshots = store(connection, key)
        if snapshots.load():
            return None
        result = real_call_command(name, *args, **options)
        snapshots.save()
        return result

    with mock.patch.object(management, "call_command", call_command):
        yield


class SqliteSnapshots:
    def __init__(self, connection, key: str):
        self.connection, self.path = connection, SNAPSHOT_DIR / f"{key}.sqlite3"

    def load(self) -> bool:
        if not self.path.exists():
            return False
        self.connection.ensure_connection()
        source = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()
        return True

    def save(self) -> None:
        SNAPSHOT_DIR.mkdir(exist_ok=True)
        for old in SNAPSHOT_DIR.glob("*.sqlite3"):
            if old != self.path:
                old.unlink(missing_ok=True)
        # Written aside and renamed, so a parallel worker never loads half a file.
        fd, partial = tempfile.mkstemp(dir=SNAPSHOT_DIR, suffix=".partial")
        os.close(fd)
        target = sqlite3.connect(partial)
        try:
            self.connection.connection.backup(target)
        finally:
            target.close()
        os.replace(partial, self.path)


class PostgresTemplates:
    def __init__(self, connection, key: str):
        self.connection, self.template = connection, f"{TEMPLATE_PREFIX}{key}"

    def _admin(self, sql: str, *params) -> list:
        # CREATE/DROP DATABASE need a connection to another database and none to the ones they copy.
        self.connection.close()
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def load(self) -> bool:
        if not self._admin("SELECT 1 FROM pg_database WHERE datname = %s", self.template):
            return False
        name = self.connection.ops.quote_name(self.connection.settings_dict["NAME"])
        self._admin(f"DROP DATABASE {name}")
        self._admin(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        return True

    def save(self) -> None:
        from django.db import DatabaseError

        source = self.connection.settings_dict["NAME"]
        for (old,) in self._admin("SELECT datname FROM pg_database WHERE datname LIKE %s AND datname NOT LIKE %s",
                                  f"{TEMPLATE_PREFIX}%", f"{self.template}%"):
            self._admin(f"DROP DATABASE IF EXISTS {self.connection.ops.quote_name(old)}")
        partial = f"{self.template}_{os.getpid()}"
        self._admin(f"CREATE DATABASE {partial} TEMPLATE {self.connection.ops.quote_name(source)}")
        try:
            self._admin(f"ALTER DATABASE {partial} RENAME TO {self.template}")
        except DatabaseError:  # a parallel worker kept its copy first
            self._admin(f"DROP DATABASE {partial}")
