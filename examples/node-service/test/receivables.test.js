'use strict'
// Receivables from the service: POST /receivables returns the report of a posted ledger;
// POST /reminders/pdf renders a reminder letter (given, or the one due for an invoice as of a
// date) and POST /statements/pdf a customer's account statement; errors stay JSON.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const { createServer } = require('..')
const { pdfText } = require('./helpers')

const examples = path.join(__dirname, '..', '..')
const load = (name) => JSON.parse(fs.readFileSync(path.join(examples, name), 'utf8'))
const AS_OF = '2026-03-16'

let server
let base

test.before(async () => {
  server = createServer({ render: { footer: 'Atelier Numérique — service recouvrement' } })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})

test.after(() => new Promise((resolve) => server.close(resolve)))

function post(route, body, raw) {
  return fetch(base + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
}

async function json(res) {
  return { status: res.status, body: await res.json() }
}

async function pdfOf(res) {
  assert.equal(res.status, 200, res.status === 200 ? '' : await res.text())
  assert.equal(res.headers.get('content-type'), 'application/pdf')
  const pdf = Buffer.from(await res.arrayBuffer())
  assert.equal(Number(res.headers.get('content-length')), pdf.length)
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
  return pdf
}

test('POST /receivables: the report of the posted ledger, camelCase, decimals as strings', async () => {
  const r = await json(await post('/receivables', { input: load('receivables.json'), asOf: AS_OF }))
  assert.equal(r.status, 200, JSON.stringify(r.body))
  assert.equal(r.body.asOf, AS_OF)
  assert.deepEqual(
    r.body.invoices.map((i) => [i.number, i.status, i.outstanding]),
    [
      ['F-2026-00001', 'overdue', '1400.00'],
      ['F-2026-00002', 'paid', '0.00'],
      ['F-2026-00003', 'overdue', '850.00'],
      ['F-2026-00004', 'paid', '0.00'],
      ['F-2026-00005', 'issued_unpaid', '430.56'],
      ['F-2026-00006', 'partially_paid', '480.00'],
    ],
  )
  assert.equal(r.body.aging.total.total, '3160.56')
  assert.equal(r.body.interest.total, '119.27')
  assert.deepEqual(
    r.body.reminders.map((m) => [m.invoice, m.level, m.totalClaimed]),
    [
      ['F-2026-00001', 'formal_notice', '1458.64'],
      ['F-2026-00006', 'courteous', '480.00'],
    ],
  )
  assert.equal(r.body.cash.outstanding, '3160.56')
})

test('POST /receivables: a fraction is 400 "float", an over-allocation 422 "invalid", a bad date 422 "invalid"', async () => {
  const text = JSON.stringify({ input: load('receivables.json'), asOf: AS_OF }).replace('"amount":"3600.00"', '"amount":3600.5')
  assert.match(text, /3600\.5/)
  const float = await json(await post('/receivables', null, text))
  assert.equal(float.status, 400)
  assert.equal(float.body.error.code, 'float')
  assert.equal(float.body.error.path, 'payments[1].amount')

  const input = load('receivables.json')
  input.payments[0].allocations[0].amount = '5000.00'
  const invalid = await json(await post('/receivables', { input, asOf: AS_OF }))
  assert.equal(invalid.status, 422)
  assert.equal(invalid.body.error.code, 'invalid')
  assert.equal(invalid.body.error.path, 'payments[0].allocations')
  assert.equal(invalid.body.error.details[0].code, 'payment.allocation.exceeds_payment')

  // a date in another shape: the core's JSON edge (issue 12), one violation at the argument
  const date = await json(await post('/receivables', { input: load('receivables.json'), asOf: '16/03/2026' }))
  assert.equal(date.status, 422)
  assert.deepEqual([date.body.error.code, date.body.error.path, date.body.error.details[0].code], ['invalid', 'asOf', 'input.date.invalid'])
})

test('POST /reminders/pdf: the formal notice due for an invoice, computed from the ledger', async () => {
  const res = await post('/reminders/pdf', { input: load('receivables.json'), asOf: AS_OF, invoice: 'F-2026-00001' })
  assert.equal(res.headers.get('content-disposition'), 'inline; filename="F-2026-00001-formal_notice.pdf"')
  const pdf = await pdfOf(res)
  const text = pdfText(pdf)
  if (text !== null) {
    assert.ok(text.includes('F-2026-00001'), 'the invoice number is printed')
    assert.match(text, /[Mm]ise en demeure/)
    assert.ok(text.includes('service recouvrement'), 'the footer of the service')
  }
  // the same bytes when the reminder and the invoice are posted as the report returned them
  const report = await (await post('/receivables', { input: load('receivables.json'), asOf: AS_OF })).json()
  const reminder = report.reminders.find((m) => m.invoice === 'F-2026-00001')
  const invoice = load('receivables.json').invoices.find((e) => e.invoice.number === 'F-2026-00001').invoice
  assert.ok(pdf.equals(await pdfOf(await post('/reminders/pdf', { reminder, invoice, letterDate: AS_OF }))), 'deterministic')
  // a courteous reminder of another invoice, dated otherwise
  const courteous = await post('/reminders/pdf', { input: load('receivables.json'), asOf: AS_OF, invoice: 'F-2026-00006', letterDate: '2026-03-17' })
  assert.ok(!(await pdfOf(courteous)).equals(pdf))
})

test('POST /reminders/pdf: 404 when no reminder is due, 422 for a malformed reminder', async () => {
  const none = await json(await post('/reminders/pdf', { input: load('receivables.json'), asOf: AS_OF, invoice: 'F-2026-00002' }))
  assert.equal(none.status, 404)
  assert.equal(none.body.error.code, 'not_found')
  assert.match(none.body.error.message, /F-2026-00002/)

  const report = await (await post('/receivables', { input: load('receivables.json'), asOf: AS_OF })).json()
  const invoice = load('receivables.json').invoices[0].invoice
  const bad = await json(await post('/reminders/pdf', { reminder: { ...report.reminders[0], totalClaimed: 'lots' }, invoice, letterDate: AS_OF }))
  assert.equal(bad.status, 422)
  assert.deepEqual([bad.body.error.code, bad.body.error.path, bad.body.error.details[0].code], ['invalid', 'totalClaimed', 'input.decimal.invalid'])
  const date = await json(await post('/reminders/pdf', { reminder: report.reminders[0], invoice, letterDate: 'demain' }))
  assert.deepEqual([date.status, date.body.error.path], [422, 'letterDate'])
})

test('POST /statements/pdf: a customer account statement, computed or posted', async () => {
  const res = await post('/statements/pdf', { input: load('receivables.json'), asOf: AS_OF, customerId: 'CUST-004' })
  assert.equal(res.headers.get('content-disposition'), 'inline; filename="releve-CUST-004-2026-03-16.pdf"')
  const pdf = await pdfOf(res)
  const text = pdfText(pdf)
  if (text !== null) {
    for (const reference of ['F-2026-00004', 'AV-2026-0001', 'REF-0001', 'F-2026-00006']) assert.ok(text.includes(reference), `${reference} is listed`)
  }
  const report = await (await post('/receivables', { input: load('receivables.json'), asOf: AS_OF })).json()
  const account = report.customers.find((c) => c.customerId === 'CUST-004')
  const { seller, buyer } = load('receivables.json').invoices.find((e) => e.invoice.number === 'F-2026-00006').invoice.content
  const posted = { account, seller, buyer, asOf: AS_OF, invoices: report.invoices }
  assert.ok(pdf.equals(await pdfOf(await post('/statements/pdf', posted))), 'deterministic')

  // a customer with an overdue invoice: listed with its days late
  const overdue = pdfText(await pdfOf(await post('/statements/pdf', { input: load('receivables.json'), asOf: AS_OF, customerId: 'CUST-001' })))
  if (overdue !== null) assert.match(overdue, /F-2026-00001[^\n]*40 jours/)
  const bad = await json(await post('/statements/pdf', { ...posted, invoices: [{ ...report.invoices[0], outstanding: 1400.5 }] }))
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.path], [400, 'float', 'options.invoices[0].outstanding'])

  const unknown = await json(await post('/statements/pdf', { input: load('receivables.json'), asOf: AS_OF, customerId: 'CUST-999' }))
  assert.equal(unknown.status, 404)
  assert.equal(unknown.body.error.code, 'not_found')
})
