'use strict'
// renderReminderPdf and renderStatementPdf: the reminder letters and account statements of the
// receivables report of examples/receivables.json as of 16/03/2026, as PDF Buffers, reproducibly;
// malformed arguments and inconsistent data rejected with their code and path.
const test = require('node:test')
const assert = require('node:assert/strict')

const f = require('..')
const { assertPdf, example, pdfText } = require('./helpers')

const AS_OF = '2026-03-16'

let input
let report
/** The issued invoice `number` of the input. */
const invoiceOf = (number) => input.invoices.find((e) => e.invoice.number === number).invoice
/** The reminder due for invoice `number`. */
const reminderOf = (number) => report.reminders.find((m) => m.invoice === number)
/** The account of `customerId`, with the seller and buyer of its latest invoice. */
function statementOf(customerId) {
  const account = report.customers.find((c) => c.customerId === customerId)
  const latest = report.invoices.filter((i) => i.customerId === customerId).at(-1)
  const { seller, buyer } = invoiceOf(latest.number).content
  return { account, seller, buyer }
}

test.before(async () => {
  input = example('receivables.json')
  report = await f.receivables(input, AS_OF)
})

test('renderReminderPdf: every reminder due renders to a PDF Buffer, reproducibly', async () => {
  assert.deepEqual(report.reminders.map((m) => m.level), ['formal_notice', 'courteous'])
  for (const reminder of report.reminders) {
    const promise = f.renderReminderPdf(reminder, invoiceOf(reminder.invoice), AS_OF)
    assert.ok(promise instanceof Promise)
    const pdf = await promise
    assertPdf(pdf)
    assert.ok(pdf.equals(await f.renderReminderPdf(reminder, invoiceOf(reminder.invoice), AS_OF)), 'deterministic')
    const text = pdfText(pdf)
    if (text !== null) assert.ok(text.includes(reminder.invoice), `${reminder.level}: the invoice ${reminder.invoice} is named`)
  }
  const notice = pdfText(await f.renderReminderPdf(reminderOf('F-2026-00001'), invoiceOf('F-2026-00001'), AS_OF))
  if (notice !== null) {
    assert.match(notice, /[Mm]ise en demeure/)
    assert.ok(notice.includes('1 458,64') || notice.includes('1458,64'), 'the total claimed')
  }
})

test('renderReminderPdf: the letter date and the options change the bytes; snake_case accepted', async () => {
  const reminder = reminderOf('F-2026-00001')
  const invoice = invoiceOf('F-2026-00001')
  const plain = await f.renderReminderPdf(reminder, invoice, AS_OF)
  assert.ok(!plain.equals(await f.renderReminderPdf(reminder, invoice, '2026-03-17')))
  const footer = await f.renderReminderPdf(reminder, invoice, AS_OF, { footer: 'Service recouvrement', primaryColor: '#AA3300' })
  assertPdf(footer)
  assert.ok(!footer.equals(plain))
  assert.ok((await f.renderReminderPdf(reminder, invoice, AS_OF, { footer: undefined })).equals(plain))
  assert.ok((await f.renderReminderPdf(reminder, invoice, AS_OF, { pdfA: true })).includes('pdfaid'), 'PDF/A')
  const snake = JSON.parse(JSON.stringify(reminder).replace(/"([a-z]+[A-Z][A-Za-z]*)":/g, (_, k) => `"${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}":`))
  assert.ok('total_claimed' in snake)
  assert.ok((await f.renderReminderPdf(snake, invoice, AS_OF)).equals(plain))
})

test('renderStatementPdf: a customer account statement, reproducibly', async () => {
  const { account, seller, buyer } = statementOf('CUST-004')
  const pdf = await f.renderStatementPdf(account, seller, buyer, AS_OF)
  assertPdf(pdf)
  assert.ok(pdf.equals(await f.renderStatementPdf(account, seller, buyer, AS_OF)), 'deterministic')
  const text = pdfText(pdf)
  if (text !== null) for (const entry of account.entries) assert.ok(text.includes(entry.reference), `${entry.reference} is listed`)
  const branded = await f.renderStatementPdf(account, seller, buyer, AS_OF, { footer: 'Merci' })
  assert.ok(!branded.equals(pdf))
  for (const customer of report.customers) {
    const s = statementOf(customer.customerId)
    assertPdf(await f.renderStatementPdf(s.account, s.seller, s.buyer, AS_OF))
  }
})

test('renderStatementPdf: options.invoices lists the customer\'s overdue invoices', async () => {
  const { account, seller, buyer } = statementOf('CUST-001')
  const plain = await f.renderStatementPdf(account, seller, buyer, AS_OF)
  const listed = await f.renderStatementPdf(account, seller, buyer, AS_OF, { invoices: report.invoices })
  assertPdf(listed)
  assert.ok(!listed.equals(plain))
  assert.ok(listed.equals(await f.renderStatementPdf(account, seller, buyer, AS_OF, { invoices: report.invoices })), 'deterministic')
  assert.ok((await f.renderStatementPdf(account, seller, buyer, AS_OF, { invoices: [] })).equals(plain), 'none listed')
  const text = pdfText(listed)
  if (text !== null) assert.match(text, /F-2026-00001[^\n]*40 jours/, 'the overdue invoice and its days late')
  // other customers' invoices are ignored
  const studio = statementOf('CUST-004')
  const others = report.invoices.filter((i) => i.customerId !== 'CUST-004')
  assert.ok(
    (await f.renderStatementPdf(studio.account, studio.seller, studio.buyer, AS_OF, { invoices: others })).equals(
      await f.renderStatementPdf(studio.account, studio.seller, studio.buyer, AS_OF),
    ),
  )
})

test('4 concurrent letter renders resolve to equal PDFs', async () => {
  const reminder = reminderOf('F-2026-00006')
  const pdfs = await Promise.all(Array.from({ length: 4 }, () => f.renderReminderPdf(reminder, invoiceOf('F-2026-00006'), AS_OF)))
  for (const pdf of pdfs) assert.ok(pdf.equals(pdfs[0]))
})

test('malformed arguments reject with parse, type or float and the path, never a synchronous throw', async () => {
  const reminder = reminderOf('F-2026-00001')
  const invoice = invoiceOf('F-2026-00001')
  const { account, seller, buyer } = statementOf('CUST-004')
  const cases = [
    [() => f.renderReminderPdf({ ...reminder, totalClaimed: 1458.64 }, invoice, AS_OF), 'float', 'totalClaimed'],
    [() => f.renderReminderPdf({ ...reminder, kind: 'threat' }, invoice, AS_OF), 'parse', 'kind'],
    [() => f.renderReminderPdf(reminder, { ...invoice, number: 7 }, AS_OF), 'parse', 'invoice.number'],
    [() => f.renderReminderPdf(reminder, invoice, '16/03/2026'), 'invalid', 'letterDate'],
    [() => f.renderReminderPdf(reminder, invoice, AS_OF, { footer: 3 }), 'type', 'options.footer'],
    [() => f.renderReminderPdf(undefined, undefined, undefined), 'parse', undefined],
    [() => f.renderStatementPdf({ ...account, balance: 480.5 }, seller, buyer, AS_OF), 'float', 'balance'],
    [() => f.renderStatementPdf(account, { ...seller, siren: 813883964 }, buyer, AS_OF), 'parse', 'seller.siren'],
    [() => f.renderStatementPdf(account, seller, 'Studio', AS_OF), 'type', 'buyer'],
    [() => f.renderStatementPdf(account, seller, buyer, 'now'), 'invalid', 'asOf'],
    [() => f.renderStatementPdf(account, seller, buyer, AS_OF, { logoFormat: 'svg' }), 'pdf.branding', null],
    [() => f.renderStatementPdf(account, seller, buyer, AS_OF, { invoices: 'all' }), 'type', 'options.invoices'],
    [() => f.renderStatementPdf(account, seller, buyer, AS_OF, { invoices: [{ ...report.invoices[0], outstanding: 1400.5 }] }), 'float', 'options.invoices[0].outstanding'],
    [() => f.renderReminderPdf(reminder, invoice, AS_OF, { invoices: [] }), 'parse', 'options.invoices'],
  ]
  for (const [call, code, path] of cases) {
    let promise
    assert.doesNotThrow(() => {
      promise = call()
    })
    await assert.rejects(promise, (e) => {
      assert.ok(e instanceof Error)
      assert.equal(e.code, code, e.message)
      if (path !== undefined) assert.equal(e.path, path, e.message)
      return true
    })
  }
})

test('inconsistent letters and statements reject with the core\'s codes', async () => {
  const reminder = reminderOf('F-2026-00001')
  const { account, seller, buyer } = statementOf('CUST-004')
  const rejectsWith = (promise, code) =>
    assert.rejects(promise, (e) => {
      assert.equal(e.code, 'invalid', e.message)
      assert.ok(e.details.some((v) => v.code === code), JSON.stringify(e.details))
      return true
    })
  await rejectsWith(f.renderReminderPdf(reminder, invoiceOf('F-2026-00002'), AS_OF), 'reminder.invoice.mismatch')
  await rejectsWith(f.renderReminderPdf(reminder, invoiceOf('F-2026-00001'), '2026-01-01'), 'reminder.letter_date.before_invoice')
  await rejectsWith(f.renderStatementPdf(account, seller, buyer, '2026-02-01'), 'statement.entry.after_as_of')
})
