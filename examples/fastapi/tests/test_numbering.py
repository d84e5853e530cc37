"""Gapless numbering under real concurrency, on SQLite and PostgreSQL: sixty concurrent issues,
two requests racing for one draft, the UNIQUE backstop, and a worker process killed (SIGKILL)
inside the issuing transaction. Every wait is bounded; where a test needs requests to be waiting
for a lock it asks PostgreSQL (pg_stat_activity) rather than sleeping."""

from __future__ import annotations

import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, text, update
from sqlalchemy import select as sql_select
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from app import draft_table, invoice_table, numbering_series
from conftest import load

CHILD = Path(__file__).resolve().parent / "issuing_child.py"
DAY = "2026-11-22"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def new_series(client: TestClient, series: str = "invoices", pattern: str = "F-{YYYY}-{SEQ:5}") -> None:
    ok(client.post("/series", json={"series": series, "pattern": pattern}), 201)


def new_draft(client: TestClient) -> int:
    return int(ok(client.post("/drafts", json=load("invoice-draft.json")), 201)["id"])


def issue(client: TestClient, draft_id: int, series: str = "invoices") -> str:
    return str(ok(client.post(f"/drafts/{draft_id}/issue", json={"series": series, "issue_date": DAY}), 201)["number"])


def stored(client: TestClient) -> tuple[list[str], int]:
    """The numbers stored in series "invoices" and its counter, read straight from the database."""
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        numbers = [r.number for r in conn.execute(sql_select(invoice_table.c.number).where(invoice_table.c.series == "invoices"))]
        counter = conn.execute(sql_select(numbering_series.c.last_sequence).where(numbering_series.c.series == "invoices")).scalar_one()
    return sorted(numbers), int(counter)


def lock_is_held(url: str) -> bool:
    """Whether another transaction holds the numbering lock of series "invoices", probed without
    waiting: the row lock on PostgreSQL (``FOR UPDATE NOWAIT``), the write lock on SQLite."""
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as e:
            assert "locked" in str(e), e
            return True
        finally:
            db.close()
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            query = sql_select(numbering_series.c.series).where(numbering_series.c.series == "invoices").with_for_update(nowait=True)
            try:
                conn.execute(query)
                return False
            except OperationalError as e:
                assert type(e.orig).__name__ == "LockNotAvailable", e
                return True
    finally:
        engine.dispose()


@contextmanager
def numbering_lock_held(url: str) -> Iterator[None]:
    """Holds the numbering lock of series "invoices" as an issuing transaction does, until the
    block ends (then rolls back)."""
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            yield
            db.execute("ROLLBACK")
        finally:
            db.close()
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn, conn.begin() as tx:
            conn.execute(sql_select(numbering_series.c.series).where(numbering_series.c.series == "invoices").with_for_update())
            yield
            tx.rollback()
    finally:
        engine.dispose()


def wait_until_blocked(url: str, futures: list[Future[Any]], count: int) -> None:
    """Returns once ``count`` sessions wait for a lock (PostgreSQL says so in pg_stat_activity;
    SQLite's busy wait is not visible: 0.2 s there, the tests' results hold either way), and
    checks that none of ``futures`` has ended: the lock holds them."""
    if url.startswith("sqlite"):
        time.sleep(0.2)
    else:
        engine = create_engine(url, poolclass=NullPool)
        query = text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
        try:
            deadline = time.monotonic() + 30
            with engine.connect() as conn:
                while conn.execute(query).scalar_one() < count:
                    assert time.monotonic() < deadline, f"{count} sessions never waited for a lock"
                    assert not any(f.done() for f in futures), [f.result() for f in futures if f.done()]
                    time.sleep(0.01)
                    conn.rollback()  # a new snapshot of pg_stat_activity
        finally:
            engine.dispose()
    assert not any(f.done() for f in futures), [f.result() for f in futures if f.done()]


def test_sixty_concurrent_issues_in_two_series(client: TestClient) -> None:
    """60 issues at once, interleaved over two series: each series is 1..n, no duplicate, no gap."""
    new_series(client)
    new_series(client, "shop", "S-{YYYY}-{SEQ:4}")
    jobs = [(new_draft(client), "invoices" if i % 3 else "shop") for i in range(60)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        numbers = list(pool.map(lambda job: issue(client, *job), jobs))
    assert sorted(n for n in numbers if n.startswith("F-")) == [f"F-2026-{n:05}" for n in range(1, 41)]
    assert sorted(n for n in numbers if n.startswith("S-")) == [f"S-2026-{n:04}" for n in range(1, 21)]
    for series, count in (("invoices", 40), ("shop", 20)):
        report = ok(client.get(f"/series/{series}/report"))
        assert report == {"checked": count, "duplicates": [], "gaps": [], "unparsable": []}
    assert stored(client) == ([f"F-2026-{n:05}" for n in range(1, 41)], 40)


def test_one_draft_issued_twice_at_once_is_issued_once(client: TestClient, database_url: str) -> None:
    """Two requests issue the same draft while the numbering lock is held, so that both are in
    flight at once: one invoice, one 404, one number used. (Without the draft's own lock,
    PostgreSQL issued it twice: both requests read the draft, then took the numbering lock in turn.)"""
    new_series(client)
    draft = new_draft(client)

    def attempt() -> int:
        return int(client.post(f"/drafts/{draft}/issue", json={"series": "invoices", "issue_date": DAY}).status_code)

    with ThreadPoolExecutor(max_workers=2) as pool:
        with numbering_lock_held(database_url):
            attempts = [pool.submit(attempt) for _ in range(2)]
            wait_until_blocked(database_url, attempts, 2)
        statuses = sorted(f.result(timeout=60) for f in attempts)
    assert statuses == [201, 404]
    assert stored(client) == (["F-2026-00001"], 1)


def test_unique_constraint_is_the_last_line_of_defence(client: TestClient) -> None:
    """A counter set back by hand would allocate a number stored already: the UNIQUE constraint
    refuses the insert, the whole transaction rolls back (counter and draft untouched), 409."""
    new_series(client)
    assert issue(client, new_draft(client)) == "F-2026-00001"
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(update(numbering_series).where(numbering_series.c.series == "invoices").values(last_sequence=0))
    draft = new_draft(client)
    err = ok(client.post(f"/drafts/{draft}/issue", json={"series": "invoices", "issue_date": DAY}), 409)
    assert err["code"] == "duplicate_number" and "F-2026-00001" in err["message"]
    assert stored(client) == (["F-2026-00001"], 0)
    with engine.connect() as conn:
        assert conn.execute(sql_select(func.count()).select_from(draft_table).where(draft_table.c.id == draft)).scalar_one() == 1


def read_line(child: subprocess.Popen[str], timeout: float) -> str:
    """The child's first line on stdout, waiting at most ``timeout`` seconds."""
    assert child.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([child.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if ready:
            return child.stdout.readline().strip()
    return ""


def test_worker_killed_mid_transaction_loses_no_number(client: TestClient, database_url: str, tmp_path: Path) -> None:
    """A worker process holds the numbering lock, has allocated F-2026-00003, updated the counter
    and inserted the invoice, and is SIGKILLed before COMMIT while four other issues wait for the
    lock. Its transaction never happened: the waiters and then its own draft, issued again, get
    3..7 — no number lost, none duplicated."""
    new_series(client)
    assert [issue(client, new_draft(client)) for _ in range(2)] == ["F-2026-00001", "F-2026-00002"]
    victim, waiters = new_draft(client), [new_draft(client) for _ in range(4)]
    with open(tmp_path / "child.err", "w+", encoding="utf-8") as err:
        child = subprocess.Popen(
            [sys.executable, str(CHILD), database_url, str(victim), "invoices", DAY], stdout=subprocess.PIPE, stderr=err, text=True
        )
        try:
            line = read_line(child, timeout=60)
            err.seek(0)
            assert line == "F-2026-00003", f"child said {line!r}; stderr:\n{err.read()}"
            assert lock_is_held(database_url)
            with ThreadPoolExecutor(max_workers=4) as pool:
                waiting = [pool.submit(issue, client, d) for d in waiters]
                wait_until_blocked(database_url, waiting, len(waiters))
                child.send_signal(signal.SIGKILL)
                assert child.wait(timeout=30) == -signal.SIGKILL
                numbers = [f.result(timeout=60) for f in waiting]
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=30)
    numbers.append(issue(client, victim))  # the killed worker's draft is still a draft
    expected = [f"F-2026-{n:05}" for n in range(1, 8)]
    assert sorted(numbers) == expected[2:]
    assert stored(client) == (expected, 7)
    assert ok(client.get("/series/invoices/report")) == {"checked": 7, "duplicates": [], "gaps": [], "unparsable": []}
