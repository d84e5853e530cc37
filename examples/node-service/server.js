'use strict'
// A small HTTP service over the facturier binding, with node:http only.
//
//   POST /totals              {draft, asOf}              → Totals
//   POST /check               {draft, asOf}              → {violations}
//   POST /invoices/issue      {draft, issueDate}         → IssuedInvoice (numbered from the in-memory series)
//   GET  /invoices/series                                → NumberingState
//   POST /quotes              {number, content}          → Quote
//   POST /quotes/send|accept  {quote, date}              → Quote
//   POST /quotes/deposit      {quote, spec, previous?}   → InvoiceDraft
//   POST /quotes/final        {quote, deposits}          → InvoiceDraft
//   POST /pdf                 IssuedInvoice or Quote     → application/pdf
//   GET  /invoices/:number.pdf[?facturx=1&profile=…]     → application/pdf of an invoice issued here (with
//                                                          facturx, the Factur-X PDF carrying factur-x.xml)
//   POST /receivables         {input, asOf}              → ReceivablesReport (aging, interest, reminders due, cash)
//   POST /reminders/pdf       {reminder, invoice, letterDate}
//                          or {input, asOf, invoice: number, letterDate?}
//                                                        → application/pdf: the reminder letter (the one due
//                                                          as of asOf for that invoice, in the second form)
//   POST /statements/pdf      {account, seller, buyer, asOf, invoices?}
//                          or {input, asOf, customerId}  → application/pdf: the customer's account statement
//                                                          (with its overdue invoices, in the second form)
//   POST /mrr/pdf             {input, from, to}          → application/pdf: the MRR report of the contracts of
//                                                          `input` (a ContractsInput) from month `from` to `to`
//   POST /accounting/fec      {input, year, siren?, format?}
//                                                        → the FEC of the calendar year `year` (text/plain,
//                                                          or application/xml with format "xml"): the
//                                                          validated entries of the journal of `input`
//                                                          (an AccountingInput with its `validated` numbers),
//                                                          written by facturier to a temporary file and
//                                                          streamed from it, named SirenFECAAAAMMJJ.txt
//   POST /einvoices/read      raw body: CII or UBL XML   → {invoice, findings}: a received e-invoice read
//                                                          (ReceivedInvoice) and validated (EN 16931, BR-FR)
//
// Errors are JSON `{error: {code, path, message, details}}`: 422 for a document the law or the
// model refuses (a date or decimal in another shape too: `invalid`), 400 for malformed input
// (`parse`, `float`, `type`), 409 for a quote in the wrong state or an accounting refusal (an entry
// of the year not validated yet: `fec.entry`), 422 for an unreadable e-invoice (`einvoice.*`),
// 422 for a document the embedded fonts cannot draw or past the render limits (`pdf.font`,
// `pdf.limit`), 404 for an unknown route, invoice, customer or reminder, 500 otherwise (a rendering error of
// the service's own templates or branding: `pdf.template`, `pdf.branding`…, with the Typst
// diagnostics in `details`). The numbering state and the issued invoices live in memory here; a
// real service stores the state in the same transaction as the invoice (see the numbering module
// of facturier-core) and keeps the rendered PDF it sent with it. The receivables routes are
// stateless: the caller posts its ledger (invoices, payments, reminders already sent) each time.
const fs = require('node:fs')
const http = require('node:http')
const os = require('node:os')
const path = require('node:path')
const facturier = require('facturier')

const MAX_BODY = 1 << 20
/** The routes whose body is a file (bytes), not JSON. */
const RAW_ROUTES = new Set(['/einvoices/read'])

/** Runs the issuances one after the other, so two concurrent requests never get the same number. */
class Series {
  constructor(state) {
    this.state = state
    this.queue = Promise.resolve()
    /** The invoices issued, by number. */
    this.invoices = new Map()
  }

  /** Issues `draft` on `issueDate` with the next number; the state moves only on success. */
  issue(draft, issueDate) {
    const run = this.queue.then(async () => {
      const { invoice, state } = await facturier.issueInvoice(draft, this.state, issueDate)
      this.state = state
      this.invoices.set(invoice.number, invoice)
      return invoice
    })
    this.queue = run.catch(() => {}) // a refused draft does not block the queue
    return run
  }
}

// One code per condition; families by prefix (`f.rules()` lists them all).
function status(error) {
  const code = error.code || ''
  if (code === 'parse' || code === 'float' || code === 'type') return 400
  if (code === 'not_found') return 404
  if (code === 'quote.transition' || /^(quote|deposit|credit_note|accounting)\./.test(code) || code === 'fec.entry') return 409
  if (code === 'fec.input' || /^(contract|chatel|billing|mrr|einvoice)\./.test(code)) return 422
  // the document's own text or size: a character the embedded fonts lack, a document past the limits
  if (code === 'pdf.font' || code === 'pdf.limit') return 422
  if (code === 'invalid' || code === 'overflow' || code === 'pdf.data' || code.startsWith('numbering.')) return 422
  return 500
}

function send(res, code, body) {
  const text = JSON.stringify(body)
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A rendered PDF, sent as `application/pdf`. */
class Pdf {
  constructor(bytes, number) {
    this.bytes = bytes
    // the document number as a file name; anything unusual in it becomes `_`
    this.filename = `${String(number ?? 'document').replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`
  }
}

function sendPdf(res, pdf) {
  res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': pdf.bytes.length,
    'content-disposition': `inline; filename="${pdf.filename}"`,
  })
  res.end(pdf.bytes)
}

/** A file facturier wrote in a temporary folder, streamed then removed with its folder. */
class TempFile {
  constructor(folder, name, type) {
    this.folder = folder
    this.name = name
    this.type = type
  }
}

function sendFile(res, file) {
  const full = path.join(file.folder, file.name)
  const cleanup = () => fs.rm(file.folder, { recursive: true, force: true }, () => {})
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': fs.statSync(full).size,
    'content-disposition': `attachment; filename="${file.name}"`,
  })
  const stream = fs.createReadStream(full, { highWaterMark: 64 * 1024 })
  stream.on('error', (e) => {
    cleanup()
    res.destroy(e)
  })
  stream.on('close', cleanup)
  stream.pipe(res)
}

/**
 * The FEC of the calendar year `year` from `{input, year, siren?, format?}`: the journal of `input`
 * as of 31 December, its entries of the year (validated: an entry that is not yet is refused,
 * `fec.entry`), written to a file on the libuv pool, never held in memory.
 */
async function fecFile(b) {
  const year = Number(b.year)
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw Object.assign(new Error('year: a calendar year, e.g. 2026'), { code: 'parse', path: 'year', details: [] })
  }
  const closing = `${year}-12-31`
  const journal = await facturier.postJournal(b.input, closing)
  const entries = journal.entries.filter((e) => e.date.startsWith(`${year}-`))
  const invoices = Array.isArray(b.input?.invoices) ? b.input.invoices : []
  const siren = b.siren ?? invoices.map((i) => field(field(i.invoice, 'content'), 'seller')?.siren).filter(Boolean).pop() ?? '000000000'
  const xml = b.format === 'xml'
  const name = `${String(siren).replace(/[^0-9A-Za-z]/g, '_')}FEC${closing.replace(/-/g, '')}.${xml ? 'xml' : 'txt'}`
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fec-'))
  try {
    await facturier.fecExportToPath(entries, path.join(folder, name), { format: xml ? 'xml' : 'flat', closing })
  } catch (e) {
    fs.rmSync(folder, { recursive: true, force: true })
    throw e
  }
  return new TempFile(folder, name, xml ? 'application/xml' : 'text/plain; charset=utf-8')
}

/** A value of a snake_case or camelCase document (the binding takes both spellings). */
function field(object, camel) {
  return object?.[camel] ?? object?.[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]
}

/** The issued invoice `number` among the `invoices` entries (`{customerId?, invoice}`) of a receivables input. */
function inputInvoice(input, number) {
  const entry = (Array.isArray(input?.invoices) ? input.invoices : []).find((e) => e?.invoice?.number === number)
  return entry?.invoice
}

/**
 * `{reminder, invoice, letterDate}` as given, or computed from `{input, asOf, invoice: number,
 * letterDate?}`: the reminder due as of `asOf` for that invoice (404 when none is due), the
 * issued invoice from the input, the letter dated `asOf` unless told otherwise.
 */
async function reminderLetter(b) {
  if (typeof b.invoice !== 'string') return { reminder: b.reminder, invoice: b.invoice, letterDate: b.letterDate }
  const report = await facturier.receivables(b.input, b.asOf)
  const reminder = report.reminders.find((r) => r.invoice === b.invoice)
  if (!reminder) throw notFound(`no reminder is due for invoice ${b.invoice} as of ${report.asOf}`)
  return { reminder, invoice: inputInvoice(b.input, b.invoice), letterDate: b.letterDate ?? report.asOf }
}

/**
 * `{account, seller, buyer, asOf, invoices?}` as given, or computed from `{input, asOf,
 * customerId}`: the customer's account as of `asOf`, the seller and buyer of its latest
 * invoice, the report's invoices (the statement lists the customer's overdue ones).
 */
async function statement(b) {
  if (b.customerId === undefined) return { account: b.account, seller: b.seller, buyer: b.buyer, asOf: b.asOf, invoices: b.invoices }
  const report = await facturier.receivables(b.input, b.asOf)
  const account = report.customers.find((c) => c.customerId === b.customerId)
  if (!account) throw notFound(`no customer ${b.customerId} in the input`)
  // its documents, latest first (ISO dates sort as strings)
  const documents = [...report.invoices, ...report.creditNotes]
    .filter((d) => d.customerId === b.customerId)
    .sort((x, y) => y.issueDate.localeCompare(x.issueDate) || y.number.localeCompare(x.number))
  const content = field(inputInvoice(b.input, documents[0]?.number), 'content')
  return { account, seller: content?.seller, buyer: content?.buyer, asOf: report.asOf, invoices: report.invoices }
}

function notFound(message) {
  return Object.assign(new Error(message), { code: 'not_found', path: null, details: [] })
}

/** The request body as bytes (at most MAX_BODY). */
function readRaw(req) {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks = []
    req.on('data', (c) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('request body too large'), { code: 'parse', path: null, details: [] }))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks = []
    req.on('data', (c) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('request body too large'), { code: 'parse', path: null, details: [] }))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => {
      try {
        // JSON numbers with a fraction arrive as JS numbers: the binding refuses them (code "float").
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'))
      } catch (e) {
        reject(Object.assign(new Error(`invalid JSON: ${e.message}`), { code: 'parse', path: null, details: [] }))
      }
    })
    req.on('error', reject)
  })
}

/**
 * The service: `createServer({series, render})` with an optional starting numbering state and
 * the rendering options of every PDF (`renderPdf` options: logo, primaryColor, footer, pdfA…).
 */
function createServer(options = {}) {
  const series = new Series(options.series ?? facturier.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'))
  const render = async (document) => new Pdf(await facturier.renderPdf(document, options.render), document?.number)
  const routes = {
    'POST /totals': (b) => facturier.computeTotals(b.draft, b.asOf),
    'POST /check': async (b) => ({ violations: await facturier.checkInvoice(b.draft, b.asOf) }),
    'POST /invoices/issue': (b) => series.issue(b.draft, b.issueDate),
    'GET /invoices/series': async () => series.state,
    'POST /quotes': (b) => facturier.newQuote(b.number, b.content),
    'POST /quotes/send': (b) => facturier.sendQuote(b.quote, b.date),
    'POST /quotes/accept': (b) => facturier.acceptQuote(b.quote, b.date),
    'POST /quotes/deposit': (b) => facturier.quoteToDeposit(b.quote, b.spec, b.previous),
    'POST /quotes/final': (b) => facturier.quoteToFinal(b.quote, b.deposits),
    'POST /pdf': (b) => render(b),
    'POST /receivables': (b) => facturier.receivables(b.input, b.asOf),
    'POST /accounting/fec': (b) => fecFile(b),
    'POST /einvoices/read': async (data) => ({ invoice: await facturier.readInvoice(data), findings: await facturier.validateInvoice(data) }),
    'POST /mrr/pdf': async (b) => new Pdf(await facturier.renderMrrReportPdf(b.input, b.from, b.to, options.render), `mrr-${b.from}-${b.to}`),
    'POST /reminders/pdf': async (b) => {
      const { reminder, invoice, letterDate } = await reminderLetter(b)
      const pdf = await facturier.renderReminderPdf(reminder, invoice, letterDate, options.render)
      return new Pdf(pdf, `${reminder?.invoice}-${reminder?.level}`)
    },
    'POST /statements/pdf': async (b) => {
      const { account, seller, buyer, asOf, invoices } = await statement(b)
      const pdf = await facturier.renderStatementPdf(account, seller, buyer, asOf, { ...options.render, invoices })
      return new Pdf(pdf, `releve-${account?.customerId}-${asOf}`)
    },
  }
  /** `GET /invoices/:number.pdf`: the PDF of an invoice this service issued. */
  const invoicePdf = async (encoded, query) => {
    let number
    try {
      number = decodeURIComponent(encoded)
    } catch {
      throw notFound(`no invoice ${encoded} was issued here`)
    }
    const invoice = series.invoices.get(number)
    if (!invoice) throw notFound(`no invoice ${number} was issued here`)
    if (query.get('facturx') === '1' || query.get('facturx') === 'true') {
      const profile = query.get('profile') ?? 'en16931'
      return new Pdf(await facturier.renderFacturxPdf(invoice, { ...options.render, profile }), invoice.number)
    }
    return render(invoice)
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost')
    const pathname = url.pathname
    let route = routes[`${req.method} ${pathname}`]
    const pdfPath = /^\/invoices\/([^/]+)\.pdf$/.exec(pathname)
    if (!route && req.method === 'GET' && pdfPath) route = () => invoicePdf(pdfPath[1], url.searchParams)
    if (!route) return send(res, 404, { error: { code: 'not_found', path: null, message: `${req.method} ${req.url}`, details: [] } })
    try {
      const body = req.method !== 'POST' ? {} : RAW_ROUTES.has(pathname) ? await readRaw(req) : await readJson(req)
      const result = await route(body)
      if (result instanceof Pdf) sendPdf(res, result)
      else if (result instanceof TempFile) sendFile(res, result)
      else send(res, 200, result)
    } catch (e) {
      send(res, status(e), { error: { code: e.code ?? 'internal', path: e.path ?? null, message: e.message, details: e.details ?? [] } })
    }
  })
  server.series = series
  return server
}

module.exports = { createServer, Series }

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000)
  createServer().listen(port, '127.0.0.1', () => console.log(`facturier service on http://127.0.0.1:${port}`))
}
