'use strict'
// Issue 12: how arguments cross into the addon (input.js: a walk, JSON.stringify, parsed in Rust
// off the event loop) and results come back (JSON text, JSON.parse). Whatever a value does, a
// Promise operation rejects with a facturier error and never throws; a synchronous one throws one.
const test = require('node:test')
const assert = require('node:assert/strict')

const f = require('..')
const { example } = require('./helpers')

const AS_OF = '2026-11-22'

/** Calls `call`, which must not throw, and checks what it rejects with. */
async function rejects(call, code, path, message) {
  let promise
  assert.doesNotThrow(() => {
    promise = call()
  }, 'a Promise operation never throws')
  assert.ok(promise instanceof Promise)
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error')
    assert.deepEqual([e.code, e.path], [code, path], e.message)
    assert.ok(Array.isArray(e.details), 'details')
    if (message) assert.match(e.message, message)
    return true
  })
}

/** The example draft with `mutate` applied to a copy. */
function draft(mutate = () => {}) {
  const d = example('invoice-draft.json')
  mutate(d)
  return d
}

test('a throwing getter or Proxy trap rejects with parse at its path, never a synchronous throw', async () => {
  const boom = () => {
    throw new Error('boom')
  }
  await rejects(() => f.checkInvoice(draft((d) => Object.defineProperty(d.lines[1], 'description', { enumerable: true, get: boom })), AS_OF), 'parse', 'lines[1].description', /boom/)
  await rejects(() => f.checkInvoice(draft((d) => (d.buyer = new Proxy({}, { ownKeys: boom }))), AS_OF), 'parse', 'buyer', /boom/)
  await rejects(() => f.checkInvoice(draft((d) => (d.lines[0] = new Proxy(d.lines[0], { get: boom }))), AS_OF), 'parse', 'lines[0]', /boom/)
  await rejects(() => f.checkInvoice(new Proxy({}, { getPrototypeOf: boom }), AS_OF), 'parse', '', /boom/)
  // a getter that throws only when JSON.stringify reads it (the second read)
  let reads = 0
  const late = draft((d) => Object.defineProperty(d, 'notes', { enumerable: true, get: () => (++reads > 1 ? boom() : []) }))
  await rejects(() => f.checkInvoice(late, AS_OF), 'parse', '', /cannot serialise the value: boom/)
  // a toJSON that throws, in a named argument
  await rejects(() => f.computeTotals(draft(), { toJSON: boom }), 'parse', 'asOf', /boom/)
  // in the options
  await rejects(() => f.renderPdf({}, Object.defineProperty({}, 'footer', { enumerable: true, get: boom })), 'parse', 'options.footer', /boom/)
})

test('a synchronous operation throws the same facturier errors', () => {
  const boom = () => {
    throw new Error('boom')
  }
  const terms = Object.defineProperty({ type: 'net_days' }, 'days', { enumerable: true, get: boom })
  assert.throws(() => f.dueDate(terms, AS_OF), (e) => e.code === 'parse' && e.path === 'days' && e instanceof TypeError)
  assert.throws(() => f.newNumberingState(10n, 'F-{YYYY}-{SEQ:5}'), (e) => e.code === 'parse' && e.path === 'series' && /BigInt/.test(e.message))
  assert.throws(() => f.nextNumber(f.newNumberingState('s', 'F-{YYYY}-{SEQ:5}'), new Date()), (e) => e.code === 'parse' && e.path === 'issueDate' && /Date is not accepted/.test(e.message))
})

test('values JSON.stringify would lose or mangle are refused at their path', async () => {
  await rejects(() => f.checkInvoice(draft((d) => (d.lines[2].quantity = 3n)), AS_OF), 'parse', 'lines[2].quantity', /BigInt/)
  await rejects(() => f.checkInvoice(draft((d) => (d.lines[2].unitPrice = NaN)), AS_OF), 'float', 'lines[2].unitPrice')
  await rejects(() => f.checkInvoice(draft((d) => (d.prepaidAmount = -Infinity)), AS_OF), 'float', 'prepaidAmount')
  await rejects(() => f.checkInvoice(draft((d) => (d.notes = ['a', () => 1])), AS_OF), 'parse', 'notes[1]', /function/)
  await rejects(() => f.checkInvoice(draft((d) => (d.buyer.name = Symbol('x'))), AS_OF), 'parse', 'buyer.name', /symbol/)
  // a Date, as an argument and inside a document: an explicit message, not its toJSON
  await rejects(() => f.checkInvoice(draft(), new Date('2026-11-22')), 'parse', 'asOf', /a Date is not accepted: write dates as "YYYY-MM-DD" strings/)
  await rejects(() => f.checkInvoice(draft((d) => (d.delivery_date = new Date())), AS_OF), 'parse', 'deliveryDate', /a Date is not accepted/)
  // a cycle
  const cyclic = draft()
  cyclic.notes = []
  cyclic.notes.push(cyclic.notes)
  await rejects(() => f.checkInvoice(cyclic, AS_OF), 'parse', `notes${'[0]'.repeat(63)}`, /nested deeper than 64 levels/)
})

test('numbers: safe integers pass; fractions, unsafe integers and exponents are floats (checked in Rust)', async () => {
  const state = f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}')
  const issued = await f.issueInvoice(draft((d) => (d.lines[0].quantity = 6)), state, AS_OF)
  assert.equal(issued.invoice.content.lines[0].quantity, '6')
  await rejects(() => f.checkInvoice(draft((d) => (d.lines[0].unitPrice = 650.5)), AS_OF), 'float', 'lines[0].unitPrice')
  // JSON.stringify prints 2 ** 53 + 2 exactly, and 1e21 as 1e+21: neither is a safe integer
  await rejects(() => f.issueInvoice(draft(), { ...state, lastSequence: 2 ** 53 + 2 }, AS_OF), 'float', 'numberingState.lastSequence')
  await rejects(() => f.checkInvoice(draft((d) => (d.lines[1].quantity = 1e21)), AS_OF), 'float', 'lines[1].quantity')
  assert.throws(() => f.dueDate({ type: 'net_days', days: -(2 ** 60) }, AS_OF), (e) => e.code === 'float' && e.path === 'days')
})

test('a list with a huge length but few items is refused at once, by the host limits', async () => {
  const holey = []
  holey.length = 1e9
  await rejects(() => f.checkInvoice(draft((d) => (d.lines = holey)), AS_OF), 'invalid', 'lines', /1000000000 items, more than the limit of 100000/)
  const notes = ['a']
  notes.length = 2 ** 32 - 1
  await rejects(() => f.checkInvoice(draft((d) => (d.notes = notes)), AS_OF), 'invalid', 'notes')
  // deeper, and in a synchronous operation
  const series = [f.newNumberingState('a', 'F-{YYYY}-{SEQ:5}')]
  series.length = 5e8
  assert.throws(() => f.checkNumberingSeries(series), (e) => e.code === 'invalid' && e.path === '' && e.details[0].code === 'input.limit')
  // the host's limits, as the core applies them (the same message and violation)
  const previous = f.configureLimits()
  try {
    f.configureLimits({ maxLines: 5, maxItems: 2 })
    let fromJs
    await f.checkInvoice(draft((d) => (d.lines.length = 9)), AS_OF).catch((e) => (fromJs = e))
    assert.deepEqual([fromJs.code, fromJs.path, fromJs.details[0].code], ['invalid', 'lines', 'input.limit'])
    assert.equal(fromJs.details[0].message, '9 items, more than the limit of 5')
    await rejects(() => f.checkInvoice(draft((d) => (d.notes = ['a', 'b', 'c'])), AS_OF), 'invalid', 'notes', /3 items, more than the limit of 2/)
    await rejects(() => f.checkInvoice(draft((d) => (d.lines[0].notes = [1, 2, 3])), AS_OF), 'invalid', 'lines[0].notes')
  } finally {
    f.configureLimits(previous)
  }
  assert.equal(f.configureLimits().maxLines, 100000)
})

test('keys: camelCase or snake_case, not both for one field', async () => {
  const mixed = draft((d) => {
    d.buyer.vat_number = d.buyer.vatNumber
    delete d.buyer.vatNumber
  })
  assert.deepEqual(await f.checkInvoice(mixed, AS_OF), [])
  await rejects(() => f.checkInvoice(draft((d) => (d.buyer.vat_number = d.buyer.vatNumber)), AS_OF), 'parse', 'buyer.vatNumber', /given twice/)
  await rejects(() => f.renderPdf({}, { pdfA: true, pdf_a: true }), 'parse', 'options.pdfA', /given twice/)
})

test('a lone surrogate is invalid text at its path', async () => {
  await rejects(() => f.checkInvoice(draft((d) => (d.lines[3].description = 'x\udc00')), AS_OF), 'invalid', 'lines[3].description', /lone surrogate/)
  await rejects(() => f.checkInvoice(draft((d) => (d.buyer['\ud800'] = 1)), AS_OF), 'invalid', 'buyer')
  assert.deepEqual(await f.checkInvoice(draft((d) => (d.lines[3].description = 'Pose \u{1F600}')), AS_OF), [])
})

test('absent values and other JSON forms', async () => {
  // undefined fields are absent; null stands for absent arguments and options
  assert.deepEqual(await f.checkInvoice(draft((d) => (d.deliveryDate = undefined)), AS_OF), [])
  assert.equal((await f.creditNote(await issuedInvoice(), null, undefined)).kind, 'credit_note')
  // a value with its own toJSON is written by it (a decimal library's number)
  const decimal = { toJSON: () => '650.00', digits: [6, 5, 0] }
  const totals = await f.computeTotals(draft((d) => (d.lines[0].unitPrice = decimal)), AS_OF)
  assert.equal(totals.totalInclTax, '5384.73')
  // a logo must be a Buffer
  await rejects(() => f.renderPdf(issuedSync, { logo: 'logo.svg', logoFormat: 'svg', logoAlt: 'x' }), 'type', 'options.logo')
})

let issuedSync = {}
async function issuedInvoice() {
  const { invoice } = await f.issueInvoice(draft(), f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), AS_OF)
  issuedSync = invoice
  return invoice
}

test('a 100 000-line invoice goes in and comes out (no limit on the values of one conversion)', async () => {
  const big = draft((d) => {
    const lines = d.lines
    d.lines = Array.from({ length: 100000 }, (_, i) => ({ ...lines[i % lines.length], id: String(i + 1) }))
  })
  const { invoice } = await f.issueInvoice(big, f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), AS_OF)
  assert.equal(invoice.content.lines.length, 100000)
  assert.equal(invoice.content.lines[99999].id, '100000')
  assert.equal(typeof invoice.totals.totalInclTax, 'string')
  // and an error with 10 000 violations, their paths in camelCase in the details and the message
  const bad = big.lines.slice(0, 5000).map((line) => ({ ...line, quantity: '1e3', unitPrice: '+5' }))
  const e = await f.checkInvoice({ ...big, lines: bad }, AS_OF).catch((x) => x)
  assert.deepEqual([e.code, e.path, e.details.length], ['invalid', null, 10000])
  assert.equal(e.details[9999].path, 'lines[4999].unitPrice')
  assert.ok(e.message.includes('lines[4999].unitPrice: `+5` is not a decimal') && !e.message.includes('unit_price'))
})
