// Compiled with `tsc --noEmit` in CI: the typings describe how the binding is used.
import * as f from '../index'
import type { FacturierError, InvoiceDraft, IssuedInvoice, NumberingState, Quote, RenderError, RenderOptions, TemplateDiagnostic, Totals, Violation } from '../index'

async function story(v1: f.QuoteContent, draft: InvoiceDraft): Promise<string> {
  const version: string = f.version
  let quote: Quote = await f.newQuote('D-1', v1)
  quote = await f.acceptQuote(await f.sendQuote(quote, '2026-10-01'), '2026-10-02')
  const status: f.QuoteStatus = f.quoteStatus(quote, '2026-10-03')
  const state: NumberingState = f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}')
  const deposit = await f.issueInvoice(await f.quoteToDeposit(quote, { percent: '30' }), state, '2026-10-13')
  const deposits: IssuedInvoice[] = [deposit.invoice]
  const final: InvoiceDraft = await f.quoteToFinal(quote, deposits)
  const totals: Totals = await f.computeTotals(final, '2026-11-20')
  const violations: Violation[] = await f.checkInvoice(draft, '2026-11-20')
  const credit = await f.creditNote(deposit.invoice, { lines: [{ lineId: 'A1', quantity: '1' }] })
  const due: f.IsoDate = f.dueDate({ type: 'net_days', days: 30 }, '2026-01-31')
  const schema = f.jsonSchema('invoice-draft')
  const names: f.SchemaName[] = f.schemaNames()
  try {
    await f.computeTotals(draft, '2026-11-20')
  } catch (e) {
    const err = e as FacturierError
    return `${err.code} ${err.path ?? ''} ${err.details.length}`
  }
  return [version, status, totals.totalInclTax, violations.length, credit.kind, due, schema, names].join()
}

async function pdfs(invoice: IssuedInvoice, quote: Quote, logo: Buffer): Promise<number> {
  const options: RenderOptions = { logo, logoFormat: 'svg', logoAlt: 'Logo', primaryColor: '#1F3A5F', footer: 'Merci', pdfA: true }
  const pdf: Buffer = await f.renderPdf(invoice, options)
  const quotePdf: Buffer = await f.renderPdf(quote)
  // @ts-expect-error: a logo format is 'svg' or 'png'
  const bad: RenderOptions = { logoFormat: 'gif' }
  const bounded: RenderOptions = { template: '#data', templateTimeMs: 300, renderTimeMs: 5000, maxPages: 2, maxOutputBytes: 1_000_000 }
  void bounded
  try {
    await f.renderPdf(invoice, { template: '#let x = (1 +' })
  } catch (e) {
    const err = e as RenderError
    const first: TemplateDiagnostic | undefined = err.details[0]
    const code: 'pdf.template' | 'pdf.font' | 'pdf.export' | 'pdf.branding' | 'pdf.data' | 'pdf.limit' | 'pdf.internal' = err.code
    return `${code}${first?.file}:${first?.line}:${first?.column}`.length
  }
  return pdf.length + quotePdf.length + Object.keys(bad).length
}

async function receivables(input: f.ReceivablesInput): Promise<string> {
  const report: f.ReceivablesReport = await f.receivables(input, '2026-03-16')
  const aging: f.AgingBuckets = report.aging.total
  const due: f.Reminder[] = report.reminders
  const status: f.InvoiceStatus | undefined = report.invoices[0]?.status
  const debt: f.LateDebt = { buyerKind: 'business', amountDue: '1400.00', dueDate: '2026-02-04', settlements: [{ date: '2026-02-10', amount: '100' }] }
  const interest: f.InterestResult = await f.lateInterest(debt, '2026-03-16', { ecbMainRefinancing: { changes: [{ effectiveFrom: '2026-01-01', rate: '2.15' }], verifiedUntil: '2026-12-31' } })
  // @ts-expect-error: the buyer kind is business, public or consumer
  const bad: f.LateDebt = { buyerKind: 'company', amountDue: '1', dueDate: '2026-01-01' }
  return [aging.days_1_30, aging.daysOver_90, due.length, status, interest.total, bad].join()
}

async function letters(report: f.ReceivablesReport, invoice: IssuedInvoice, seller: f.Seller, buyer: f.Buyer): Promise<number> {
  const reminder: f.Reminder | undefined = report.reminders[0]
  if (!reminder) return 0
  const letter: Buffer = await f.renderReminderPdf(reminder, invoice, '2026-03-16', { footer: 'Service recouvrement' })
  const account: f.CustomerAccount | undefined = report.customers.find((c) => c.customerId === reminder.customerId)
  if (!account) return letter.length
  const options: f.StatementOptions = { footer: 'Merci', invoices: report.invoices }
  const statement: Buffer = await f.renderStatementPdf(account, seller, buyer, report.asOf, options)
  try {
    // @ts-expect-error: the letter needs its invoice
    await f.renderReminderPdf(reminder, '2026-03-16')
  } catch (e) {
    return (e as RenderError).details.length
  }
  return letter.length + statement.length
}

void story
void pdfs
void receivables
void letters

async function contracts(input: f.ContractsInput, contract: f.Contract, seller: f.Seller): Promise<string> {
  const state: f.ContractState = await f.contractAsOf(contract, '2026-03-15')
  const snapshot: f.MrrSnapshot = await f.mrrSnapshot(input, '2026-03-15')
  const report: f.MrrReport = await f.mrrReport(input, '2026-01', '2026-12')
  const schedule: f.RenewalSchedule = await f.renewalSchedule(input, '2026-05-01')
  const due: f.ContractInvoice[] = await f.contractInvoicesDue(input, '2026-03-31', seller)
  const ended: f.Contract = await f.terminateContract(contract, { notifiedOn: '2026-04-10', reason: 'price', by: 'customer' })
  const violations: f.Violation[] = await f.checkContract(ended)
  return [state.mrr, snapshot.arr, report.months.length, schedule.chatelMissed.length, due.length, violations.length].join()
}

async function books(input: f.AccountingInput, file: string): Promise<number> {
  const journal: f.Journal = await f.postJournal(input, '2026-03-16')
  const { entries, state }: { entries: f.JournalEntry[]; state: f.EntryNumbering } = await f.validateEntries(journal.entries, '2026-03-31')
  const vat: f.VatReturn = await f.vatDue(input, { from: '2026-01-01', to: '2026-03-31' })
  const trail: f.AuditRecord[] = await f.auditAppend(undefined, [], entries)
  const verification: f.AuditVerification = await f.auditVerify(trail)
  const options: f.FecExportOptions = { separator: 'pipe', encoding: 'iso8859-15', regime: 'bic' }
  const data: Buffer = await f.fecExport(entries, options)
  const written: number = await f.fecExportToPath(entries, file, { format: 'xml', closing: '2026-12-31' })
  const records: f.FecRecord[] = await f.fecRead(data)
  const report: f.FecCheckReport = await f.fecCheck(data, { fileName: '813883964FEC20261231.txt', numbering: 'per_journal' })
  const onDisk: f.FecCheckReport = await f.fecCheckPath(file, { closing: records[0]?.ecritureDate })
  // @ts-expect-error: an encoding the FEC does not allow
  await f.fecExport(entries, { encoding: 'utf-16' })
  void state
  return written + report.errors + onDisk.errors + verification.checked + vat.vatTotal.length
}

async function einvoices(invoice: f.IssuedInvoice): Promise<string> {
  const xml: Buffer = await f.facturxXml(invoice, { profile: 'basic-wl' })
  const read: f.ReceivedInvoice = await f.readInvoice(xml)
  const findings: f.Finding[] = await f.validateInvoice(xml)
  const level: 'error' | 'warning' | undefined = findings[0]?.level
  // @ts-expect-error: a profile Factur-X does not define
  await f.facturxXml(invoice, { profile: 'gold' })
  const facturx: Buffer = await f.renderFacturxPdf(invoice, { profile: 'basic', footer: 'Merci', maxPages: 5, templateTimeMs: 500 })
  // @ts-expect-error: the limits are numbers
  await f.renderFacturxPdf(invoice, { maxOutputBytes: '1 MB' })
  void facturx
  return `${read.totals.grandTotal} ${read.issueDate ?? ''} ${read.seller.address.country} ${level ?? ''}`
}

void contracts
void books
void einvoices
