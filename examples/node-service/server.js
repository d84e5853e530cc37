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
//
// Errors are JSON `{error: {code, path, message, details}}`: 422 for a document the law or the
// model refuses, 400 for malformed input (`parse`, `float`), 409 for a quote in the wrong state,
// 500 otherwise. The numbering state lives in memory here; a real service stores it in the same
// transaction as the invoice (see the numbering module of facturier-core).
const http = require('node:http')
const facturier = require('facturier')

const MAX_BODY = 1 << 20

/** Runs the issuances one after the other, so two concurrent requests never get the same number. */
class Series {
  constructor(state) {
    this.state = state
    this.queue = Promise.resolve()
  }

  /** Issues `draft` on `issueDate` with the next number; the state moves only on success. */
  issue(draft, issueDate) {
    const run = this.queue.then(async () => {
      const { invoice, state } = await facturier.issueInvoice(draft, this.state, issueDate)
      this.state = state
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
    case 'invalid':
    case 'numbering':
    case 'overflow':
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

/** The service: `createServer({series})` with an optional starting numbering state. */
function createServer(options = {}) {
  const series = new Series(options.series ?? facturier.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'))
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
  }
  const server = http.createServer(async (req, res) => {
    const route = routes[`${req.method} ${new URL(req.url, 'http://localhost').pathname}`]
    if (!route) return send(res, 404, { error: { code: 'not_found', path: null, message: `${req.method} ${req.url}`, details: [] } })
    try {
      const body = req.method === 'POST' ? await readJson(req) : {}
      send(res, 200, await route(body))
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
