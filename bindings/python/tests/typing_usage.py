"""Type-checked with `mypy --strict` by ci.sh (not a test module): the stubs describe real use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import facturier
from facturier.types import (
    AccountingInput,
    AuditRecord,
    AuditVerification,
    Contract,
    ContractInvoice,
    ContractsInput,
    ContractState,
    EntryNumbering,
    FecCheckReport,
    FecRecord,
    Finding,
    InterestResult,
    InvoiceDraft,
    IssuedInvoice,
    Journal,
    LateDebt,
    MrrReport,
    NumberingState,
    Quote,
    ReceivedInvoice,
    ReceivablesInput,
    ReceivablesReport,
    Reminder,
    RenewalSchedule,
    Seller,
    Totals,
    VatReturn,
    Violation,
)


def issue(draft: InvoiceDraft, state: NumberingState) -> tuple[str, Decimal, NumberingState]:
    invoice: IssuedInvoice
    invoice, next_state = facturier.issue_invoice(draft, state, date(2026, 11, 22))
    due: date = invoice["due_date"]
    assert due >= invoice["issue_date"]
    return invoice["number"], invoice["totals"]["total_incl_tax"], next_state


def story(content: dict[str, object]) -> Totals:
    q: Quote = facturier.new_quote("D-1", content)
    q = facturier.send_quote(q, "2026-10-09")
    q = facturier.accept_quote(q, date(2026, 10, 15))
    deposit = facturier.quote_to_deposit(q, {"percent": "30"})
    inv, state = facturier.issue_invoice(deposit, facturier.new_numbering_state("i", "F-{YYYY}-{SEQ}"), date(2026, 10, 16))
    final = facturier.quote_to_final(q, [inv])
    credit = facturier.credit_note(inv, {"lines": [{"line_id": "A1", "quantity": "1"}]})
    report = facturier.numbering_report(state, [inv["number"]])
    assert not report["gaps"] and credit["kind"] == "credit_note"
    status: str = facturier.quote_status(q, date(2026, 10, 20))
    assert status == "accepted"
    return facturier.compute_totals(final, date(2026, 11, 20))


def errors() -> list[str]:
    try:
        facturier.check_invoice({}, date(2026, 1, 1))
    except facturier.ValidationError as e:
        return [x["path"] for x in e.errors()]
    except facturier.FacturierError as e:
        return [e.code, e.path or ""]
    return []


def render(invoice: IssuedInvoice, quote: Quote, logo: bytes) -> bytes:
    pdf: bytes = facturier.render_pdf(invoice, logo=logo, logo_format="svg", logo_alt="Logo", primary_color="#1F3A5F")
    try:
        return pdf + facturier.render_pdf(quote, footer="merci", pdf_a=True, template=None)
    except facturier.RenderError as e:
        where: list[str] = [d["path"] for d in e.errors()]
        raise RuntimeError(f"{e.code}: {where}") from e


def dunning(sample: ReceivablesInput, invoice: IssuedInvoice) -> tuple[Decimal, list[date]]:
    report: ReceivablesReport = facturier.receivables(sample, date(2026, 3, 16))
    as_of: date = report["as_of"]
    overdue = [i for i in report["invoices"] if i["status"] == "overdue" and i["due_date"] < as_of]
    owed: Decimal = sum((i["outstanding"] for i in overdue), Decimal(0))
    buckets: Decimal = report["aging"]["total"]["days_over_90"] + report["cash"]["forecast"]["windows"][0]["expected"]
    reminder: Reminder = report["reminders"][0]
    deadlines = [r.get("payment_deadline") or r["trigger_date"] for r in report["reminders"]]
    sent: ReceivablesInput = {**sample, "reminders": [{"invoice": reminder["invoice"], "level": reminder["level"], "date": as_of}]}
    assert facturier.receivables(sent, "2026-03-16")["reminders"] != [reminder]
    segment = reminder["interest_detail"]["segments"][0]
    first: date = segment["from"]
    debt: LateDebt = {"buyer_kind": "business", "amount_due": Decimal("10000.00"), "due_date": date(2025, 6, 20)}
    interest: InterestResult = facturier.late_interest(debt, date(2025, 7, 10))
    facturier.late_interest({"buyer_kind": "public", "amount_due": "1", "due_date": "2025-01-01"}, "2025-02-01", rates={})
    try:
        facturier.receivables({"payments": [{"amount": "1"}]}, as_of)
    except facturier.ValidationError as e:
        deadlines += [first for _ in e.errors()]
    return owed + buckets + interest["total"], deadlines


def letters(sample: ReceivablesInput, report: ReceivablesReport, invoice: IssuedInvoice) -> list[bytes]:
    out = [facturier.render_reminder_pdf(r, invoice, report["as_of"], pdf_a=True) for r in report["reminders"]]
    for account in report["customers"]:
        seller, buyer = invoice["content"]["seller"], invoice["content"]["buyer"]
        out.append(facturier.render_statement_pdf(account, seller, buyer, "2026-03-16", invoices=report["invoices"], footer="x"))
    return out


def recurring(input: ContractsInput, contract: Contract, seller: Seller) -> tuple[Decimal, list[str]]:
    state: ContractState = facturier.contract_as_of(contract, date(2026, 3, 15))
    mrr: Decimal = state["mrr"] + facturier.mrr_snapshot(input, "2026-03-15")["arr"]
    report: MrrReport = facturier.mrr_report(input, "2026-01", "2026-12")
    months = [m["month"] for m in report["months"]]
    schedule: RenewalSchedule = facturier.renewal_schedule(input, date(2026, 5, 1))
    due: list[ContractInvoice] = facturier.contract_invoices_due(input, date(2026, 3, 31), seller)
    ended: Contract = facturier.terminate_contract(contract, {"notified_on": date(2026, 4, 10), "reason": "price", "by": "customer"})
    renewed: Contract = facturier.renew_contract(ended, "2027-01-01", index_values=[])
    violations: list[Violation] = facturier.check_contract(renewed)
    try:
        facturier.chatel_letter(contract, seller, date(2026, 4, 1))
    except facturier.ContractError as e:
        months.append(e.code)
    return mrr, months + [v["code"] for v in violations] + schedule["chatel_missed"] + [d["contract_id"] for d in due]


def books(input: AccountingInput, tmp: str) -> tuple[bytes, int, Decimal]:
    journal: Journal = facturier.post_journal(input, date(2026, 3, 16))
    entries, state = facturier.validate_entries(journal["entries"], date(2026, 3, 31), {"per_journal": True})
    next_state: EntryNumbering = state
    vat: VatReturn = facturier.vat_due(input, {"from": date(2026, 1, 1), "to": date(2026, 3, 31)})
    trail: list[AuditRecord] = facturier.audit_append(None, entries=entries)
    verification: AuditVerification = facturier.audit_verify(trail)
    data: bytes = facturier.fec_export(entries, separator="pipe", encoding="iso8859-15", regime="bic")
    written: int = facturier.fec_export_to_path(entries, tmp, format="xml", closing=date(2026, 12, 31))
    records: list[FecRecord] = facturier.fec_read(data)
    report: FecCheckReport = facturier.fec_check(data, file_name="813883964FEC20261231.txt", numbering="per_journal")
    first: date = records[0]["ecriture_date"]
    try:
        facturier.fec_check_path(tmp, closing=first)
    except facturier.FecError as e:
        written += len(e.errors()) + verification["checked"]
    assert next_state != {}
    return data, written + report["errors"], vat["vat_total"] + records[0]["debit"]


def einvoices(invoice: IssuedInvoice) -> Decimal:
    """Factur-X XML of an issued invoice, read back and validated (issue 15)."""
    xml: bytes = facturier.facturx_xml(invoice, profile="basic-wl")
    read: ReceivedInvoice = facturier.read_invoice(xml)
    findings: list[Finding] = facturier.validate_invoice(bytearray(xml))
    issued_on: date | None = read.get("issue_date")
    try:
        facturier.facturx_xml(invoice, profile="gold")  # type: ignore[arg-type]
    except facturier.EinvoiceError as e:
        assert e.code.startswith("einvoice.")
    assert issued_on is None or findings[0]["level"] in ("error", "warning")
    return read["totals"]["grand_total"] + read["seller"]["address"].get("lines", []).count("x")
