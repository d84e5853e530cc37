"""Fixtures of the example's tests: a fresh app on its own database, once on SQLite (a temporary
file) and once on PostgreSQL (a database of a throwaway server started for the session by
``postgres.py``; its tests are skipped, with the reason, when no server can be started, and fail
instead when ``FACTURIER_REQUIRE_POSTGRES=1``, as in CI)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

os.environ["FACTURIER_NO_DEFAULT_APP"] = "1"  # the tests make their own app
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
EXAMPLES = HERE.parents[1]

from app import create_app  # noqa: E402

DATABASES = ["sqlite", "postgresql"]


def load(name: str) -> Any:
    """A sample document of examples/, as JSON (decimals are strings)."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[tuple[Any, str]]:
    """A PostgreSQL server for the session (see postgres.py) and a database of the session on it,
    both gone at its end."""
    try:
        from postgres import PostgresUnavailable, Server
    except ImportError as e:  # psycopg missing
        reason = f"PostgreSQL tests need psycopg (pip install -r bindings/python/requirements-dev.txt): {e}"
        if os.environ.get("FACTURIER_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        server = Server.start()
    except PostgresUnavailable as e:
        if os.environ.get("FACTURIER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"FACTURIER_REQUIRE_POSTGRES=1 but {e}")
        pytest.skip(f"no PostgreSQL: {e}")
    try:
        database = server.create_database()
        yield server, database
        server.drop_database(database)
    finally:
        server.stop()


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The SQLAlchemy URL of a new empty database, on each database the example supports."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'facturier.db'}"
        return
    server, database = request.getfixturevalue("postgres")
    schema = server.create_schema(database)  # each test on its own schema: ms, where a database takes 0.4 s
    try:
        yield server.url(database, schema)
    finally:
        server.drop_schema(database, schema)


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    """A client of a fresh app on its own database."""
    app = create_app(database_url)
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()
