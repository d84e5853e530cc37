'use strict'
// receivables and lateInterest on examples/receivables.json as of 16/03/2026: the figures computed
// by hand in tests/tests/receivables.rs, camelCase keys and decimal strings out, floats and invalid
// inputs refused with their code and path.
const test = require('node:test')
const assert = require('node:assert/strict')

const f = require('..')
const { example, exampleSnake } = require('./helpers')

const AS_OF = '2026-03-16'

/** Every object key of `v`, recursively. */
function keys(v, out = new Set()) {
  if (Array.isArray(v)) v.forEach((x) => keys(x, out))
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k)
      keys(x, out)
    }
  }
  return out
}

/** Asserts `promise` rejects with a facturier error of `code` (and `path` when given). */
async function rejectsWith(promise, code, pathExpected) {
  let error
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error')
    assert.equal(e.code, code, e.message)
    if (pathExpected !== undefined) assert.equal(e.path, pathExpected, e.message)
    assert.ok(Array.isArray(e.details))
    error = e
    return true
  })
  return error
}

let report
test.before(async () => {
  report = await f.receivables(example('receivables.json'), AS_OF)
})

test('receivables: a Promise of the report, camelCase keys, decimals as strings', async () => {
  const promise = f.receivables(example('receivables.json'), AS_OF)
  assert.ok(promise instanceof Promise)
  assert.deepEqual(await promise, report)
  assert.equal(report.asOf, AS_OF)
  assert.deepEqual(Object.keys(report).sort(), [
    'aging',
    'asOf',
    'cash',
    'creditNotes',
    'customers',
    'drafts',
    'interest',
    'invoices',
    'payments',
    'refunds',
    'reminders',
    'warnings',
  ])
  const snakeKeys = [...keys(report)].filter((k) => /_[a-z]/.test(k))
  assert.deepEqual(snakeKeys, [], 'no snake_case key')
  // an underscore before a digit stays: `days_1_30`, `daysOver_90`
  assert.deepEqual(Object.keys(report.aging.total).sort(), ['daysOver_90', 'days_1_30', 'days_31_60', 'days_61_90', 'notDue', 'total'])
  const first = report.invoices[0]
  assert.equal(typeof first.amountDue, 'string')
  assert.equal(typeof first.daysLate, 'number')
  // snake_case input, as in examples/, gives the same report
  assert.deepEqual(await f.receivables(exampleSnake('receivables.json'), AS_OF), report)
})

test('receivables: statuses, settlements, accounts and aging as computed by hand', () => {
  const rows = report.invoices.map((i) => [i.number, i.customerId, i.amountDue, i.outstanding, i.status])
  assert.deepEqual(rows, [
    ['F-2026-00001', 'CUST-001', '2400.00', '1400.00', 'overdue'],
    ['F-2026-00002', 'CUST-002', '3600.00', '0.00', 'paid'],
    ['F-2026-00003', 'CUST-003', '850.00', '850.00', 'overdue'],
    ['F-2026-00004', 'CUST-004', '1200.00', '0.00', 'paid'],
    ['F-2026-00005', 'CUST-001', '430.56', '430.56', 'issued_unpaid'],
    ['F-2026-00006', 'CUST-004', '600.00', '480.00', 'partially_paid'],
  ])
  const inv = (n) => report.invoices.find((i) => i.number === n)
  assert.equal(inv('F-2026-00001').daysLate, 40)
  assert.equal(inv('F-2026-00005').dueDate, '2026-04-30')
  assert.equal(inv('F-2026-00002').settledOn, '2026-03-03')

  const card = report.payments.find((p) => p.id === 'PAY-0003')
  assert.deepEqual([card.allocated, card.refunded, card.credit], ['1200.00', '50.00', '0'])
  assert.equal(report.creditNotes[0].number, 'AV-2026-0001')
  assert.equal(report.creditNotes[0].allocations[0].invoice, 'F-2026-00006')
  const studio = report.customers.find((c) => c.customerId === 'CUST-004')
  assert.deepEqual([studio.invoiced, studio.credited, studio.received, studio.refunded], ['1800.00', '120.00', '1250.00', '50.00'])
  assert.deepEqual([studio.outstanding, studio.credit, studio.balance], ['480.00', '0', '480.00'])
  assert.deepEqual(studio.entries.map((e) => e.kind), ['invoice', 'payment', 'credit_note', 'refund', 'invoice'])

  const aging = report.aging.total
  assert.deepEqual([aging.notDue, aging.days_31_60, aging.total], ['910.56', '2250.00', '3160.56'])
})

test('receivables: interest, reminders due and cash figures', () => {
  const interest = report.interest.invoices.map((i) => [i.invoice, i.result.interest, i.result.indemnity])
  assert.deepEqual(interest, [
    ['F-2026-00001', '18.64', '40.00'],
    ['F-2026-00002', '20.02', '40.00'],
    ['F-2026-00003', '0.61', '0'],
  ])
  assert.deepEqual([report.interest.interest, report.interest.indemnities, report.interest.total], ['39.27', '80.00', '119.27'])
  assert.equal(report.interest.provisional, false)

  const due = report.reminders.map((m) => [m.invoice, m.level, m.kind, m.totalClaimed, m.paymentDeadline ?? null])
  assert.deepEqual(due, [
    ['F-2026-00001', 'formal_notice', 'formal_notice', '1458.64', '2026-03-24'],
    ['F-2026-00006', 'courteous', 'courteous', '480.00', null],
  ])
  const segment = report.reminders[0].interestDetail.segments[0]
  assert.deepEqual([segment.from, segment.to, segment.appliedRate, segment.base], ['2026-02-05', '2026-03-16', '12.15', '1400.00'])

  const flow = report.cash.flow
  assert.deepEqual([flow.invoiced, flow.credited, flow.netInvoiced], ['9080.56', '120.00', '8960.56'])
  assert.deepEqual([flow.collected, flow.refunded, flow.netCollected], ['5850.00', '50.00', '5800.00'])
  assert.equal(report.cash.outstanding, '3160.56')
  assert.deepEqual(report.cash.unpaid.map((u) => u.invoice), ['F-2026-00001', 'F-2026-00003', 'F-2026-00006', 'F-2026-00005'])
})

test('receivables: a fraction as a JS number is refused with code "float" and its path', async () => {
  const input = example('receivables.json')
  input.payments[1].amount = 3600.5
  await assert.rejects(f.receivables(input, AS_OF), (e) => {
    assert.ok(e instanceof TypeError, 'a TypeError')
    assert.equal(e.code, 'float')
    assert.equal(e.path, 'payments[1].amount')
    assert.match(e.message, /payments\[1\]\.amount/)
    return true
  })
  const snake = exampleSnake('receivables.json')
  snake.payments[0].allocations[0].amount = 999.99
  await rejectsWith(f.receivables(snake, AS_OF), 'float', 'payments[0].allocations[0].amount')
  // an integer is exact, hence accepted
  const integer = example('receivables.json')
  integer.payments[1].amount = 3600
  const exact = await f.receivables(integer, AS_OF)
  assert.deepEqual(exact.invoices.map((i) => i.status), report.invoices.map((i) => i.status))
  assert.equal(exact.invoices[1].paid, '3600')
})

test('receivables: an invalid input rejects with code "invalid", its camelCase path and every violation', async () => {
  const over = example('receivables.json')
  over.payments[0].allocations[0].amount = '5000.00'
  const e = await rejectsWith(f.receivables(over, AS_OF), 'invalid', 'payments[0].allocations')
  assert.equal(e.details.length, 1)
  assert.deepEqual(Object.keys(e.details[0]).sort(), ['code', 'message', 'path', 'source'])
  assert.equal(e.details[0].code, 'payment.allocation.exceeds_payment')

  const two = example('receivables.json')
  two.payments[0].allocations[0].amount = '5000.00'
  two.reminders[1].level = 'angry'
  two.rates = { ecbMainRefinancing: { changes: [{ effectiveFrom: '2026-01-01', rate: '-50' }], verifiedUntil: '2026-12-31' } }
  const all = await rejectsWith(f.receivables(two, AS_OF), 'invalid', null)
  const paths = all.details.map((d) => d.path).sort()
  assert.deepEqual(paths, ['payments[0].allocations', 'rates.ecbMainRefinancing.changes[0].rate'])
  assert.ok(!/ecb_main_refinancing/.test(all.message), 'the message names the camelCase path')

  const level = example('receivables.json')
  level.reminders[1].level = 'angry'
  assert.equal((await rejectsWith(f.receivables(level, AS_OF), 'invalid', 'reminders[1].level')).details[0].code, 'reminders.unknown')
})

test('receivables: malformed input rejects with code "parse" and its path', async () => {
  const mode = example('receivables.json')
  mode.payments[0].mode = 'bitcoin'
  await rejectsWith(f.receivables(mode, AS_OF), 'parse', 'payments[0].mode')
  await rejectsWith(f.receivables(example('receivables.json'), '16/03/2026'), 'invalid', 'asOf')
  await rejectsWith(f.receivables({ ...example('receivables.json'), ledger: [] }, AS_OF), 'parse')
  await rejectsWith(f.receivables({ invoices: 'none' }, AS_OF), 'parse', 'invoices')
  // an empty input is a valid, empty report
  const empty = await f.receivables({}, AS_OF)
  assert.deepEqual([empty.invoices, empty.reminders, empty.aging.total.total], [[], [], '0'])
})

test('lateInterest: L441-10 interest and the 40 € indemnity, rates overridable', async () => {
  const debt = { buyerKind: 'business', amountDue: '1400.00', dueDate: '2026-02-04' }
  const r = await f.lateInterest(debt, AS_OF)
  assert.deepEqual([r.regime, r.days, r.interest, r.indemnity, r.total, r.provisional], ['commercial', 40, '18.64', '40.00', '58.64', false])
  assert.equal(r.segments[0].rateBasis, 'ecb_plus_10')
  // 1 400 × 13,15 % × 40 / 365 = 20,1753 with an ECB rate of 3,15 % from 1 January
  const rates = { ecbMainRefinancing: { changes: [{ effectiveFrom: '2026-01-01', rate: '3.15' }], verifiedUntil: '2026-12-31' } }
  assert.equal((await f.lateInterest(debt, AS_OF, rates)).interest, '20.18')
  assert.deepEqual(await f.lateInterest(debt, AS_OF, undefined), r)
  // nothing is due up to the due date; a consumer owes nothing before a formal notice
  assert.equal((await f.lateInterest(debt, '2026-02-04')).total, '0')
  const consumer = await f.lateInterest({ ...debt, buyerKind: 'consumer' }, AS_OF)
  assert.equal(consumer.interest, '0')
  assert.match(consumer.note, /formal notice/)
  // settlements lower the base; snake_case keys accepted
  const settled = await f.lateInterest({ buyer_kind: 'business', amount_due: '1400.00', due_date: '2026-02-04', settlements: [{ date: '2026-02-04', amount: '1400.00' }] }, AS_OF)
  assert.equal(settled.total, '0')

  await rejectsWith(f.lateInterest({ ...debt, amountDue: 1400.5 }, AS_OF), 'float', 'amountDue')
  const bad = { ecbMainRefinancing: { changes: [{ effectiveFrom: '2026-01-01', rate: '-50' }], verifiedUntil: '2026-12-31' } }
  await rejectsWith(f.lateInterest(debt, AS_OF, bad), 'invalid', 'rates.ecbMainRefinancing.changes[0].rate')
  await rejectsWith(f.lateInterest(debt, AS_OF, { ecbMainRefinancing: { changes: [{ effectiveFrom: '2026-01-01', rate: 3.5 }] } }), 'float', 'rates.ecbMainRefinancing.changes[0].rate')
  await rejectsWith(f.lateInterest({ ...debt, buyerKind: 'alien' }, AS_OF), 'parse', 'buyerKind')
  await rejectsWith(f.lateInterest(debt, 'yesterday'), 'invalid', 'asOf')
})
