"""A throwaway PostgreSQL server for the tests, on loopback, in a temporary directory.

``Server.start()`` finds the distribution's binaries (``initdb``, ``pg_ctl``, ``postgres``: on
PATH, else the newest ``/usr/lib/postgresql/*/bin`` of Debian's ``postgresql`` package, or the
directory in ``$FACTURIER_PG_BIN``), creates a cluster in a fresh temporary directory (owned by
the ``postgres`` user when running as root, since ``initdb`` refuses root), starts it on
``127.0.0.1`` on a free port with password authentication, and ``stop()`` shuts it down and
removes the directory (also at interpreter exit if the caller forgot). Durability is off
(``fsync``, ``synchronous_commit``, ``full_page_writes``): the data dies with the run anyway,
and locking and isolation, which the tests are about, do not depend on it.

``$FACTURIER_TEST_POSTGRES_URL`` (e.g. ``postgresql://me:secret@db:5432/postgres``, a role that
may create databases) uses a running server instead of starting one.

The tests share one database (``create_database``, ``drop_database``) and each gets its own schema
in it (``create_schema``; ``url(db, schema)`` puts it first on the search path): a schema costs
milliseconds where a database costs about 0.4 s. Run this file to get a server by hand:
``python postgres.py`` prints its URL and stops it on Ctrl-C.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg

USER = "facturier"  # the superuser of the throwaway cluster
SETTINGS = """
# facturier tests: a throwaway cluster on loopback
listen_addresses = '127.0.0.1'
unix_socket_directories = '{sockets}'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
"""


class PostgresUnavailable(Exception):
    """No PostgreSQL server can be started here (the message says why and what to install)."""


def find_bin_dir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None."""
    names = ("initdb", "pg_ctl", "postgres")
    candidates: list[Path] = []
    if os.environ.get("FACTURIER_PG_BIN"):
        candidates.append(Path(os.environ["FACTURIER_PG_BIN"]))
    for name in ("pg_ctl", "initdb"):
        found = shutil.which(name)
        if found:
            candidates.append(Path(found).resolve().parent)

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.name)) or (0,)

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for directory in candidates:
        if all(os.access(directory / n, os.X_OK) for n in names):
            return directory
    return None


def free_port() -> int:
    """A TCP port free on loopback now (start() retries if it is taken before the server binds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A PostgreSQL server the tests may create databases on."""

    host: str
    port: int
    user: str
    password: str
    admin_db: str = "postgres"
    _stop: Any = field(default=None, repr=False)

    @classmethod
    def start(cls) -> Server:
        """The server of ``$FACTURIER_TEST_POSTGRES_URL``, else a throwaway one started now."""
        url = os.environ.get("FACTURIER_TEST_POSTGRES_URL")
        if url:
            u = urlsplit(url)
            server = cls(u.hostname or "127.0.0.1", u.port or 5432, u.username or "", u.password or "", u.path.lstrip("/") or "postgres")
        else:
            server = _start_cluster()
        try:
            with server.admin() as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as e:
            server.stop()
            raise PostgresUnavailable(f"cannot connect to PostgreSQL at {server.host}:{server.port}: {e}") from e
        return server

    def stop(self) -> None:
        """Stops the server if this process started it (idempotent)."""
        if self._stop is not None:
            stop, self._stop = self._stop, None
            stop()

    def conninfo(self, dbname: str, schema: str | None = None) -> str:
        """A libpq URL of database ``dbname`` (with ``schema`` as search path)."""
        return self._url("postgresql", dbname, schema)

    def url(self, dbname: str, schema: str | None = None) -> str:
        """An SQLAlchemy URL of database ``dbname`` (with ``schema`` as search path) through psycopg 3."""
        return self._url("postgresql+psycopg", dbname, schema)

    def _url(self, scheme: str, dbname: str, schema: str | None) -> str:
        auth = quote(self.user, safe="") + (":" + quote(self.password, safe="") if self.password else "")
        query = "options=" + quote(f"-csearch_path={schema}", safe="") if schema else ""
        return urlunsplit((scheme, f"{auth}@{self.host}:{self.port}", "/" + dbname, query, ""))

    def admin(self) -> psycopg.Connection[Any]:
        """An autocommit connection to the maintenance database."""
        return psycopg.connect(self.conninfo(self.admin_db), autocommit=True, connect_timeout=10)

    def create_database(self) -> str:
        """A new empty database; returns its name."""
        name = f"facturier_test_{secrets.token_hex(6)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drops database ``name``, closing whatever sessions remain on it."""
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def create_schema(self, dbname: str) -> str:
        """A new empty schema in database ``dbname``; returns its name."""
        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.conninfo(dbname), autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return name

    def drop_schema(self, dbname: str, name: str) -> None:
        """Drops schema ``name`` of database ``dbname`` and everything in it; the sessions a failed
        test left in a transaction on it are ended first if they hold it up for 10 s."""
        with psycopg.connect(self.conninfo(dbname), autocommit=True, connect_timeout=10) as conn:
            conn.execute("SET lock_timeout = '10s'")
            try:
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            except psycopg.errors.LockNotAvailable:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _start_cluster() -> Server:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL binaries not found (initdb, pg_ctl: not on PATH nor in /usr/lib/postgresql/*/bin): "
            "apt-get install postgresql, set FACTURIER_PG_BIN to their directory, "
            "or FACTURIER_TEST_POSTGRES_URL to a running server"
        )
    # initdb refuses to run as root: the cluster then belongs to the distribution's postgres user.
    owner: dict[str, Any] = {}
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam(os.environ.get("FACTURIER_PG_USER", "postgres"))
        except KeyError as e:
            raise PostgresUnavailable("running as root and no 'postgres' user to own the cluster (set FACTURIER_PG_USER)") from e
        owner = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    root = Path(tempfile.mkdtemp(prefix="facturier-pg-"))
    data, log = root / "data", root / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}  # no stray PGDATA/PGPORT
    env["LC_ALL"] = "C"

    def run(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(a) for a in args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout, **owner)

    stopped = False

    def stop() -> None:
        nonlocal stopped
        if stopped:
            return
        stopped = True
        if (data / "postmaster.pid").exists():
            run(bin_dir / "pg_ctl", "stop", "-D", data, "-m", "immediate", "-w", "-t", "30", timeout=60)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    try:
        if owner:
            os.chown(root, owner["user"], owner["group"])
        password = secrets.token_urlsafe(18)
        pwfile = root / "pwfile"
        pwfile.write_text(password + "\n")
        if owner:
            os.chown(pwfile, owner["user"], owner["group"])
        init = run(bin_dir / "initdb", "-D", data, "-U", USER, "--pwfile", pwfile, "--auth", "scram-sha-256",
                   "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
        pwfile.unlink()
        if init.returncode != 0:
            raise PostgresUnavailable(f"initdb failed ({bin_dir}): {init.stderr.strip()[-2000:]}")
        with open(data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(SETTINGS.format(sockets=root))
        for _attempt in range(5):  # the free port may be taken before the server binds it
            port = free_port()
            started = run(bin_dir / "pg_ctl", "start", "-D", data, "-l", log, "-w", "-t", "60", "-o", f"-p {port}")
            if started.returncode == 0:
                server = Server("127.0.0.1", port, USER, password)
                server._stop = stop
                return server
            text = log.read_text(errors="replace") if log.exists() else started.stderr
            if "could not bind" not in text and "already in use" not in text:
                break
        raise PostgresUnavailable(f"PostgreSQL did not start ({bin_dir}): {(started.stderr + text).strip()[-2000:]}")
    except BaseException:
        stop()
        raise


if __name__ == "__main__":
    s = Server.start()
    try:
        print(s.conninfo(s.admin_db), flush=True)
        input("running; Enter or Ctrl-C stops it\n")
    except (KeyboardInterrupt, EOFError):
        pass
    finally:
        s.stop()
