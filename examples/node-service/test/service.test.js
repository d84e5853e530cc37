'use strict'
// The service on an ephemeral loopback port: calculations, quotes, issuance, errors, and 20
// concurrent issuances that get 20 consecutive numbers.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

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

async function post(route, body, raw) {
  const res = await fetch(base + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
  return { status: res.status, body: await res.json() }
}

test('POST /totals and /check', async () => {
  const totals = await post('/totals', { draft: load('invoice-draft.json'), asOf: '2026-11-22' })
  assert.equal(totals.status, 200)
  assert.equal(totals.body.totalInclTax, '5384.73')
  const ok = await post('/check', { draft: load('invoice-draft.json'), asOf: '2026-11-22' })
  assert.deepEqual(ok.body, { violations: [] })
  const bad = await post('/check', { draft: load('invoice-draft-invalid.json'), asOf: '2026-11-22' })
  assert.ok(bad.body.violations.length >= 2)
})

test('a JSON number with a fraction is refused with 400, code "float" and its path', async () => {
  const text = JSON.stringify({ draft: load('invoice-draft.json'), asOf: '2026-11-22' }).replace('"unit_price":"650.00"', '"unit_price":650.5')
  assert.match(text, /650\.5/)
  const r = await post('/totals', null, text)
  assert.equal(r.status, 400)
  assert.equal(r.body.error.code, 'float')
  assert.equal(r.body.error.path, 'lines[0].unitPrice')
  const broken = await post('/totals', null, '{"draft":')
  assert.equal(broken.status, 400)
})

test('quotes: create, send, accept, deposit, final', async () => {
  let r = await post('/quotes', { number: 'D-7', content: load('quote-v1.json') })
  assert.equal(r.status, 200)
  r = await post('/quotes/send', { quote: r.body, date: '2026-10-01' })
  assert.equal(r.body.status, 'sent')
  const early = await post('/quotes/deposit', { quote: r.body, spec: { percent: '30' } })
  assert.equal(early.status, 409)
  assert.equal(early.body.error.code, 'quote.not_accepted')
  r = await post('/quotes/accept', { quote: r.body, date: '2026-10-02' })
  const quote = r.body
  assert.equal(quote.status, 'accepted')
  const again = await post('/quotes/accept', { quote, date: '2026-10-03' })
  assert.equal(again.status, 409)
  assert.equal(again.body.error.code, 'quote.transition')
  const depositDraft = await post('/quotes/deposit', { quote, spec: { percent: '30' } })
  assert.equal(depositDraft.body.kind, 'deposit')
  const deposit = await post('/invoices/issue', { draft: depositDraft.body, issueDate: '2026-10-13' })
  assert.equal(deposit.status, 200)
  const final = await post('/quotes/final', { quote, deposits: [deposit.body] })
  assert.equal(final.body.kind, 'final')
  assert.equal(final.body.deposits[0].number, deposit.body.number)
})

test('an invalid draft is refused with 422 and every violation, without using a number', async () => {
  const before = (await (await fetch(`${base}/invoices/series`)).json()).lastSequence
  const r = await post('/invoices/issue', { draft: load('invoice-draft-invalid.json'), issueDate: '2026-11-22' })
  assert.equal(r.status, 422)
  assert.equal(r.body.error.code, 'invalid')
  assert.ok(r.body.error.details.length >= 2)
  const after = (await (await fetch(`${base}/invoices/series`)).json()).lastSequence
  assert.equal(after, before)
})

test('20 concurrent issuances get 20 consecutive numbers, no duplicate, no gap', async () => {
  const start = (await (await fetch(`${base}/invoices/series`)).json()).lastSequence
  const draft = load('invoice-draft.json')
  const results = await Promise.all(Array.from({ length: 20 }, () => post('/invoices/issue', { draft, issueDate: '2026-11-22' })))
  assert.ok(results.every((r) => r.status === 200), JSON.stringify(results.find((r) => r.status !== 200)))
  const numbers = results.map((r) => r.body.number)
  assert.equal(new Set(numbers).size, 20, 'no duplicate')
  const expected = Array.from({ length: 20 }, (_, i) => `F-2026-${String(start + i + 1).padStart(5, '0')}`)
  assert.deepEqual(numbers.slice().sort(), expected, 'no gap')
  const series = await (await fetch(`${base}/invoices/series`)).json()
  assert.equal(series.lastSequence, start + 20)
  // The series audits clean over every number the service issued.
})

test('unknown routes are 404', async () => {
  const r = await post('/nope', {})
  assert.equal(r.status, 404)
})
