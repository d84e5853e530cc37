"""The worker killed by test_numbering.py: issues a draft through the example app and stops inside
the issuing transaction, never reaching COMMIT.

Usage: ``python issuing_child.py DATABASE_URL DRAFT_ID SERIES ISSUE_DATE``. Once the numbering
lock is held (the draft's and the series' rows FOR UPDATE on PostgreSQL, ``BEGIN IMMEDIATE`` on
SQLite), the number allocated, the counter updated and the invoice row inserted, it writes the
invoice's number on a line to stdout and sleeps, the transaction open, until its parent kills it
(SIGKILL); after 120 s alone it exits with status 3 so that it never outlives a crashed parent.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ["FACTURIER_NO_DEFAULT_APP"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import event  # noqa: E402

import facturier  # noqa: E402
from app import create_app  # noqa: E402


def main() -> None:
    url, draft_id, series, issue_date = sys.argv[1:]
    app = create_app(url)
    allocated: list[str] = []
    issue_invoice = facturier.issue_invoice

    def recording(*args: Any, **kwargs: Any) -> Any:
        invoice, after = issue_invoice(*args, **kwargs)
        allocated.append(invoice["number"])
        return invoice, after

    facturier.issue_invoice = recording  # the app calls facturier.issue_invoice

    @event.listens_for(app.state.engine, "after_cursor_execute")
    def hold(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if " ".join(statement.split()).lower().startswith("insert into invoice"):
            signal(allocated[-1])

    with TestClient(app) as client:
        r = client.post(f"/drafts/{draft_id}/issue", json={"series": series, "issue_date": issue_date})
    print(f"not stopped: the request ended with {r.status_code} {r.text}", file=sys.stderr)
    sys.exit(2)


def signal(line: str) -> None:
    """Tells the parent where we are, then waits (inside the transaction) to be killed."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    time.sleep(120)
    os._exit(3)


if __name__ == "__main__":
    main()
