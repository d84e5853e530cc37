"""Shared fixtures: the sample documents of `examples/`, loaded with `json.load`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The text of a PDF through poppler's pdftotext (layout kept); skips the test when it is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([exe, "-layout", str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def load(name: str) -> Any:
    """A sample document as `json.load` gives it (decimals are strings)."""
    with open(EXAMPLES / name, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture
def draft() -> Any:
    """A lawful invoice draft."""
    return load("invoice-draft.json")


@pytest.fixture
def invalid_draft() -> Any:
    """An invoice draft breaking several rules."""
    return load("invoice-draft-invalid.json")


@pytest.fixture
def quote_v1() -> Any:
    """Version 1 of the sample quote's content."""
    return load("quote-v1.json")


@pytest.fixture
def quote_v2() -> Any:
    """Version 2 of the sample quote's content."""
    return load("quote-v2.json")


@pytest.fixture
def receivables_input() -> Any:
    """The sample receivables: six invoices, a credit note, payments, a refund, reminders sent."""
    return load("receivables.json")
