"""Fixtures of the example's tests: a fresh app on a temporary SQLite file."""

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


def load(name: str) -> Any:
    """A sample document of examples/, as JSON (decimals are strings)."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A client of a fresh app on its own database (FACTURIER_TEST_DATABASE_URL overrides it)."""
    url = os.environ.get("FACTURIER_TEST_DATABASE_URL", f"sqlite:///{tmp_path / 'facturier.db'}")
    app = create_app(url)
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()
