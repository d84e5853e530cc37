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
//   GET  /invoices/:number.pdf                           → application/pdf of an invoice issued here
//
// Errors are JSON `{error: {code, path, message, details}}`: 422 for a document the law or the
// model refuses, 400 for malformed input (`parse`, `float`), 409 for a quote in the wrong state,
// 404 for an unknown route or invoice, 500 otherwise (a rendering error of the service's own
// templates or branding: `pdf.template`, `pdf.branding`…, with the Typst diagnostics in
// `details`). The numbering state and the issued invoices live in memory here; a real service
// stores the state in the same transaction as the invoice (see the numbering module of
// facturier-core) and keeps the rendered PDF it sent with it.
const http = require('node:http')
const facturier = require('facturier')

const MAX_BODY = 1 << 20

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

function status(error) {
  switch (error.code) {
    case 'parse':
    case 'float':
      return 400
    case 'quote.transition':
    case 'wrong_state':
      return 409
    case 'not_found':
      return 404
    case 'invalid':
    case 'numbering':
    case 'overflow':
    case 'pdf.data':
      return 422
    default:
      return 500
  }
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

function notFound(message) {
  return Object.assign(new Error(message), { code: 'not_found', path: null, details: [] })
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
  }
  /** `GET /invoices/:number.pdf`: the PDF of an invoice this service issued. */
  const invoicePdf = (encoded) => {
    let number
    try {
      number = decodeURIComponent(encoded)
    } catch {
      throw notFound(`no invoice ${encoded} was issued here`)
    }
    const invoice = series.invoices.get(number)
    if (!invoice) throw notFound(`no invoice ${number} was issued here`)
    return render(invoice)
  }
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url, 'http://localhost').pathname
    let route = routes[`${req.method} ${pathname}`]
    const pdfPath = /^\/invoices\/([^/]+)\.pdf$/.exec(pathname)
    if (!route && req.method === 'GET' && pdfPath) route = () => invoicePdf(pdfPath[1])
    if (!route) return send(res, 404, { error: { code: 'not_found', path: null, message: `${req.method} ${req.url}`, details: [] } })
    try {
      const body = req.method === 'POST' ? await readJson(req) : {}
      const result = await route(body)
      if (result instanceof Pdf) sendPdf(res, result)
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
