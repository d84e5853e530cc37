'use strict'
// Contracts and MRR (issue 13), accounting, the audit trail and the FEC (issue 14): figures worked
// by hand (the same as bindings/python/tests/test_contracts_accounting.py), camelCase keys and
// decimal strings, errors with their codes and camelCase paths, Buffers for FEC files.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const f = require('..')
const { example } = require('./helpers')

const maintenance = () => example('../core/src/contracts/examples/maintenance.json')
const consumer = () => example('../core/src/contracts/examples/consumer-subscription.json')
const FILE = '813883964FEC20261231.txt'

/** Asserts `promise` rejects with a facturier error of `code` (and `path` when given). */
async function rejectsWith(promise, code, pathExpected) {
  let error
  await assert.rejects(promise, (e) => {
    assert.equal(e.code, code, e.message)
    if (pathExpected !== undefined) assert.equal(e.path, pathExpected, e.message)
    error = e
    return true
  })
  return error
}

function accountingInput() {
  const facts = example('receivables.json')
  return { invoices: facts.invoices, payments: facts.payments, refunds: facts.refunds }
}

async function validatedEntries() {
  const journal = await f.postJournal(accountingInput(), '2026-03-16')
  return (await f.validateEntries(journal.entries, '2026-03-31')).entries
}

test('checkContract and contractAsOf: amendments applied, MRR as a decimal string', async () => {
  assert.deepEqual(await f.checkContract(maintenance()), [])
  const bad = maintenance()
  bad.lines[0].unitPrice = '-1'
  const violations = await f.checkContract(bad)
  assert.deepEqual(violations.map((v) => [v.code, v.path]), [['contract.line.unit_price.negative', 'lines[0].unitPrice']])
  // 2 sites × 200.00 = 400.00, then 3 from March (amendment 1): 600.00
  const before = await f.contractAsOf(maintenance(), '2026-02-15')
  const after = await f.contractAsOf(maintenance(), '2026-03-15')
  assert.equal(before.mrr, '400.00')
  assert.deepEqual([after.mrr, after.amendments, after.lines[0].quantity, after.contractId], ['600.00', [1], '3', 'C-2026-001'])
  await rejectsWith(f.contractAsOf(bad, '2026-03-01'), 'invalid')
  const float = maintenance()
  float.lines[0].unitPrice = 200.5
  await rejectsWith(f.contractAsOf(float, '2026-03-01'), 'float', 'lines[0].unitPrice')
})

test('renewalSchedule, renewContract, terminateContract, chatelLetter, contractInvoicesDue', async () => {
  const s = await f.renewalSchedule({ contracts: [maintenance(), consumer()] }, '2026-05-01')
  assert.deepEqual(s.alertsDue.map((a) => [a.contractId, a.date, a.daysBefore]), [
    ['C-2025-107', '2026-03-02', 90],
    ['C-2025-107', '2026-04-01', 60],
    ['C-2025-107', '2026-05-01', 30],
  ])
  assert.deepEqual(s.chatelMissed, ['C-2025-107'])
  const renewed = await f.renewContract(consumer(), '2026-07-01')
  assert.equal(renewed.renewals.length, 1)
  const ended = await f.terminateContract(maintenance(), { notifiedOn: '2026-04-10', reason: 'price', by: 'customer' })
  assert.equal(ended.termination.effective, '2026-12-31')
  const again = await rejectsWith(f.terminateContract(ended, { notifiedOn: '2026-05-01', reason: 'price', by: 'customer' }), 'contract.termination.already')
  assert.ok(again.source)
  const seller = example('invoice-draft.json').seller
  const { window } = await f.chatelLetter(consumer(), seller, '2027-04-01')
  assert.deepEqual([window.opens, window.closes, window.refusalDeadline, window.state], ['2027-02-28', '2027-04-30', '2027-05-31', 'open'])
  const due = await f.contractInvoicesDue({ contracts: [maintenance()] }, '2026-03-31', seller)
  assert.equal(due.length, 3)
  assert.deepEqual(due[0].period, { from: '2026-01-01', to: '2026-01-31' })
  const bad = maintenance()
  bad.id = 'C-2026-002'
  bad.lines[0].unitPrice = '-1'
  const e = await rejectsWith(f.renewalSchedule({ contracts: [maintenance(), bad] }, '2026-03-01'), 'invalid')
  assert.deepEqual(e.details.map((d) => d.path), ['contracts[1].lines[0].unitPrice'])
})

test('indexContract: Syntec 300 → 309 makes 200.00 205.10', async () => {
  const values = [{ index: 'Syntec', date: '2026-11-30', value: '309' }]
  const indexed = await f.indexContract(maintenance(), '2027-01-01', '2026-12-01', values)
  const revision = indexed.amendments.at(-1)
  assert.deepEqual([revision.kind, revision.indexation.factor, revision.changes[0].setUnitPrice.unitPrice], ['indexation', '1.0255', '205.10'])
  assert.equal((await f.contractAsOf(indexed, '2027-01-15')).mrr, '615.30')
  await rejectsWith(f.indexContract(maintenance(), '2026-06-01', '2026-06-01', values), 'contract.indexation.too_early', 'effective')
})

test('mrrSnapshot and mrrReport: 624.92 a month, movements reconciling', async () => {
  const input = { contracts: [maintenance(), consumer()] }
  // 600.00 + 24.92 = 624.92; ARR 12 × 624.92 = 7499.04
  const snap = await f.mrrSnapshot(input, '2026-03-15')
  assert.deepEqual([snap.mrr, snap.arr, snap.payingCustomers], ['624.92', '7499.04', 2])
  const report = await f.mrrReport(input, '2026-01', '2026-04')
  assert.deepEqual(report.months.map((m) => m.month), ['2026-01', '2026-02', '2026-03', '2026-04'])
  assert.deepEqual([report.months[0].mrrStart, report.months[0].mrrEnd, report.months[0].movements.new], ['24.92', '424.92', '400.00'])
  assert.equal(report.months[2].movements.expansion, '200.00')
  await rejectsWith(f.mrrReport(input, '2026-05', '2026-04'), 'mrr.period.invalid')
  await rejectsWith(f.mrrReport(input, '2026-13', '2026-04'), 'parse', 'fromMonth')
})

test('renderChatelLetterPdf and renderMrrReportPdf: reproducible PDFs in Buffers', async () => {
  const seller = example('invoice-draft.json').seller
  const letter = await f.renderChatelLetterPdf(consumer(), seller, '2027-04-01')
  assert.ok(Buffer.isBuffer(letter) && letter.subarray(0, 5).toString() === '%PDF-')
  assert.ok(letter.equals(await f.renderChatelLetterPdf(consumer(), seller, '2027-04-01')))
  await rejectsWith(f.renderChatelLetterPdf(maintenance(), seller, '2026-10-01'), 'chatel.not_applicable')
  const input = { contracts: [maintenance(), consumer()] }
  const report = await f.renderMrrReportPdf(input, '2026-01', '2026-04', { pdfA: true })
  assert.equal(report.subarray(0, 5).toString(), '%PDF-')
  await rejectsWith(f.renderMrrReportPdf(input, '2026-05', '2026-04'), 'mrr.period.invalid')
})

test('postJournal, validateEntries, vatDue, auditAppend, auditVerify', async () => {
  const journal = await f.postJournal(accountingInput(), '2026-03-16')
  assert.equal(journal.entries.length, 15)
  const { entries, state } = await f.validateEntries(journal.entries, '2026-03-31')
  assert.deepEqual([entries[0].number, entries[14].number, entries[0].validDate], ['000001', '000015', '2026-03-31'])
  await rejectsWith(f.validateEntries(journal.entries, '2026-03-01', state), 'accounting.numbering.date_before_last', 'validDate')
  const perJournal = await f.validateEntries(journal.entries, '2026-03-31', { perJournal: true })
  assert.ok(perJournal.entries[0].number.startsWith(perJournal.entries[0].journal))
  const vat = await f.vatDue(accountingInput(), { from: '2026-01-01', to: '2026-03-31' })
  assert.equal(typeof vat.vatTotal, 'string')
  await rejectsWith(f.vatDue(accountingInput(), { from: '2026-03-31', to: '2026-01-01' }), 'accounting.vat.period')
  const trail = await f.auditAppend(null, [], entries)
  assert.deepEqual(await f.auditVerify(trail), { checked: 15 })
  trail[3].totals[0] = '0.01'
  assert.deepEqual([(await f.auditVerify(trail)).firstBroken.sequence], [4])
  await rejectsWith(f.auditAppend(null, [], [{ ...entries[0], number: null }]), 'accounting.audit.not_validated', 'entries[0]')
})

test('fecExport, fecExportToPath, fecRead, fecCheck, fecCheckPath', async () => {
  const entries = await validatedEntries()
  const data = await f.fecExport(entries)
  assert.ok(Buffer.isBuffer(data))
  const lines = data.toString('utf8').split('\r\n')
  assert.deepEqual(lines[0].split('\t').slice(0, 3), ['JournalCode', 'JournalLib', 'EcritureNum'])
  const records = await f.fecRead(data)
  assert.equal(records.length, lines.length - 2)
  assert.deepEqual([records[0].ecritureNum, records[0].ecritureDate, records[0].debit, records[0].montantDevise], ['000001', '2026-01-05', '2400.00', null])
  const report = await f.fecCheck(data, { fileName: FILE })
  assert.deepEqual([report.readable, report.errors, report.records, report.totalDebit === report.totalCredit], [true, 0, records.length, true])
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facturier-fec-'))
  try {
    const file = path.join(dir, FILE)
    assert.equal(await f.fecExportToPath(entries, file), records.length)
    assert.ok(fs.readFileSync(file).equals(data))
    assert.equal((await f.fecCheckPath(file)).errors, 0)
    const pipe = await f.fecExport(entries, { separator: 'pipe', amounts: 'montant_sens', encoding: 'iso8859-15' })
    assert.ok(pipe.toString('latin1').split('\r\n')[0].includes('|Montant|Sens|'))
    // Montant/Sens has no unused side: it reads back as 0, the flat file's 0,00
    const cents = (r) => ({ ...r, debit: r.debit === '0' ? '0.00' : r.debit, credit: r.credit === '0' ? '0.00' : r.credit })
    assert.deepEqual((await f.fecRead(pipe)).map(cents), records)
    const xml = await f.fecExport(entries, { format: 'xml', closing: '2026-12-31' })
    assert.equal((await f.fecRead(xml)).length, records.length)
    await rejectsWith(f.fecExport(entries, { format: 'xml' }), 'fec.input', 'options.closing')
    await rejectsWith(f.fecExport([{ ...entries[0], number: null, validDate: null }]), 'fec.entry', null)
    await rejectsWith(f.fecExportToPath(entries, path.join(dir, 'missing', FILE)), 'fec.io', 'path')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const broken = Buffer.from(data.toString('utf8').replace('\t20260331\t', '\t20261331\t'))
  const e = await rejectsWith(f.fecRead(broken), 'fec.field', null)
  assert.deepEqual(e.details.map((d) => [d.line, d.path]), [[2, 'ValidDate']])
  const checked = await f.fecCheck(broken, { fileName: FILE })
  assert.deepEqual([checked.findings[0].code, checked.findings[0].line], ['L03', 2])
  await assert.rejects(f.fecCheck('not a buffer'), (err) => err.code === 'type')
})
