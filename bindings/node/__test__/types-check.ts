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
