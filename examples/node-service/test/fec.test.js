'use strict'
// The FEC from the service: POST /accounting/fec posts the journal of a ledger, keeps the entries
// of the year and streams the file facturier wrote (flat or XML); entries not validated are refused.
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

function post(route, body) {
  return fetch(base + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
}

/** The sample ledger as an accounting input; with `validated`, its entries up to 16/03/2026 numbered on 31/03/2026. */
async function ledger(validated) {
  const facts = load('receivables.json')
  const input = { invoices: facts.invoices, payments: facts.payments, refunds: facts.refunds }
  if (!validated) return input
  const journal = await facturier.postJournal(input, '2026-03-16')
  const { entries } = await facturier.validateEntries(journal.entries, '2026-03-31')
  return { ...input, validated: entries.map((e) => ({ id: e.id, number: e.number, validDate: e.validDate })) }
}

test('POST /accounting/fec streams the FEC of the year, named SirenFECAAAAMMJJ', async () => {
  const input = await ledger(true)
  // the facts after 16/03 are not validated: the year is cut at the validated ones here
  const res = await post('/accounting/fec', { input: { ...input, payments: input.payments.filter((p) => p.date <= '2026-03-16') }, year: 2026 })
  const body = Buffer.from(await res.arrayBuffer())
  assert.equal(res.status, 200, body.toString())
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="813883964FEC20261231.txt"')
  assert.match(res.headers.get('content-type'), /^text\/plain/)
  const records = await facturier.fecRead(body)
  assert.deepEqual([records[0].ecritureNum, records[0].debit], ['000001', '2400.00'])
  const report = await facturier.fecCheck(body, { fileName: '813883964FEC20261231.txt' })
  assert.deepEqual([report.readable, report.errors], [true, 0])
  const xml = await post('/accounting/fec', { input: { ...input, payments: input.payments.filter((p) => p.date <= '2026-03-16') }, year: 2026, format: 'xml' })
  assert.equal(xml.status, 200)
  assert.equal((await facturier.fecRead(Buffer.from(await xml.arrayBuffer()))).length, records.length)
})

test('POST /accounting/fec refuses entries not validated, and a bad year', async () => {
  const res = await post('/accounting/fec', { input: await ledger(false), year: 2026 })
  assert.equal(res.status, 409)
  assert.equal((await res.json()).error.code, 'fec.entry')
  const bad = await post('/accounting/fec', { input: await ledger(false), year: 'next' })
  assert.equal(bad.status, 400)
  assert.deepEqual([(await bad.json()).error.path], ['year'])
})

test('POST /mrr/pdf renders the MRR report of the posted contracts; a range running backwards is refused', async () => {
  const contract = (name) => load(`../core/src/contracts/examples/${name}.json`)
  const input = { contracts: [contract('maintenance'), contract('consumer-subscription')] }
  const res = await post('/mrr/pdf', { input, from: '2026-01', to: '2026-04' })
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'application/pdf')
  assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), '%PDF-')
  const bad = await post('/mrr/pdf', { input, from: '2026-05', to: '2026-04' })
  assert.equal((await bad.json()).error.code, 'mrr.period.invalid')
})
