'use strict'
// PDFs from the service: POST /pdf for any issued invoice or quote, GET /invoices/:number.pdf for
// the invoices it issued, with the service's branding; errors stay JSON.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const facturier = require('facturier')
const { createServer } = require('..')
const { pdfText } = require('./helpers')

const examples = path.join(__dirname, '..', '..')
const load = (name) => JSON.parse(fs.readFileSync(path.join(examples, name), 'utf8'))
const FOOTER = 'Atelier Numérique — imprimé par le service'

let server
let base

test.before(async () => {
  server = createServer({ render: { footer: FOOTER } })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})

test.after(() => new Promise((resolve) => server.close(resolve)))

async function post(route, body) {
  const res = await fetch(base + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) })
  return res
}

async function pdfOf(res) {
  assert.equal(res.status, 200, res.status === 200 ? '' : await res.text())
  assert.equal(res.headers.get('content-type'), 'application/pdf')
  const pdf = Buffer.from(await res.arrayBuffer())
  assert.equal(Number(res.headers.get('content-length')), pdf.length)
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
  return pdf
}

test('GET /invoices/:number.pdf renders an invoice the service issued, with its branding', async () => {
  const issued = await (await post('/invoices/issue', { draft: load('invoice-draft.json'), issueDate: '2026-11-22' })).json()
  assert.equal(issued.number, 'F-2026-00001')
  const res = await fetch(`${base}/invoices/${encodeURIComponent(issued.number)}.pdf`)
  assert.equal(res.headers.get('content-disposition'), 'inline; filename="F-2026-00001.pdf"')
  const pdf = await pdfOf(res)
  const text = pdfText(pdf)
  if (text !== null) {
    assert.ok(text.includes('F-2026-00001'))
    assert.ok(text.includes('imprimé par le service'), 'the footer of the service')
  }
  // the same bytes as POSTing the invoice
  assert.ok(pdf.equals(await pdfOf(await post('/pdf', issued))))
  // the Factur-X PDF of the same invoice carries its XML
  const fx = await pdfOf(await fetch(`${base}/invoices/${encodeURIComponent(issued.number)}.pdf?facturx=1&profile=basic`))
  assert.equal((await facturier.readInvoice(fx)).number, 'F-2026-00001')
})

test('POST /pdf renders a quote', async () => {
  let quote = await (await post('/quotes', { number: 'D-9', content: load('quote-v1.json') })).json()
  quote = await (await post('/quotes/send', { quote, date: '2026-10-01' })).json()
  const res = await post('/pdf', quote)
  assert.equal(res.headers.get('content-disposition'), 'inline; filename="D-9.pdf"')
  const text = pdfText(await pdfOf(res))
  if (text !== null) assert.ok(text.includes('D-9'))
})

test('an unknown invoice is 404; a malformed document is 400 in JSON', async () => {
  const missing = await fetch(`${base}/invoices/F-1999-00001.pdf`)
  assert.equal(missing.status, 404)
  assert.equal((await missing.json()).error.code, 'not_found')
  assert.equal((await fetch(`${base}/invoices/%E0%A4%A.pdf`)).status, 404)
  const draft = await post('/pdf', load('invoice-draft.json'))
  assert.equal(draft.status, 400)
  assert.match(draft.headers.get('content-type'), /application\/json/)
  assert.equal((await draft.json()).error.code, 'parse')
})

test('a rendering error of the service is 500 with its code and diagnostics', async () => {
  const broken = createServer({ render: { template: '#let x = (1 +\n' } })
  await new Promise((resolve) => broken.listen(0, '127.0.0.1', resolve))
  try {
    const issued = await broken.series.issue(load('invoice-draft.json'), '2026-11-22')
    const res = await fetch(`http://127.0.0.1:${broken.address().port}/invoices/${issued.number}.pdf`)
    assert.equal(res.status, 500)
    const { error } = await res.json()
    assert.equal(error.code, 'pdf.template')
    assert.equal(error.details[0].line, 1)
  } finally {
    await new Promise((resolve) => broken.close(resolve))
  }
})

test('a document the embedded fonts cannot draw is the document\'s fault: 422 pdf.font, with the character', async () => {
  const draft = load('invoice-draft.json')
  draft.buyer.name = 'Boulangerie 🥖'
  const issued = await (await post('/invoices/issue', { draft, issueDate: '2026-11-23' })).json()
  const res = await post('/pdf', issued)
  assert.equal(res.status, 422)
  const { error } = await res.json()
  assert.equal(error.code, 'pdf.font')
  assert.ok(error.message.includes('U+1F956'), error.message)
})
