'use strict'
// Every function of bindings/API.md, the value conversions and the error shape.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const f = require('..')
const { root, example, exampleSnake } = require('./helpers')

const AS_OF = '2026-11-22'

/** Asserts `promise` rejects with a facturier error of `code` (and `path` when given). */
async function rejectsWith(promise, code, pathExpected) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error')
    assert.equal(e.code, code, e.message)
    if (pathExpected !== undefined) assert.equal(e.path, pathExpected)
    assert.ok(Array.isArray(e.details))
    return true
  })
}

test('version equals package.json and the workspace version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'))
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8')
  const section = cargo.split(/^\[/m).find((s) => s.startsWith('workspace.package]'))
  assert.ok(section, '[workspace.package] in Cargo.toml')
  const workspaceVersion = /^version\s*=\s*"([^"]+)"/m.exec(section)[1]
  assert.equal(pkg.version, workspaceVersion, 'package.json version = [workspace.package] version')
  assert.equal(f.version, workspaceVersion)
})

test('schemaNames and jsonSchema: camelCase schemas, unknown name refused', () => {
  const names = f.schemaNames()
  // every schema the repository publishes (schema/*.schema.json), no more
  const published = fs
    .readdirSync(path.join(__dirname, '..', '..', '..', 'schema'))
    .filter((n) => n.endsWith('.schema.json'))
    .map((n) => n.slice(0, -'.schema.json'.length))
    .sort()
  assert.deepEqual(names.slice().sort(), published)
  assert.ok(names.includes('invoice-draft') && names.includes('receivables-report'))
  const draft = f.jsonSchema('invoice-draft')
  assert.equal(draft.title, 'InvoiceDraft')
  assert.ok(draft.properties.paymentTerms, 'camelCase property names')
  assert.ok(!draft.properties.payment_terms)
  assert.ok(draft.$defs.Line.required.includes('unitPrice'), 'camelCase required names')
  assert.deepEqual(draft.properties.paymentTerms.default, { type: 'net_days', days: 30 }, 'enum values untouched')
  for (const n of names) assert.equal(typeof f.jsonSchema(n), 'object')
  assert.throws(() => f.jsonSchema('nope'), (e) => e.code === 'parse' && e.path === 'name')
  // an underscore before a digit stays, so that every key converts back to its snake_case name
  const buckets = f.jsonSchema('receivables-report').$defs.AgingBuckets
  assert.deepEqual(Object.keys(buckets.properties).sort(), ['daysOver_90', 'days_1_30', 'days_31_60', 'days_61_90', 'notDue', 'total'])
})

test('computeTotals: exact decimal strings, camelCase and snake_case keys alike', async () => {
  const promise = f.computeTotals(example('invoice-draft.json'), AS_OF)
  assert.ok(promise instanceof Promise)
  const t = await promise
  assert.equal(t.totalExclTax, '4522.80')
  assert.equal(t.vatTotal, '861.93')
  assert.equal(t.totalInclTax, '5384.73')
  assert.equal(t.amountDue, '5384.73')
  assert.equal(typeof t.vatBreakdown[0].rate, 'string')
  assert.deepEqual(await f.computeTotals(exampleSnake('invoice-draft.json'), AS_OF), t)
})

test('integers are exact and accepted; fractions, unsafe integers, NaN are refused with code "float"', async () => {
  const draft = example('invoice-draft.json')
  draft.lines[1].unitPrice = 90 // was "90.00"
  draft.lines[1].quantity = '3.5'
  assert.equal((await f.computeTotals(draft, AS_OF)).totalInclTax, '5384.73')

  for (const bad of [12.5, 0.1, 2 ** 53, Number.NaN, Infinity]) {
    const d = example('invoice-draft.json')
    d.lines[0].unitPrice = bad
    await assert.rejects(f.computeTotals(d, AS_OF), (e) => {
      assert.ok(e instanceof TypeError, 'a TypeError')
      assert.equal(e.code, 'float')
      assert.equal(e.path, 'lines[0].unitPrice')
      assert.deepEqual(e.details, [])
      assert.match(e.message, /lines\[0\]\.unitPrice/)
      return true
    })
  }
  // snake_case input: the path is still camelCase
  const snake = exampleSnake('invoice-draft.json')
  snake.lines[2].unit_price = 24.5
  await rejectsWith(f.checkInvoice(snake, AS_OF), 'float', 'lines[2].unitPrice')
  // other arguments are named in the path
  const state = f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}')
  await rejectsWith(f.issueInvoice(example('invoice-draft.json'), { ...state, lastSequence: 1.5 }, AS_OF), 'float', 'numberingState.lastSequence')
})

test('input errors reject the Promise (never a synchronous throw) with a path', async () => {
  const draft = example('invoice-draft.json')
  draft.lines[0].quantity = 'abc'
  // decimals and dates outside the schemas' grammar: violations of the core's JSON edge
  await rejectsWith(f.computeTotals(draft, AS_OF), 'invalid', 'lines[0].quantity')
  await rejectsWith(f.computeTotals(example('invoice-draft.json'), '22/11/2026'), 'invalid', 'asOf')
  await rejectsWith(f.computeTotals({ ...example('invoice-draft.json'), deliveryDate: new Date() }, AS_OF), 'parse', 'deliveryDate')
  await rejectsWith(f.computeTotals({ ...example('invoice-draft.json'), unknownField: 1 }, AS_OF), 'parse')
  await rejectsWith(f.computeTotals({ ...example('invoice-draft.json'), payment_terms: { type: 'on_receipt' } }, AS_OF), 'parse', 'paymentTerms')
  // an undefined optional field is absent
  assert.equal((await f.computeTotals({ ...example('invoice-draft.json'), deliveryDate: undefined }, AS_OF)).totalInclTax, '5384.73')
})

test('checkInvoice: every violation, camelCase paths; none for the valid example', async () => {
  assert.deepEqual(await f.checkInvoice(example('invoice-draft.json'), AS_OF), [])
  const v = await f.checkInvoice(example('invoice-draft-invalid.json'), AS_OF)
  assert.ok(v.length >= 2)
  for (const x of v) assert.deepEqual(Object.keys(x).sort(), ['code', 'message', 'path', 'source'])
  assert.ok(v.some((x) => x.path === 'seller.registration'), JSON.stringify(v.map((x) => x.path)))
  assert.ok(v.every((x) => !x.path.includes('_')))
})

test('issueInvoice: number, due date, next state; an invalid draft rejects with details', async () => {
  const state = f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}')
  const { invoice, state: next } = await f.issueInvoice(example('invoice-draft.json'), state, AS_OF)
  assert.equal(invoice.number, 'F-2026-00001')
  assert.equal(invoice.issueDate, AS_OF)
  assert.match(invoice.dueDate, /^\d{4}-\d{2}-\d{2}$/)
  assert.equal(invoice.totals.totalInclTax, '5384.73')
  assert.equal(next.lastSequence, 1)
  assert.equal(next.lastIssueDate, AS_OF)
  assert.equal(state.lastSequence, 0, 'the input state is not changed')

  await assert.rejects(f.issueInvoice(example('invoice-draft-invalid.json'), state, AS_OF), (e) => {
    assert.equal(e.code, 'invalid')
    assert.ok(e.details.length >= 2)
    assert.equal(e.path, null)
    for (const d of e.details) assert.deepEqual(Object.keys(d).sort(), ['code', 'message', 'path', 'source'])
    assert.ok(e.details.some((d) => d.path === 'seller.registration'))
    return true
  })
  // an issued invoice round-trips; a tampered one is refused
  const credit = await f.creditNote(invoice)
  assert.equal(credit.kind, 'credit_note')
  assert.deepEqual(credit.precedingInvoice, { number: 'F-2026-00001', issueDate: AS_OF, kind: 'standard' })
  // a tampered invoice loads as it is (archives stay readable): verifyInvoice and the credit note refuse it
  const tampered = { ...invoice, totals: { ...invoice.totals, totalInclTax: '1.00' } }
  assert.deepEqual(await f.verifyInvoice(invoice), [])
  assert.deepEqual((await f.verifyInvoice(tampered)).map((v) => [v.code, v.path]), [['issued.out_of_step', 'totals']])
  await assert.rejects(f.creditNote(tampered), (e) => e.code === 'invalid' && e.path === 'totals' && e.details[0].code === 'issued.out_of_step')
  // two series that could render the same number (242 nonies A I-7°)
  const clash = f.checkNumberingSeries([f.newNumberingState('a', 'F-{YYYY}-{SEQ:5}'), f.newNumberingState('b', 'F-{YYYY}-{SEQ:5}')])
  assert.deepEqual(clash.map((v) => [v.code, v.path]), [['numbering.series.collide', 'series[1].pattern']])
})

test('dueDate and newNumberingState are synchronous and throw facturier errors', () => {
  assert.equal(f.dueDate({ type: 'net_days', days: 30 }, '2026-01-31'), '2026-03-02')
  assert.equal(f.dueDate({ type: 'on_receipt' }, '2026-01-31'), '2026-01-31')
  assert.throws(() => f.dueDate({ type: 'net_days', days: 30 }, 'soon'), (e) => e.code === 'invalid' && e.path === 'issueDate')
  assert.throws(() => f.dueDate({ type: 'net_days', days: 30.5 }, '2026-01-31'), (e) => e instanceof TypeError && e.code === 'float' && e.path === 'days')

  const yearly = f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}')
  assert.deepEqual(yearly, { series: 'invoices', pattern: 'F-{YYYY}-{SEQ:5}', yearlyReset: true, lastSequence: 0 })
  assert.equal(f.newNumberingState('invoices', 'F-{SEQ:6}', false).yearlyReset, false)
  assert.throws(() => f.newNumberingState('invoices', 'F-{YYYY}'), (e) => e.code === 'numbering.pattern.invalid' && typeof e.path === 'string')
  assert.throws(() => f.newNumberingState('invoices', 'F-{SEQ}'), (e) => e.code === 'numbering.pattern.invalid', 'a yearly reset needs a year')
})

test('numberingReport: duplicates, gaps and strays', async () => {
  const state = { ...f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), year: 2026, lastSequence: 5, lastIssueDate: '2026-11-01' }
  const r = await f.numberingReport(state, ['F-2026-00001', 'F-2026-00002', 'F-2026-00002', 'F-2026-00005', 'X-1'])
  assert.equal(r.checked, 5)
  assert.deepEqual(r.duplicates, ['F-2026-00002'])
  assert.deepEqual(r.unparsable, ['X-1'])
  assert.deepEqual(r.gaps, [{ period: '2026', missingFrom: 3, missingTo: 4, missing: ['F-2026-00003', 'F-2026-00004'] }])
  await rejectsWith(f.numberingReport(state, 'F-2026-00001'), 'type', 'numbers')
})

test('quotes: status machine, duplicate, checks, totals, transition errors', async () => {
  const v1 = example('quote-v1.json')
  const q = await f.newQuote('D-1', v1)
  assert.equal(q.status, 'draft')
  assert.equal(q.versions[0].content.validUntil, '2026-10-31')
  assert.deepEqual(await f.checkQuote(q), [])
  assert.equal((await f.quoteTotals(q)).totalExclTax, '4509.00')
  const sent = await f.sendQuote(q, '2026-10-02')
  assert.equal(f.quoteStatus(sent, '2026-10-15'), 'sent')
  assert.equal(f.quoteStatus(sent, '2026-11-15'), 'expired')
  const refused = await f.refuseQuote(sent, '2026-10-03')
  assert.equal(refused.status, 'refused')
  await rejectsWith(f.acceptQuote(q, '2026-10-02'), 'quote.transition', null)
  await rejectsWith(f.acceptQuote(sent, '2026-12-01'), 'quote.transition')
  await rejectsWith(f.quoteToInvoice(q), 'quote.not_accepted', 'status')
  await rejectsWith(f.newQuote(' ', v1), 'invalid', 'number')
  const copy = await f.duplicateQuote(refused, 'D-2', '2026-10-05', '2026-11-05')
  assert.equal(copy.number, 'D-2')
  assert.equal(copy.status, 'draft')
  assert.equal(copy.versions[0].content.issueDate, '2026-10-05')
  const broken = { ...v1, validUntil: '2026-09-01' }
  const bad = await f.newQuote('D-3', broken)
  const violations = await f.checkQuote(bad)
  assert.ok(violations.some((v) => v.path === 'validUntil'))
  await rejectsWith(f.sendQuote(bad, '2026-10-01'), 'invalid', 'validUntil')
  assert.throws(() => f.quoteStatus({ ...q, status: 'expired' }, '2026-10-01'), (e) => e.code === 'parse' && /never `expired`/.test(e.message))
})

test('nextNumber previews the next number without allocating it', async () => {
  const state = f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}')
  assert.equal(f.nextNumber(state, '2026-11-22'), 'F-2026-00001')
  assert.equal((await f.issueInvoice(example('invoice-draft.json'), state, '2026-11-22')).invoice.number, 'F-2026-00001')
})

test('a Rust panic becomes an Error with code panic, and the process goes on', () => {
  assert.throws(() => require('../native')._panicForTests(), (e) => e.code === 'panic' && /deliberate panic/.test(e.message))
  assert.equal(f.dueDate({ type: 'on_receipt' }, '2026-01-01'), '2026-01-01')
})

test('rules lists every rule and error code once, with its source', () => {
  const rules = f.rules()
  const codes = rules.map((r) => r.code)
  assert.equal(new Set(codes).size, codes.length)
  for (const code of ['lines.empty', 'invalid', 'deposit.percent.out_of_range', 'credit_note.of_credit_note', 'numbering.date.before_last', 'reminder.invoice.mismatch', 'internal', 'pdf.branding', 'float', 'panic']) {
    assert.ok(codes.includes(code), code)
  }
  assert.ok(rules.every((r) => r.source))
})
