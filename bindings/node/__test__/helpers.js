'use strict'
// Shared fixtures: the workspace's example documents, with camelCase keys as a Node user writes them.
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..', '..', '..')

/** `unit_price` → `unitPrice`, recursively on object keys (values untouched). */
function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys)
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), camelKeys(x)]))
  }
  return v
}

/** An example of `examples/`, as written (snake_case keys). */
function exampleSnake(name) {
  return JSON.parse(fs.readFileSync(path.join(root, 'examples', name), 'utf8'))
}

/** An example of `examples/` with camelCase keys. */
function example(name) {
  return camelKeys(exampleSnake(name))
}

/**
 * The documents of the story (story.test.js, same figures as `facturier demo`), built through the
 * binding: the accepted quote D-2026-0042 (v2), its 30 % deposit invoice, the final invoice and a
 * partial credit note.
 */
async function storyDocuments() {
  const f = require('..')
  let quote = await f.newQuote('D-2026-0042', example('quote-v1.json'))
  quote = await f.sendQuote(quote, '2026-10-01')
  quote = await f.reviseQuote(quote, example('quote-v2.json'))
  quote = await f.sendQuote(quote, '2026-10-08')
  quote = await f.acceptQuote(quote, '2026-10-12')
  let invoices = { ...f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), year: 2026, lastSequence: 41, lastIssueDate: '2026-10-05' }
  let issued = await f.issueInvoice(await f.quoteToDeposit(quote, { percent: '30' }), invoices, '2026-10-13')
  const deposit = issued.invoice
  invoices = issued.state
  const finalDraft = await f.quoteToFinal(quote, [deposit])
  finalDraft.deliveryDate = '2026-11-16'
  finalDraft.purchaseOrder = 'BC-2026-118'
  issued = await f.issueInvoice(finalDraft, invoices, '2026-11-20')
  const final = issued.invoice
  const credits = f.newNumberingState('credit-notes', 'AV-{YYYY}-{SEQ:4}')
  const credit = (await f.issueInvoice(await f.creditNote(final, { lines: [{ lineId: '4', quantity: '3' }] }), credits, '2026-11-22')).invoice
  return { quote, deposit, final, credit }
}

/** The text of a PDF through pdftotext (poppler-utils), or null when it is not installed. */
function pdfText(pdf) {
  try {
    return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] })
  } catch (e) {
    if (e.code === 'ENOENT') return null
    throw e
  }
}

/** Fails unless `pdf` is a Buffer holding a PDF of some substance. */
function assertPdf(pdf) {
  assert.ok(Buffer.isBuffer(pdf), 'a Buffer')
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
  assert.ok(pdf.length > 1000)
}

module.exports = { root, camelKeys, example, exampleSnake, storyDocuments, pdfText, assertPdf }
