'use strict'
// facturxXml, readInvoice, validateInvoice: an issued invoice to CII bytes and back, findings,
// and the einvoice.* errors.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const f = require('..')
const { example } = require('./helpers')

const DTD = Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><rsm:CrossIndustryInvoice>&e;</rsm:CrossIndustryInvoice>')

let invoice
test.before(async () => {
  invoice = (await f.issueInvoice(example('invoice-draft.json'), f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), '2026-11-22')).invoice
})

test('facturxXml gives CII bytes that read back with the invoice totals', async () => {
  const xml = await f.facturxXml(invoice)
  assert.ok(Buffer.isBuffer(xml))
  assert.equal(xml.subarray(0, 5).toString(), '<?xml')
  assert.deepEqual(await f.facturxXml(invoice, { profile: 'en16931' }), xml)
  const read = await f.readInvoice(xml)
  assert.equal(read.syntax, 'cii')
  assert.equal(read.number, invoice.number)
  assert.equal(read.issueDate, '2026-11-22')
  assert.equal(read.totals.taxBasisTotal, invoice.totals.totalExclTax)
  assert.equal(read.totals.grandTotal, invoice.totals.totalInclTax)
  assert.equal(read.totals.due, invoice.totals.amountDue)
  assert.equal(read.lines.length, invoice.content.lines.length)
})

test('renderFacturxPdf: a PDF carrying the XML that readInvoice reads back', async () => {
  const pdf = await f.renderFacturxPdf(invoice)
  assert.ok(Buffer.isBuffer(pdf) && pdf.subarray(0, 5).toString() === '%PDF-')
  assert.ok(pdf.equals(await f.renderFacturxPdf(invoice)))
  assert.deepEqual(await f.readInvoice(pdf), await f.readInvoice(await f.facturxXml(invoice)))
  const other = await f.renderFacturxPdf(invoice, { profile: 'basic-wl', footer: 'Merci' })
  assert.equal((await f.readInvoice(other)).number, invoice.number)
  await assert.rejects(f.readInvoice(await f.renderPdf(invoice)), (e) => e.code === 'einvoice.pdf.no_xml')
})

test('validateInvoice finds no error in what facturxXml writes', async () => {
  const findings = await f.validateInvoice(await f.facturxXml(invoice))
  assert.deepEqual(
    findings.filter((x) => x.level === 'error'),
    [],
  )
  for (const x of findings) assert.deepEqual(Object.keys(x).sort(), ['level', 'location', 'message', 'rule'])
})

test('every profile', async () => {
  for (const profile of ['en16931', 'basic-wl', 'basic', 'minimum', 'extended']) {
    const xml = await f.facturxXml(invoice, { profile })
    assert.equal(xml.subarray(0, 5).toString(), '<?xml', profile)
  }
  const minimum = await f.readInvoice(await f.facturxXml(invoice, { profile: 'minimum' }))
  assert.equal(minimum.specification, 'urn:factur-x.eu:1p0:minimum')
  await assert.rejects(f.facturxXml(invoice, { profile: 'gold' }), { code: 'parse', path: 'options.profile' })
})

test('an invoice breaking EN 16931 is never written: einvoice.rules with its findings', async () => {
  const bad = { ...invoice, totals: { ...invoice.totals, amountDue: '1.00' } }
  await assert.rejects(f.facturxXml(bad), (e) => {
    assert.equal(e.code, 'einvoice.rules')
    assert.deepEqual([e.details[0].code, e.details[0].path, e.details[0].level], ['BR-CO-16', '/BG-22/BT-115', 'error'])
    return true
  })
})

test('errors keep their einvoice.* codes', async () => {
  await assert.rejects(f.readInvoice(Buffer.from("<?xml version='1.0'?><rsm:CrossIndustryInvoice><unclosed>")), { code: 'einvoice.xml' })
  await assert.rejects(f.readInvoice(DTD), { code: 'einvoice.hostile' })
  await assert.rejects(f.validateInvoice(DTD), { code: 'einvoice.hostile' })
  await assert.rejects(f.readInvoice(Buffer.from("<?xml version='1.0'?><html/>")), { code: 'einvoice.unknown_syntax' })
  await assert.rejects(f.readInvoice('<xml/>'), TypeError)
  // a date of year 0 (no Python date holds it): refused alike in both bindings
  const year0 = Buffer.from((await f.facturxXml(invoice)).toString().replace('>20261122<', '>00000101<'))
  await assert.rejects(f.readInvoice(year0), { code: 'einvoice.value' })
})

test('the CEN samples read, CII and UBL, decimals as strings and keys in camelCase', async () => {
  const corpus = path.join(__dirname, '..', '..', '..', 'tests', 'einvoice', 'corpus', 'cen')
  for (const syntax of ['cii', 'ubl']) {
    for (const name of fs.readdirSync(path.join(corpus, syntax)).filter((n) => /\.xml$/i.test(n))) {
      const data = fs.readFileSync(path.join(corpus, syntax, name))
      const read = await f.readInvoice(data)
      assert.equal(read.syntax, syntax, name)
      assert.equal(typeof read.totals.grandTotal, 'string', name)
      assert.ok(Array.isArray(read.vatBreakdown) && read.lines.length > 0, name)
      assert.ok(Array.isArray(await f.validateInvoice(data)), name)
    }
  }
})
