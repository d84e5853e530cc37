"""A small billing service on facturier: quotes, deposit and final invoices, credit notes, and
their PDFs (``GET /quotes/{number}.pdf``, ``GET /invoices/{number}.pdf``) and Factur-X XML
(``GET /invoices/{number}.xml``); received e-invoices read and validated (``POST /einvoices``); payments and the
receivables (``POST /payments``, ``GET /receivables?as_of=``), reminders (``POST /reminders``
records one as sent, ``GET /reminders/{invoice}/{level}.pdf`` renders the letter) and account
statements (``GET /customers/{id}/statement.pdf``); contracts (``POST /contracts``, amendments,
termination, ``GET /contracts/renewals``, ``GET /contracts/invoices-due``) and the MRR dashboard
(``GET /mrr``, its PDF ``GET /mrr/report.pdf``); the journal (``GET /accounting/journal``), the validation of its entries
(``POST /accounting/validate``: gapless EcritureNum, the numbering state stored in the same
transaction) and the FEC of a fiscal year (``GET /accounting/fec?year=2026``, streamed from a file
written by facturier, never held in memory).

The database (SQLite by default, PostgreSQL through ``FACTURIER_DATABASE_URL``, e.g.
``postgresql+psycopg://user:password@host/db``) keeps the documents as JSON text, exactly as
facturier writes them (decimals as strings); facturier does everything else. The one thing the
host must get right is the numbering: the next number is allocated in the same transaction as
the invoice insert, with the draft and the numbering row locked (``SELECT … FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and the row updated with an optimistic
``WHERE last_sequence = :old`` check (see the ``numbering`` module of the core); a UNIQUE
(series, number) constraint refuses a duplicate should the counter ever be set back. Locking the
draft matters on PostgreSQL: two requests issuing the same draft at once would otherwise both
read it, then take the numbering lock in turn, and issue it twice under two numbers.

Receivables are never stored: they are a pure function of the facts (invoices and credit notes,
payments, reminders sent) and the date, recomputed by :func:`facturier.receivables` on each
request. Amounts are stored as exact decimal text, never as floats. A payment or a reminder is
checked against every fact before it is stored, in the same write transaction, and these
transactions run one at a time, so that two concurrent payments cannot over-allocate one invoice:
SQLite's ``BEGIN IMMEDIATE`` serialises every writer; on PostgreSQL (``READ COMMITTED``, where
each statement sees what was committed before it) they first take a transaction-scoped advisory
lock (:func:`lock_facts`). Customers are keyed as the core keys them when an invoice names none:
the buyer's SIREN, else its name.

Run it with ``uvicorn app:app`` from this directory (``pip install fastapi uvicorn sqlalchemy``,
``psycopg[binary]`` for PostgreSQL, ``python-multipart`` for uploads, and the facturier package).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any, Literal
from uuid import uuid4

from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    PrimaryKeyConstraint,
    create_engine,
    event,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

import facturier

# --- storage ----------------------------------------------------------------------------------

metadata = MetaData()

numbering_series = Table(
    "numbering_series",
    metadata,
    Column("series", String(64), primary_key=True),
    Column("pattern", String(64), nullable=False),
    Column("yearly_reset", Integer, nullable=False, default=1),
    Column("year", Integer),
    Column("month", Integer),
    Column("last_sequence", Integer, nullable=False, default=0),
    Column("last_issue_date", String(10)),
)

quote_table = Table(
    "quote",
    metadata,
    Column("number", String(64), primary_key=True),
    Column("document", Text, nullable=False),
)

draft_table = Table(
    "draft",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quote_number", String(64), ForeignKey("quote.number")),
    Column("document", Text, nullable=False),
)

invoice_table = Table(
    "invoice",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("series", String(64), ForeignKey("numbering_series.series"), nullable=False),
    Column("number", String(35), nullable=False),
    Column("issue_date", String(10), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("quote_number", String(64)),
    Column("document", Text, nullable=False),
    UniqueConstraint("series", "number"),  # last line of defence against duplicates
)


payment_table = Table(
    "payment",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("customer_id", String(128), nullable=False),
    Column("date", String(10), nullable=False),
    Column("amount", String(40), nullable=False),  # exact decimal text, e.g. "1250.00"
    Column("currency", String(3), nullable=False, default="EUR"),
    Column("mode", String(16), nullable=False),
    Column("reference", Text),
)

allocation_table = Table(
    "payment_allocation",
    metadata,
    Column("payment_id", String(64), ForeignKey("payment.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("invoice", String(35), nullable=False),
    Column("amount", String(40), nullable=False),  # exact decimal text
    PrimaryKeyConstraint("payment_id", "position"),
)

reminder_table = Table(
    "reminder_sent",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("invoice", String(35), nullable=False),
    Column("level", String(64), nullable=False),
    Column("date", String(10), nullable=False),
    UniqueConstraint("invoice", "level"),  # a level is sent once
)


def _encode(value: Any) -> Any:
    """JSON for facturier's values: Decimal as exact text, date as YYYY-MM-DD."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(document: Any) -> str:
    """A facturier document as JSON text (decimals as strings, never floats)."""
    return json.dumps(document, default=_encode, ensure_ascii=False)


def exact(value: Any) -> str:
    """The exact text of a decimal facturier has accepted (``Decimal``, ``str`` or ``int``)."""
    return format(Decimal(str(value)), "f")


def iso(value: Any) -> str:
    """A date facturier has accepted (``date`` or ``YYYY-MM-DD``) as ``YYYY-MM-DD``."""
    return value.isoformat() if isinstance(value, date) else str(value)


def rebased(e: facturier.FacturierError, prefix: str) -> facturier.FacturierError:
    """``e`` with the paths under ``prefix`` (``payments[3]``) made relative to the request body."""

    def fix(path: str) -> str:
        if path == prefix:
            return ""
        if path.startswith(prefix + "."):
            return path[len(prefix) + 1 :]
        if path.startswith(prefix + "["):
            return path[len(prefix) :]
        return path

    errors = [facturier.ErrorDetail(**{**d, "path": fix(d["path"])}) for d in e.errors()]
    message = str(e).replace(prefix + ".", "")
    return type(e)(message, code=e.code, path=None if e.path is None else fix(e.path), errors=errors)


def make_engine(url: str) -> Engine:
    """An engine whose transactions lock what numbering needs (BEGIN IMMEDIATE on SQLite)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False}, pool_size=20, max_overflow=40)

        @event.listens_for(engine, "connect")
        def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves

        @event.listens_for(engine, "begin")
        def _begin_immediate(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock up front

        return engine
    return create_engine(url, pool_size=20, max_overflow=40)


FACTS_LOCK = 0x66616374757269  # "facturi": the key of the advisory lock of lock_facts


def lock_facts(conn: Connection) -> None:
    """Waits until no other transaction that checks a fact against all the others (a payment, a
    reminder) is running, and keeps them out until this one ends: the check then reads every
    fact committed before it and nothing can be committed between the check and the insert.
    PostgreSQL: ``pg_advisory_xact_lock``, released at COMMIT or ROLLBACK (or when the session
    dies); readers are not blocked. SQLite: ``BEGIN IMMEDIATE`` has done it already."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FACTS_LOCK})


contract_table = Table(
    "contract",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("document", Text, nullable=False),  # the Contract as facturier writes it, its full history
)

invoiced_period_table = Table(
    "contract_invoiced_period",
    metadata,
    Column("contract_id", String(64), ForeignKey("contract.id"), nullable=False),
    Column("line_id", String(64), nullable=False),
    Column("from_date", String(10), nullable=False),
    Column("to_date", String(10), nullable=False),
    PrimaryKeyConstraint("contract_id", "line_id", "from_date"),  # a period is billed once
)

setting_table = Table(
    "setting",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)

entry_number_table = Table(
    "journal_entry_number",
    metadata,
    Column("entry_id", String(128), primary_key=True),  # JournalEntry id, e.g. invoice:F-2026-00001
    Column("number", String(32), nullable=False, unique=True),  # EcritureNum, never reused
    Column("valid_date", String(10), nullable=False),
)

# --- HTTP -------------------------------------------------------------------------------------


class FacturierJSONResponse(JSONResponse):
    """JSON response where Decimal is a string (``"1234.50"``), never a float, and date ISO."""

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("utf-8")


def respond(content: Any, status_code: int = 200) -> FacturierJSONResponse:
    """Returns facturier's dicts as they are: FastAPI's default encoder would turn Decimal into float."""
    return FacturierJSONResponse(content, status_code=status_code)


def pdf_response(pdf: bytes, number: str) -> Response:
    """A rendered PDF, shown inline by browsers and saved as ``<number>.pdf``."""
    filename = "".join(c if c.isalnum() or c in "-_." else "_" for c in number) + ".pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'})


class NotFound(Exception):
    """A document that does not exist."""


class Conflict(Exception):
    """A fact recorded already (a reminder level sent twice, a number stored already)."""

    def __init__(self, message: str, code: str = "conflict") -> None:
        super().__init__(message)
        self.code = code


class _Retry(Exception):
    """The numbering row changed under us: roll back and start the transaction again."""


STATUS = {
    facturier.ValidationError: 422,
    facturier.InputTypeError: 422,
    facturier.AmountRangeError: 422,
    facturier.QuoteStateError: 409,
    facturier.NumberingError: 409,
    facturier.ContractError: 409,
    facturier.AccountingError: 409,
    facturier.EinvoiceError: 422,  # an unreadable e-invoice sent to POST /einvoices
    # facturier.RenderError (the templates are the service's own): 500, the default below, but
    # for the render errors the stored data causes (RENDER_STATUS)
}

# Render errors caused by the document, not by the service: a character the embedded fonts
# cannot draw (a customer named in Chinese, an emoji in a note), a document past the limits.
RENDER_STATUS = {"pdf.font": 422, "pdf.limit": 422}


def create_app(database_url: str | None = None) -> FastAPI:
    """The application, on ``database_url`` (default: ``$FACTURIER_DATABASE_URL`` or ./facturier.db)."""
    url = database_url or os.environ.get("FACTURIER_DATABASE_URL", "sqlite:///./facturier.db")
    engine = make_engine(url)
    metadata.create_all(engine)
    app = FastAPI(title="facturier example")
    app.state.engine = engine

    @contextmanager
    def tx() -> Iterator[Connection]:
        with engine.begin() as conn:
            yield conn

    @app.exception_handler(facturier.FacturierError)
    def _facturier_error(_request: Request, e: Exception) -> FacturierJSONResponse:
        assert isinstance(e, facturier.FacturierError)
        status = next((s for cls, s in STATUS.items() if isinstance(e, cls)), RENDER_STATUS.get(e.code, 500))
        body = {"code": e.code, "path": e.path, "message": str(e), "source": e.source, "errors": e.errors()}
        return respond(body, status)

    @app.exception_handler(NotFound)
    def _not_found(_request: Request, e: Exception) -> FacturierJSONResponse:
        return respond({"code": "not_found", "path": None, "message": str(e), "errors": []}, 404)

    @app.exception_handler(Conflict)
    def _conflict(_request: Request, e: Exception) -> FacturierJSONResponse:
        assert isinstance(e, Conflict)
        return respond({"code": e.code, "path": None, "message": str(e), "errors": []}, 409)

    def load_quote(conn: Connection, number: str) -> Any:
        row = conn.execute(select(quote_table.c.document).where(quote_table.c.number == number)).first()
        if row is None:
            raise NotFound(f"no quote {number}")
        return json.loads(row.document)

    def save_quote(conn: Connection, quote: Any) -> None:
        conn.execute(update(quote_table).where(quote_table.c.number == quote["number"]).values(document=dumps(quote)))

    def issued_of_quote(conn: Connection, number: str, kind: str) -> list[Any]:
        rows = conn.execute(
            select(invoice_table.c.document)
            .where(invoice_table.c.quote_number == number, invoice_table.c.kind == kind)
            .order_by(invoice_table.c.id)
        )
        return [json.loads(r.document) for r in rows]

    def new_draft(conn: Connection, draft: Any, quote_number: str | None) -> Any:
        result = conn.execute(draft_table.insert().values(document=dumps(draft), quote_number=quote_number))
        pk = result.inserted_primary_key
        return {"id": pk[0] if pk else None, "draft": draft}

    # numbering series

    @app.post("/series", status_code=201)
    def create_series(body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        state = facturier.new_numbering_state(body["series"], body["pattern"], bool(body.get("yearly_reset", True)))
        with tx() as conn:
            # two series of one seller never render the same number (242 nonies A, I-7°)
            rows = conn.execute(select(numbering_series.c.series, numbering_series.c.pattern, numbering_series.c.yearly_reset))
            others = [facturier.new_numbering_state(r.series, r.pattern, bool(r.yearly_reset)) for r in rows]
            clash = facturier.check_numbering_series([*others, state])
            if clash:
                raise Conflict(clash[0]["message"], code=clash[0]["code"])
            conn.execute(
                numbering_series.insert().values(
                    series=state["series"], pattern=state["pattern"], yearly_reset=int(state["yearly_reset"]), last_sequence=0
                )
            )
        return respond(state, 201)

    def read_state(conn: Connection, series: str, lock: bool) -> dict[str, Any]:
        query = select(numbering_series).where(numbering_series.c.series == series)
        if lock:
            query = query.with_for_update()  # PostgreSQL: row lock; SQLite: BEGIN IMMEDIATE already holds the lock
        row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no numbering series {series}")
        state: dict[str, Any] = {
            "series": row["series"],
            "pattern": row["pattern"],
            "yearly_reset": bool(row["yearly_reset"]),
            "last_sequence": row["last_sequence"],
        }
        for key in ("year", "month", "last_issue_date"):
            if row[key] is not None:
                state[key] = row[key]
        return state

    @app.get("/series/{series}/report")
    def series_report(series: str) -> FacturierJSONResponse:
        with tx() as conn:
            state = read_state(conn, series, lock=False)
            numbers = [r.number for r in conn.execute(select(invoice_table.c.number).where(invoice_table.c.series == series))]
        return respond(facturier.numbering_report(state, numbers))

    # quotes

    @app.post("/quotes", status_code=201)
    def create_quote(body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        quote = facturier.new_quote(body["number"], body["content"])
        with tx() as conn:
            conn.execute(quote_table.insert().values(number=quote["number"], document=dumps(quote)))
        return respond(quote, 201)

    # PDFs. Declared before "/quotes/{number}" and "/invoices/{number}", which would otherwise
    # take "D-2026-001.pdf" for a number. Plain `def` endpoints run in FastAPI's threadpool and
    # facturier releases the GIL while rendering (≈ 10-15 ms a page), so renders run in
    # parallel without blocking the event loop. The document is read in a short transaction
    # and rendered after it: no database lock is held while rendering.

    @app.get("/quotes/{number}.pdf")
    def quote_pdf(number: str, pdf_a: bool = False) -> Response:
        with tx() as conn:
            quote = load_quote(conn, number)
        return pdf_response(facturier.render_pdf(quote, pdf_a=pdf_a), number)

    @app.get("/quotes/{number}")
    def get_quote(number: str) -> FacturierJSONResponse:
        with tx() as conn:
            quote = load_quote(conn, number)
        return respond({**quote, "totals": facturier.quote_totals(quote)})

    @app.put("/quotes/{number}")
    def revise(number: str, content: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        with tx() as conn:
            quote = facturier.revise_quote(load_quote(conn, number), content)
            save_quote(conn, quote)
        return respond(quote)

    def move(number: str, body: dict[str, Any], how: Any) -> FacturierJSONResponse:
        with tx() as conn:
            quote = how(load_quote(conn, number), body.get("date") or date.today())
            save_quote(conn, quote)
        return respond(quote)

    @app.post("/quotes/{number}/send")
    def send(number: str, body: dict[str, Any] = Body(default={})) -> FacturierJSONResponse:
        return move(number, body, facturier.send_quote)

    @app.post("/quotes/{number}/accept")
    def accept(number: str, body: dict[str, Any] = Body(default={})) -> FacturierJSONResponse:
        return move(number, body, facturier.accept_quote)

    @app.post("/quotes/{number}/refuse")
    def refuse(number: str, body: dict[str, Any] = Body(default={})) -> FacturierJSONResponse:
        return move(number, body, facturier.refuse_quote)

    @app.post("/quotes/{number}/deposit", status_code=201)
    def deposit(number: str, spec: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        with tx() as conn:
            quote = load_quote(conn, number)
            draft = facturier.quote_to_deposit(quote, spec, issued_of_quote(conn, number, "deposit"))
            return respond(new_draft(conn, draft, number), 201)

    @app.post("/quotes/{number}/final", status_code=201)
    def final(number: str) -> FacturierJSONResponse:
        with tx() as conn:
            quote = load_quote(conn, number)
            deposits = issued_of_quote(conn, number, "deposit")
            draft = facturier.quote_to_final(quote, deposits) if deposits else facturier.quote_to_invoice(quote)
            return respond(new_draft(conn, draft, number), 201)

    # drafts and invoices

    @app.post("/drafts", status_code=201)
    def create_draft(draft: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        # facturier checks the shape now (a float or an unknown field is refused here, not at issue)
        facturier.compute_totals(draft, date.today())
        with tx() as conn:
            return respond(new_draft(conn, draft, None), 201)

    @app.post("/drafts/{draft_id}/issue", status_code=201)
    def issue(draft_id: int, body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        series = body["series"]
        issue_date = body.get("issue_date") or date.today()
        for _attempt in range(20):
            try:
                invoice = _issue_once(draft_id, series, issue_date)
            except _Retry:
                continue
            return respond(invoice, 201)
        return respond({"code": "busy", "path": None, "message": "numbering contention, retry", "errors": []}, 503)

    def _issue_once(draft_id: int, series: str, issue_date: Any) -> Any:
        """One attempt: lock, allocate, update with the optimistic check, insert, all or nothing."""
        with tx() as conn:
            # FOR UPDATE: a concurrent issue of the same draft waits here, then finds it gone (404)
            query = select(draft_table).where(draft_table.c.id == draft_id).with_for_update()
            row = conn.execute(query).mappings().first()
            if row is None:
                raise NotFound(f"no draft {draft_id} (already issued?)")
            state = read_state(conn, series, lock=True)
            invoice, after = facturier.issue_invoice(json.loads(row["document"]), state, issue_date)
            changed = conn.execute(
                update(numbering_series)
                .where(
                    numbering_series.c.series == series,
                    numbering_series.c.last_sequence == state["last_sequence"],
                    numbering_series.c.year.is_not_distinct_from(state.get("year")),
                    numbering_series.c.month.is_not_distinct_from(state.get("month")),
                )
                .values(
                    year=after.get("year"),
                    month=after.get("month"),
                    last_sequence=after["last_sequence"],
                    last_issue_date=after["last_issue_date"].isoformat(),
                )
            ).rowcount
            if changed != 1:
                raise _Retry  # someone else allocated in between: roll back, retry from BEGIN
            try:
                conn.execute(
                    invoice_table.insert().values(
                        series=series,
                        number=invoice["number"],
                        issue_date=invoice["issue_date"].isoformat(),
                        kind=invoice["content"].get("kind", "standard"),
                        quote_number=row["quote_number"],
                        document=dumps(invoice),
                    )
                )
            except IntegrityError:  # the UNIQUE backstop: the counter is behind the stored numbers
                raise Conflict(
                    f"number {invoice['number']} is stored already in series {series}: its counter is behind "
                    "the invoices (set back by hand, or restored apart from them); nothing was issued",
                    code="duplicate_number",
                ) from None
            if conn.execute(draft_table.delete().where(draft_table.c.id == draft_id)).rowcount != 1:
                raise _Retry  # cannot happen with the draft locked above; never issue a draft twice
        return invoice

    def load_invoice(conn: Connection, number: str) -> Any:
        row = conn.execute(select(invoice_table.c.document).where(invoice_table.c.number == number)).first()
        if row is None:
            raise NotFound(f"no invoice {number}")
        return json.loads(row.document)

    @app.get("/invoices/{number}.pdf")
    def invoice_pdf(
        number: str,
        pdf_a: bool = False,
        facturx: bool = False,
        profile: Literal["en16931", "basic-wl", "basic", "minimum", "extended"] = "en16931",
    ) -> Response:
        """The PDF of an issued invoice; with ``facturx=true`` the Factur-X PDF (PDF/A-3b carrying
        ``factur-x.xml`` of ``profile``), the electronic invoice a French business receiver reads."""
        with tx() as conn:
            invoice = load_invoice(conn, number)
        if facturx:
            return pdf_response(facturier.render_facturx_pdf(invoice, profile=profile), number)
        return pdf_response(facturier.render_pdf(invoice, pdf_a=pdf_a), number)

    @app.get("/invoices/{number}.xml")
    def invoice_xml(number: str, profile: Literal["en16931", "basic-wl", "basic", "minimum", "extended"] = "en16931") -> Response:
        """The Factur-X CII XML of an issued invoice (``profile``: en16931, basic-wl, basic, minimum, extended)."""
        with tx() as conn:
            invoice = load_invoice(conn, number)
        xml = facturier.facturx_xml(invoice, profile=profile)
        filename = number.replace('"', "") + ".xml"
        return Response(xml, media_type="application/xml", headers={"Content-Disposition": f'inline; filename="{filename}"'})

    @app.get("/invoices/{number}")
    def get_invoice(number: str) -> FacturierJSONResponse:
        with tx() as conn:
            return respond(load_invoice(conn, number))

    @app.post("/einvoices")
    async def receive_einvoice(request: Request) -> FacturierJSONResponse:
        """A received e-invoice (CII or UBL XML; a Factur-X PDF once the binding reads them), as the
        raw body or as the ``file`` of a multipart upload: ``{invoice, findings}``, 422 with its
        ``einvoice.*`` code when it cannot be read."""
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await request.form()
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                message = "send the invoice as the form field `file`"
                return respond({"code": "upload", "path": "file", "message": message, "errors": []}, 422)
            data = await upload.read()
        else:
            data = await request.body()
        invoice = facturier.read_invoice(data)
        findings = facturier.validate_invoice(data)
        return respond({"invoice": invoice, "findings": findings})

    @app.get("/invoices")
    def list_invoices(series: str | None = None) -> FacturierJSONResponse:
        query = select(invoice_table.c.number, invoice_table.c.issue_date, invoice_table.c.kind).order_by(invoice_table.c.id)
        if series is not None:
            query = query.where(invoice_table.c.series == series)
        with tx() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        return respond(rows)

    @app.post("/invoices/{number}/credit-notes", status_code=201)
    def credit(number: str, body: dict[str, Any] = Body(default={})) -> FacturierJSONResponse:
        with tx() as conn:
            original = load_invoice(conn, number)
            draft = facturier.credit_note(original, body.get("selection", "full"))
            return respond(new_draft(conn, draft, None), 201)

    # receivables: payments, reminders, statements. The report is recomputed from the facts on
    # every request (pure and fast: ≈ 1 ms for hundreds of invoices).

    def facts(conn: Connection) -> dict[str, Any]:
        """The receivables input of everything stored: invoices and credit notes (customer keyed
        by the core), drafts, payments with their allocations, reminders sent."""
        rows = conn.execute(select(invoice_table.c.document).order_by(invoice_table.c.id))
        invoices = [{"invoice": json.loads(r.document)} for r in rows]
        drafts = [{"id": str(r.id), "draft": json.loads(r.document)} for r in conn.execute(select(draft_table).order_by(draft_table.c.id))]
        allocations: dict[str, list[dict[str, str]]] = {}
        for a in conn.execute(select(allocation_table).order_by(allocation_table.c.payment_id, allocation_table.c.position)):
            allocations.setdefault(a.payment_id, []).append({"invoice": a.invoice, "amount": a.amount})
        payments = []
        for p in conn.execute(select(payment_table).order_by(payment_table.c.date, payment_table.c.id)).mappings():
            payment = {k: p[k] for k in ("id", "customer_id", "date", "amount", "currency", "mode")}
            if p["reference"] is not None:
                payment["reference"] = p["reference"]
            payment["allocations"] = allocations.get(p["id"], [])
            payments.append(payment)
        reminders = [
            {"invoice": r.invoice, "level": r.level, "date": r.date}
            for r in conn.execute(select(reminder_table).order_by(reminder_table.c.date, reminder_table.c.id))
        ]
        return {"invoices": invoices, "drafts": drafts, "payments": payments, "reminders": reminders}

    def latest(input: dict[str, Any], *more: Any) -> date:
        """A date on or after every fact (and today): the report as of it reads them all."""
        dates = [iso(i["invoice"]["issue_date"]) for i in input["invoices"]]
        dates += [iso(x["date"]) for key in ("payments", "reminders") for x in input[key]]
        dates += [iso(d) for d in more if isinstance(d, (str, date))]
        known = [date.today()]
        for d in dates:
            try:
                known.append(date.fromisoformat(d))
            except ValueError:
                pass  # a malformed date: facturier reports it with its path
        return max(known)

    @app.post("/payments", status_code=201)
    def record_payment(body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        """Records a payment (``{customer_id, date, amount, mode, reference?, id?, allocations?}``;
        without allocations it settles the customer's invoices oldest-first). Returns where every
        cent went. Refused (422, paths relative to the body) if it breaks any rule, e.g. an
        allocation above what an invoice still owes."""
        payment = {"id": f"PAY-{uuid4().hex[:12].upper()}", "currency": "EUR", "allocations": [], **body}
        with tx() as conn:
            lock_facts(conn)
            input = facts(conn)
            # the new payment goes last: errors about it (a duplicate id too) are at payments[n]
            input["payments"].append(payment)
            try:
                report = facturier.receivables(input, latest(input, payment.get("date")))
            except facturier.FacturierError as e:
                raise rebased(e, f"payments[{len(input['payments']) - 1}]") from e
            conn.execute(
                payment_table.insert().values(
                    id=payment["id"],
                    customer_id=payment["customer_id"],
                    date=iso(payment["date"]),
                    amount=exact(payment["amount"]),
                    currency=payment["currency"],
                    mode=payment["mode"],
                    reference=payment.get("reference"),
                )
            )
            for i, a in enumerate(payment["allocations"]):
                row = {"payment_id": payment["id"], "position": i, "invoice": a["invoice"], "amount": exact(a["amount"])}
                conn.execute(allocation_table.insert().values(**row))
        account = next(p for p in report["payments"] if p["id"] == payment["id"])
        return respond(account, 201)

    @app.get("/receivables")
    def get_receivables(as_of: date | None = None) -> FacturierJSONResponse:
        """The receivables report as of ``as_of`` (default today): statuses, customer accounts,
        aging, late interest, reminders due and the cash forecast; decimals as strings."""
        with tx() as conn:
            input = facts(conn)
        return respond(facturier.receivables(input, as_of or date.today()))

    @app.post("/reminders", status_code=201)
    def record_reminder(body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        """Records a reminder as sent (``{invoice, level, date?}``): it is no longer proposed."""
        sent = {"invoice": body.get("invoice"), "level": body.get("level"), "date": body.get("date") or date.today()}
        with tx() as conn:
            lock_facts(conn)
            input = facts(conn)
            if any(r["invoice"] == sent["invoice"] and r["level"] == sent["level"] for r in input["reminders"]):
                raise Conflict(f"reminder {sent['level']} of {sent['invoice']} already recorded")
            input["reminders"].append(sent)
            try:
                facturier.receivables(input, latest(input))
            except facturier.FacturierError as e:
                raise rebased(e, f"reminders[{len(input['reminders']) - 1}]") from e
            try:
                conn.execute(reminder_table.insert().values(invoice=sent["invoice"], level=sent["level"], date=iso(sent["date"])))
            except IntegrityError:  # recorded concurrently: lock_facts makes it unreachable; kept as a backstop
                raise Conflict(f"reminder {sent['level']} of {sent['invoice']} already recorded") from None
        return respond({**sent, "date": date.fromisoformat(iso(sent["date"]))}, 201)

    @app.get("/reminders/{invoice}/{level}.pdf")
    def reminder_pdf(invoice: str, level: str, letter_date: date | None = Query(None, alias="date"), pdf_a: bool = False) -> Response:
        """The letter of reminder ``level`` for ``invoice`` dated ``date`` (default today), with
        the amounts, interest and indemnity due on that date. Also for a reminder already
        recorded as sent (to print it again): the letter is the one proposed had it not been."""
        letter_date = letter_date or date.today()
        with tx() as conn:
            input = facts(conn)
            document = load_invoice(conn, invoice)
        input["reminders"] = [r for r in input["reminders"] if not (r["invoice"] == invoice and r["level"] == level)]
        report = facturier.receivables(input, letter_date)
        reminder = next((r for r in report["reminders"] if r["invoice"] == invoice and r["level"] == level), None)
        if reminder is None:
            raise NotFound(f"no reminder {level} due for {invoice} on {letter_date.isoformat()}")
        pdf = facturier.render_reminder_pdf(reminder, document, letter_date, pdf_a=pdf_a)
        return pdf_response(pdf, f"{invoice}-{level}")

    @app.get("/customers/{customer_id}/statement.pdf")
    def statement_pdf(customer_id: str, as_of: date | None = None, pdf_a: bool = False) -> Response:
        """The account statement (relevé de compte) of a customer as of ``as_of`` (default today),
        with its overdue invoices; the parties are those of the customer's latest invoice."""
        as_of = as_of or date.today()
        with tx() as conn:
            input = facts(conn)
        report = facturier.receivables(input, as_of)
        account = next((c for c in report["customers"] if c["customer_id"] == customer_id), None)
        numbers = {i["number"] for i in report["invoices"] if i["customer_id"] == customer_id}
        numbers |= {c["number"] for c in report["credit_notes"] if c["customer_id"] == customer_id}
        documents = [i["invoice"] for i in input["invoices"] if i["invoice"]["number"] in numbers]
        if account is None or not documents:
            raise NotFound(f"no customer {customer_id} with an invoice by {as_of.isoformat()}")
        last = max(documents, key=lambda d: (d["issue_date"], d["number"]))["content"]
        invoices = report["invoices"]  # the customer's overdue ones are listed
        pdf = facturier.render_statement_pdf(account, last["seller"], last["buyer"], as_of, invoices=invoices, pdf_a=pdf_a)
        return pdf_response(pdf, f"releve-{customer_id}-{as_of.isoformat()}")

    # contracts and MRR: a contract is stored whole (its amendments, renewals, termination are its
    # history); everything else — state on a date, renewals due, invoices due, MRR — is computed

    def load_contracts(conn: Connection) -> list[Any]:
        return [json.loads(r.document) for r in conn.execute(select(contract_table.c.document).order_by(contract_table.c.id))]

    def load_contract(conn: Connection, contract_id: str) -> Any:
        row = conn.execute(select(contract_table.c.document).where(contract_table.c.id == contract_id)).first()
        if row is None:
            raise NotFound(f"no contract {contract_id}")
        return json.loads(row.document)

    def save_contract(conn: Connection, contract: Any) -> None:
        facturier.contract_as_of(contract, contract["start"])  # refuses it (422) with every violation
        conn.execute(update(contract_table).where(contract_table.c.id == contract["id"]).values(document=dumps(contract)))

    def setting(conn: Connection, key: str) -> Any:
        row = conn.execute(select(setting_table.c.value).where(setting_table.c.key == key)).first()
        return None if row is None else json.loads(row.value)

    @app.put("/seller")
    def put_seller(body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        """The seller printed on the contracts' recurring invoices (a ``Seller``)."""
        with tx() as conn:
            conn.execute(setting_table.delete().where(setting_table.c.key == "seller"))
            conn.execute(setting_table.insert().values(key="seller", value=dumps(body)))
        return respond(body)

    @app.post("/contracts", status_code=201)
    def create_contract(body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        """Stores a contract; refused (422) with every violation (paths relative to the body)."""
        violations = facturier.check_contract(body)
        if violations:
            raise facturier.ValidationError(f"{len(violations)} violation(s)", code="invalid", errors=[facturier.ErrorDetail(**v) for v in violations])
        with tx() as conn:
            if conn.execute(select(contract_table.c.id).where(contract_table.c.id == body["id"])).first() is not None:
                raise Conflict(f"contract {body['id']} exists already")
            conn.execute(contract_table.insert().values(id=body["id"], document=dumps(body)))
        return respond(body, 201)

    @app.get("/contracts/renewals")
    def renewals(as_of: date | None = None) -> FacturierJSONResponse:
        """The renewal schedule as of ``as_of`` (default today): alerts due, what renews or ends,
        the consumers' Chatel letters due or missed."""
        with tx() as conn:
            contracts = load_contracts(conn)
        return respond(facturier.renewal_schedule({"contracts": contracts}, as_of or date.today()))

    @app.get("/contracts/invoices-due")
    def invoices_due(as_of: date | None = None) -> FacturierJSONResponse:
        """The recurring invoice drafts due on or before ``as_of`` (default today) and not invoiced
        yet (``POST /contracts/invoiced`` records the periods issued); the seller is ``PUT /seller``'s."""
        with tx() as conn:
            contracts = load_contracts(conn)
            seller = setting(conn, "seller")
            invoiced = [
                {"contract_id": r.contract_id, "line_id": r.line_id, "from": r.from_date, "to": r.to_date}
                for r in conn.execute(select(invoiced_period_table))
            ]
        if seller is None:
            raise NotFound("no seller: PUT /seller first")
        return respond(facturier.contract_invoices_due({"contracts": contracts, "invoiced": invoiced}, as_of or date.today(), seller))

    @app.post("/contracts/invoiced", status_code=201)
    def record_invoiced(body: list[dict[str, Any]] = Body(...)) -> FacturierJSONResponse:
        """Records periods as invoiced (``[{contract_id, line_id, from, to}]``, the ``billed`` of an
        invoice due once issued): never billed twice."""
        with tx() as conn:
            try:
                for p in body:
                    row = {"contract_id": p["contract_id"], "line_id": p["line_id"], "from_date": iso(p["from"]), "to_date": iso(p["to"])}
                    conn.execute(invoiced_period_table.insert().values(**row))
            except IntegrityError:
                raise Conflict("a period is invoiced already") from None
        return respond(body, 201)

    @app.get("/contracts/{contract_id}")
    def get_contract(contract_id: str, as_of: date | None = None) -> FacturierJSONResponse:
        """The contract and its state as of ``as_of`` (default today): amendments applied, status, MRR."""
        with tx() as conn:
            contract = load_contract(conn, contract_id)
        return respond({"contract": contract, "state": facturier.contract_as_of(contract, as_of or date.today())})

    @app.post("/contracts/{contract_id}/amendments", status_code=201)
    def amend(contract_id: str, body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        """Adds an amendment (avenant: ``{number, effective, signed_on?, changes, note?}``); refused
        (422) when the contract with it breaks a rule (a line it changes that does not exist…)."""
        with tx() as conn:
            contract = load_contract(conn, contract_id)
            contract["amendments"] = [*contract.get("amendments", []), body]
            try:
                save_contract(conn, contract)
            except facturier.FacturierError as e:
                raise rebased(e, f"amendments[{len(contract['amendments']) - 1}]") from e
        return respond(contract, 201)

    @app.post("/contracts/{contract_id}/terminate")
    def terminate(contract_id: str, body: dict[str, Any] = Body(...)) -> FacturierJSONResponse:
        """Terminates the contract (``{notified_on, reason, by, effective?, reason_text?}``): on the
        earliest lawful date without ``effective``; refused (409) earlier than the law allows."""
        with tx() as conn:
            contract = facturier.terminate_contract(load_contract(conn, contract_id), body)
            save_contract(conn, contract)
        return respond(contract)

    @app.get("/mrr")
    def mrr_dashboard(
        at: date | None = None, from_month: str | None = Query(None, alias="from"), to_month: str | None = Query(None, alias="to")
    ) -> FacturierJSONResponse:
        """The MRR dashboard: the snapshot on ``at`` (default today: MRR, ARR, ARPA, CMRR) and the
        monthly report from ``from`` to ``to`` (``YYYY-MM``; default the 12 months up to ``at``)."""
        at = at or date.today()
        to_month = to_month or f"{at.year:04d}-{at.month:02d}"
        if from_month is None:
            y, m = divmod(int(to_month[:4]) * 12 + int(to_month[5:7]) - 1 - 11, 12)
            from_month = f"{y:04d}-{m + 1:02d}"
        with tx() as conn:
            input = {"contracts": load_contracts(conn)}
        return respond({"snapshot": facturier.mrr_snapshot(input, at), "report": facturier.mrr_report(input, from_month, to_month)})

    @app.get("/mrr/report.pdf")
    def mrr_report_pdf(from_month: str = Query(..., alias="from"), to_month: str = Query(..., alias="to")) -> Response:
        """The MRR report from ``from`` to ``to`` (``YYYY-MM``) as a PDF: the table per month, the
        movements, the rates, the charts and the contracts to renew (rendered off the GIL)."""
        with tx() as conn:
            input = {"contracts": load_contracts(conn)}
        return pdf_response(facturier.render_mrr_report_pdf(input, from_month, to_month), f"mrr-{from_month}-{to_month}")

    # accounting: the journal is computed from the facts; only the numbers given at validation
    # (and the numbering state) are stored, in one transaction

    def accounting_input(conn: Connection) -> dict[str, Any]:
        stored = facts(conn)
        validated = [
            {"id": r.entry_id, "number": r.number, "valid_date": r.valid_date}
            for r in conn.execute(select(entry_number_table).order_by(entry_number_table.c.number))
        ]
        return {"invoices": stored["invoices"], "payments": stored["payments"], "validated": validated}

    @app.get("/accounting/journal")
    def journal(as_of: date | None = None) -> FacturierJSONResponse:
        """The journal as of ``as_of`` (default today): balanced, lettered entries, numbered once validated."""
        with tx() as conn:
            input = accounting_input(conn)
        return respond(facturier.post_journal(input, as_of or date.today()))

    @app.post("/accounting/validate")
    def validate(up_to: date, valid_date: date | None = None) -> FacturierJSONResponse:
        """Validates every entry dated up to ``up_to`` not validated yet, on ``valid_date`` (default
        today): each gets the next EcritureNum. Numbers and state are stored in the same transaction
        (run one at a time by lock_facts), so a rollback leaves no gap and no number is given twice."""
        with tx() as conn:
            lock_facts(conn)
            input = accounting_input(conn)
            pending = [e for e in facturier.post_journal(input, up_to)["entries"] if e.get("number") is None]
            state = setting(conn, "entry_numbering") or {}
            numbered, next_state = facturier.validate_entries(pending, valid_date or date.today(), state)
            for e in numbered:
                conn.execute(entry_number_table.insert().values(entry_id=e["id"], number=e["number"], valid_date=iso(e["valid_date"])))
            conn.execute(setting_table.delete().where(setting_table.c.key == "entry_numbering"))
            conn.execute(setting_table.insert().values(key="entry_numbering", value=dumps(next_state)))
        return respond({"validated": [{"id": e["id"], "number": e["number"]} for e in numbered]})

    @app.get("/accounting/fec")
    def fec(year: int, siren: str | None = None, format: str = "flat") -> StreamingResponse:
        """The FEC of the fiscal year ``year`` (calendar year): its validated entries, written by
        facturier to a temporary file and streamed from it in 64 KiB chunks (a large year is never
        held in memory), named ``SirenFECAAAAMMJJ.txt`` (the seller's SIREN of the latest invoice
        unless ``siren`` is given). Entries of the year not validated yet are refused (409 ``fec.entry``)."""
        closing = date(year, 12, 31)
        with tx() as conn:
            input = accounting_input(conn)
        entries = [e for e in facturier.post_journal(input, closing)["entries"] if e["date"].year == year]
        if siren is None:
            sellers = [i["invoice"]["content"]["seller"] for i in input["invoices"] if i["invoice"]["issue_date"][:4] <= str(year)]
            siren = next((s.get("siren") for s in reversed(sellers) if s.get("siren")), "000000000")
        name = f"{siren}FEC{closing:%Y%m%d}" + (".xml" if format == "xml" else ".txt")
        folder = tempfile.mkdtemp(prefix="fec-")
        path = os.path.join(folder, name)
        try:
            facturier.fec_export_to_path(entries, path, format=format, closing=closing)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

        def chunks() -> Iterator[bytes]:
            try:
                with open(path, "rb") as f:
                    while chunk := f.read(64 * 1024):
                        yield chunk
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        media = "application/xml" if format == "xml" else "text/plain; charset=utf-8"
        return StreamingResponse(chunks(), media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    return app


app = create_app() if os.environ.get("FACTURIER_NO_DEFAULT_APP") != "1" else None
