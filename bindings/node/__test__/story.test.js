'use strict'
// The whole sale, as the CLI demo tells it: quote v1 → v2 → sent → accepted → 30 % deposit →
// final invoice deducting it → partial credit note. Same figures as `facturier demo`.
const test = require('node:test')
const assert = require('node:assert/strict')

const f = require('..')
const { example, exampleSnake } = require('./helpers')

test('the full story, camelCase documents', async () => {
  const v1 = example('quote-v1.json')
  const v2 = example('quote-v2.json')
  let quote = await f.newQuote('D-2026-0042', v1)
  quote = await f.sendQuote(quote, '2026-10-01')
  quote = await f.reviseQuote(quote, v2)
  assert.equal(quote.versions.length, 2)
  quote = await f.sendQuote(quote, '2026-10-08')
  quote = await f.acceptQuote(quote, '2026-10-12')
  assert.equal(quote.status, 'accepted')
  assert.deepEqual(
    quote.history.map((h) => [h.status, h.date, h.version]),
    [['draft', '2026-10-01', 1], ['sent', '2026-10-01', 1], ['draft', '2026-10-08', 2], ['sent', '2026-10-08', 2], ['accepted', '2026-10-12', 2]],
  )
  const totals = await f.quoteTotals(quote)
  assert.equal(totals.totalExclTax, '4522.80')
  assert.equal(totals.totalInclTax, '5384.73')
  await assert.rejects(f.reviseQuote(quote, v2), (e) => e.code === 'quote.transition')

  // The invoice series already holds 41 invoices this year; credit notes have their own series.
  let invoices = { ...f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), year: 2026, lastSequence: 41, lastIssueDate: '2026-10-05' }
  let credits = f.newNumberingState('credit-notes', 'AV-{YYYY}-{SEQ:4}')

  const depositDraft = await f.quoteToDeposit(quote, { percent: '30' })
  assert.equal(depositDraft.kind, 'deposit')
  assert.deepEqual(depositDraft.quote, { number: 'D-2026-0042', version: 2 })
  let issued = await f.issueInvoice(depositDraft, invoices, '2026-10-13')
  const deposit = issued.invoice
  invoices = issued.state
  assert.equal(deposit.number, 'F-2026-00042')
  assert.equal(deposit.dueDate, '2026-11-12')
  assert.equal(deposit.totals.totalExclTax, '1356.84')
  assert.equal(deposit.totals.vatTotal, '258.58')
  assert.equal(deposit.totals.totalInclTax, '1615.42')

  // Nothing more than the rest can be asked as a second deposit.
  const second = await f.quoteToDeposit(quote, { amountExclTax: '100.00' }, [deposit])
  assert.equal(second.lines.reduce((s, l) => s + Number(l.unitPrice) * 100, 0), 10000)

  const finalDraft = await f.quoteToFinal(quote, [deposit])
  finalDraft.deliveryDate = '2026-11-16'
  finalDraft.purchaseOrder = 'BC-2026-118'
  assert.deepEqual(await f.checkInvoice(finalDraft, '2026-11-20'), [])
  issued = await f.issueInvoice(finalDraft, invoices, '2026-11-20')
  const final = issued.invoice
  invoices = issued.state
  assert.equal(final.number, 'F-2026-00043')
  assert.equal(final.content.kind, 'final')
  assert.equal(final.totals.totalInclTax, '5384.73')
  assert.equal(final.totals.depositsTotal, '1615.42')
  assert.equal(final.totals.amountDue, '3769.31')
  assert.equal(invoices.lastSequence, 43)

  // The same final draft from the operation draft directly.
  const viaFinalInvoice = await f.finalInvoice(await f.quoteToInvoice(quote), [deposit])
  assert.deepEqual(viaFinalInvoice.deposits, finalDraft.deposits)
  await assert.rejects(f.finalInvoice(await f.quoteToInvoice(quote), [final]), (e) => e.code === 'deposit.final.not_a_deposit' && e.path === 'deposits[0]' && /CGI 289/.test(e.source))

  // Three months of hosting will not be provided: credit them.
  const creditDraft = await f.creditNote(final, { lines: [{ lineId: '4', quantity: '3' }] })
  issued = await f.issueInvoice(creditDraft, credits, '2026-11-22')
  const credit = issued.invoice
  credits = issued.state
  assert.equal(credit.number, 'AV-2026-0001')
  assert.equal(credit.totals.totalExclTax, '89.70')
  assert.equal(credit.totals.vatTotal, '17.94')
  assert.equal(credit.totals.totalInclTax, '107.64')
  assert.equal(credit.content.precedingInvoice.number, 'F-2026-00043')
  await assert.rejects(f.creditNote(final, { lines: [{ lineId: '4', quantity: '13' }] }), (e) => e.code === 'credit_note.quantity.out_of_range' && e.path === 'selection[0].quantity')
  await assert.rejects(f.creditNote(final, { lines: [{ lineId: '4', quantity: 1.5 }] }), (e) => e.code === 'float' && e.path === 'selection.lines[0].quantity')
  const gesture = await f.creditNote(final, { amount: { amount: '50.00', vatCategory: 'S', vatRate: '20', reason: 'Geste commercial' } })
  assert.equal(gesture.lines[0].unitPrice, '50.00')

  const report = await f.numberingReport(invoices, ['F-2026-00042', 'F-2026-00043'])
  assert.equal(report.gaps.length, 1, 'the 41 earlier invoices are missing from the list')
  assert.deepEqual([report.gaps[0].missingFrom, report.gaps[0].missingTo], [1, 41])
})

test('snake_case documents are accepted as they are in examples/', async () => {
  const quote = await f.newQuote('D-1', exampleSnake('quote-v1.json'))
  assert.equal(quote.versions[0].content.paymentTerms.type, 'net_days')
  const revised = await f.reviseQuote(quote, exampleSnake('quote-v2.json'))
  assert.equal((await f.quoteTotals(revised)).totalInclTax, '5384.73')
})
