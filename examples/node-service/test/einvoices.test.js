'use strict'
// Received e-invoices: POST /einvoices/read takes the raw XML and answers the invoice read and
// its findings; an unreadable one is 422 with its einvoice.* code.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const facturier = require('facturier')
const { createServer } = require('..')

const examples = path.join(__dirname, '..', '..')
const load = (name) => JSON.parse(fs.readFileSync(path.join(examples, name), 'utf8'))

let server
let base

test.before(async () => {
  server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})

test.after(() => new Promise((resolve) => server.close(resolve)))

function postRaw(route, body) {
  return fetch(base + route, { method: 'POST', headers: { 'content-type': 'application/xml' }, body, signal: AbortSignal.timeout(30_000) })
}

test('POST /einvoices/read: the invoice and its findings', async () => {
  const { invoice } = await facturier.issueInvoice(load('invoice-draft.json'), facturier.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), '2026-11-22')
  const xml = await facturier.facturxXml(invoice)
  const r = await postRaw('/einvoices/read', xml)
  assert.equal(r.status, 200)
  const body = await r.json()
  assert.equal(body.invoice.number, invoice.number)
  assert.equal(body.invoice.totals.grandTotal, invoice.totals.totalInclTax)
  assert.deepEqual(
    body.findings.filter((f) => f.level === 'error'),
    [],
  )
})

test('POST /einvoices/read: an unreadable e-invoice is 422 with its code', async () => {
  const broken = await postRaw('/einvoices/read', "<?xml version='1.0'?><x><unclosed>")
  assert.equal(broken.status, 422)
  assert.equal((await broken.json()).error.code, 'einvoice.xml')
  const hostile = await postRaw('/einvoices/read', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
  assert.equal(hostile.status, 422)
  assert.equal((await hostile.json()).error.code, 'einvoice.hostile')
})
