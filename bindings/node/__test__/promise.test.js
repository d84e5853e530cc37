'use strict'
// Document operations are Promises computed off the event loop; errors keep their shape.
const test = require('node:test')
const assert = require('node:assert/strict')

const f = require('..')
const { example } = require('./helpers')

test('document operations return Promises and settle independently', async () => {
  const draft = example('invoice-draft.json')
  const promises = Array.from({ length: 200 }, () => f.computeTotals(draft, '2026-11-22'))
  assert.ok(promises.every((p) => p instanceof Promise))
  let ticks = 0
  const timer = setInterval(() => ticks++, 0)
  const results = await Promise.all(promises)
  clearInterval(timer)
  assert.ok(results.every((t) => t.totalInclTax === '5384.73'))
  assert.ok(ticks >= 0)
})

test('a failing call does not disturb concurrent successful ones', async () => {
  const good = example('invoice-draft.json')
  const bad = example('invoice-draft.json')
  bad.lines[0].unitPrice = 1.1
  const settled = await Promise.allSettled([f.computeTotals(good, '2026-11-22'), f.computeTotals(bad, '2026-11-22'), f.checkInvoice(good, '2026-11-22')])
  assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled'])
  assert.equal(settled[1].reason.code, 'float')
})

test('sync functions do not return Promises; async ones never throw synchronously', () => {
  assert.equal(typeof f.dueDate({ type: 'on_receipt' }, '2026-01-01'), 'string')
  assert.equal(typeof f.quoteStatus, 'function')
  let p
  assert.doesNotThrow(() => {
    p = f.computeTotals(undefined, undefined)
  })
  return assert.rejects(p, (e) => e.code === 'parse')
})
