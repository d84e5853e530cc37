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
    const code: 'pdf.template' | 'pdf.font' | 'pdf.export' | 'pdf.branding' | 'pdf.data' = err.code
    return `${code}${first?.file}:${first?.line}:${first?.column}`.length
  }
  return pdf.length + quotePdf.length + Object.keys(bad).length
}

void story
void pdfs
