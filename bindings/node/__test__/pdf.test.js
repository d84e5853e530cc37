'use strict'
// renderPdf: every document of the story to a PDF Buffer, reproducibly; branding, PDF/A and
// custom templates; rendering errors with their code and Typst diagnostics; concurrent renders.
const test = require('node:test')
const assert = require('node:assert/strict')

const f = require('..')
const { assertPdf, example, exampleSnake, pdfText, storyDocuments } = require('./helpers')

const LOGO_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">' +
    '<rect x="4" y="4" width="32" height="32" rx="6" fill="#1F3A5F"/><rect x="48" y="12" width="64" height="6" rx="3" fill="#1F3A5F"/></svg>',
)
// A 4×4 PNG.
const LOGO_PNG = Buffer.from(
  '89504E470D0A1A0A0000000D4948445200000004000000040806000000A9F19E7E000000124944415478DA6390B78AFF8F8C19481700008F291B7166DF99D40000000049454E44AE426082',
  'hex',
)

let docs
let invoice
test.before(async () => {
  docs = await storyDocuments()
  invoice = (await f.issueInvoice(example('invoice-draft.json'), f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}'), '2026-11-22')).invoice
})

test('every document of the story renders to a PDF Buffer', async () => {
  for (const [name, doc] of Object.entries({ invoice, ...docs })) {
    const pdf = await f.renderPdf(doc)
    assertPdf(pdf)
    const text = pdfText(pdf)
    if (text !== null) assert.ok(text.includes(doc.number), `${name}: the number ${doc.number} is printed`)
  }
})

test('a quote is recognised by its versions; snake_case documents are accepted', async () => {
  const text = pdfText(await f.renderPdf(docs.quote))
  if (text !== null) assert.match(text, /DEVIS|Devis/)
  const snake = JSON.parse(JSON.stringify(invoice).replace(/"([a-z]+[A-Z][A-Za-z]*)":/g, (_, k) => `"${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}":`))
  assert.ok('issue_date' in snake)
  assert.deepEqual(await f.renderPdf(snake), await f.renderPdf(invoice))
})

test('rendering is deterministic', async () => {
  const a = await f.renderPdf(invoice, { footer: 'Merci !' })
  const b = await f.renderPdf(invoice, { footer: 'Merci !' })
  assert.ok(a.equals(b))
  assert.ok((await f.renderPdf(docs.quote)).equals(await f.renderPdf(docs.quote)))
})

test('options: footer, primary colour, logos, PDF/A', async () => {
  const plain = await f.renderPdf(invoice)
  const footer = await f.renderPdf(invoice, { footer: 'Atelier Numérique — SAS au capital de 10 000 €' })
  assertPdf(footer)
  assert.ok(!footer.equals(plain))
  const text = pdfText(footer)
  if (text !== null) assert.ok(text.includes('SAS au capital de 10 000'), 'the footer is printed')

  const colour = await f.renderPdf(invoice, { primaryColor: '#AA3300' })
  assertPdf(colour)
  assert.ok(!colour.equals(plain))
  assert.ok(colour.equals(await f.renderPdf(invoice, { primary_color: '#aa3300' })), 'snake_case option, colour case-insensitive')

  const svg = await f.renderPdf(invoice, { logo: LOGO_SVG, logoFormat: 'svg', logoAlt: 'Logo Atelier Numérique' })
  assertPdf(svg)
  assert.ok(!svg.equals(plain))
  const png = await f.renderPdf(docs.quote, { logo: LOGO_PNG, logoFormat: 'png', logoAlt: 'Logo' })
  assertPdf(png)

  const pdfA = await f.renderPdf(invoice, { pdfA: true })
  assert.ok(pdfA.includes('pdfaid'), 'PDF/A identification in the XMP')
  assert.ok(!plain.includes('pdfaid'))

  // undefined and null options are absent options
  assert.ok((await f.renderPdf(invoice, { footer: undefined, logo: null })).equals(plain))
  assert.ok((await f.renderPdf(invoice, null)).equals(plain))
})

test('a custom template receives the same data', async () => {
  const template = '#let d = json("/data.json")\n#set text(font: "Inter")\nPièce n° #d.number\n'
  const pdf = await f.renderPdf(invoice, { template })
  assertPdf(pdf)
  const text = pdfText(pdf)
  if (text !== null) assert.ok(text.includes(`Pièce n° ${invoice.number}`), text)
})

test('a bad colour or logo rejects with code pdf.branding', async () => {
  await assert.rejects(f.renderPdf(invoice, { primaryColor: 'red' }), (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'pdf.branding')
    assert.equal(e.path, null)
    assert.deepEqual(e.details, [])
    assert.match(e.message, /red/)
    return true
  })
  await assert.rejects(f.renderPdf(invoice, { logo: Buffer.from('not a png'), logoFormat: 'png', logoAlt: 'x' }), (e) => e.code === 'pdf.branding')
  // a character the embedded fonts lack would print as an empty box: refused where it is
  const emoji = structuredClone(invoice)
  emoji.content.buyer.name = 'Café 😀'
  await assert.rejects(f.renderPdf(emoji), (e) => e.code === 'pdf.font' && e.message.includes('U+1F600'))
  // the footer is text: a bidi override would print it reversed
  await assert.rejects(f.renderPdf(invoice, { footer: 'Merci\u202eFR76' }), (e) => e.code === 'invalid' && e.path === 'options.footer' && e.details[0].code === 'input.text.invalid')
})

test('a broken template rejects with code pdf.template and the Typst diagnostics', async () => {
  const template = '#set text(font: "Inter")\nok\n#let x = (1 +\n'
  await assert.rejects(f.renderPdf(invoice, { template }), (e) => {
    assert.equal(e.code, 'pdf.template')
    assert.equal(e.path, null)
    assert.ok(e.details.length >= 1)
    assert.deepEqual(Object.keys(e.details[0]).sort(), ['code', 'column', 'file', 'line', 'message', 'path', 'source'])
    assert.equal(e.details[0].path, `/main.typ:3:${e.details[0].column}`)
    assert.equal(e.details[0].file, '/main.typ')
    assert.equal(e.details[0].line, 3)
    assert.equal(typeof e.details[0].column, 'number')
    return true
  })
  await assert.rejects(f.renderPdf(invoice, { template: '#set text(font: "Comic Sans MS")\nBonjour\n' }), (e) => e.code === 'pdf.font')
})

test('render limits: an endless template and a page too many reject with pdf.limit', async () => {
  const endless = '#let n = 0\n#for i in range(100000000) { n += 1 }\n'
  await assert.rejects(f.renderPdf(invoice, { template: endless, templateTimeMs: 300 }), (e) => e.code === 'pdf.limit')
  const pages = '#set text(font: "Inter")\none #pagebreak() two #pagebreak() three\n'
  await assert.rejects(f.renderPdf(invoice, { template: pages, maxPages: 2 }), (e) => e.code === 'pdf.limit')
  assert.equal((await f.renderPdf(invoice, { template: pages, maxPages: 3 })).subarray(0, 5).toString(), '%PDF-')
})

test('malformed arguments reject with parse, type or float, never throw synchronously', async () => {
  let p
  assert.doesNotThrow(() => {
    p = f.renderPdf(undefined, 42)
  })
  await assert.rejects(p, (e) => e.code === 'parse')
  const cases = [
    [{ colour: '#000000' }, 'parse', 'options.colour'],
    [{ footer: 3 }, 'type', 'options.footer'],
    [{ pdfA: 'yes' }, 'type', 'options.pdfA'],
    [{ primaryColor: '#000000', primary_color: '#000000' }, 'parse', 'options.primaryColor'],
  ]
  for (const [options, code, path] of cases) {
    await assert.rejects(f.renderPdf(invoice, options), (e) => {
      assert.equal(e.code, code, JSON.stringify(options))
      assert.equal(e.path, path, JSON.stringify(options))
      return true
    })
  }
  // the logo rules of facturier-pdf, as in Python: pdf.branding, no path
  for (const options of [
    { logo: LOGO_SVG, logoAlt: 'x' },
    { logo: LOGO_SVG, logoFormat: 'svg' },
    { logo: LOGO_SVG, logoFormat: 'svg', logoAlt: '  ' },
    { logo: LOGO_SVG, logoFormat: 'gif', logoAlt: 'x' },
    { logoFormat: 'svg' },
  ]) {
    await assert.rejects(f.renderPdf(invoice, options), (e) => e.code === 'pdf.branding' && e.path === null)
  }
  await assert.rejects(f.renderPdf(invoice, { logo: 'logo.svg', logoFormat: 'svg', logoAlt: 'x' }), (e) => {
    assert.ok(e instanceof TypeError)
    return e.code === 'type' && e.path === 'options.logo'
  })
  await assert.rejects(f.renderPdf(invoice, [1]), (e) => e.code === 'parse' && e.path === 'options')
  const bad = structuredClone(invoice)
  bad.content.lines[0].unitPrice = 12.5
  await assert.rejects(f.renderPdf(bad), (e) => e.code === 'float' && e.path === 'content.lines[0].unitPrice')
  await assert.rejects(f.renderPdf({ ...docs.quote, versions: 'v' }), (e) => e.code === 'parse' && e.path === 'versions')
  await assert.rejects(f.renderPdf(exampleSnake('invoice-draft.json')), (e) => e.code === 'parse')
})

test('4 concurrent renders resolve to equal PDFs', async () => {
  const options = { footer: 'Concurrent', logo: LOGO_SVG, logoFormat: 'svg', logoAlt: 'Logo' }
  const pdfs = await Promise.all(Array.from({ length: 4 }, () => f.renderPdf(docs.final, options)))
  for (const pdf of pdfs) {
    assertPdf(pdf)
    assert.ok(pdf.equals(pdfs[0]))
  }
  // and a failure among them disturbs no other render
  const settled = await Promise.allSettled([f.renderPdf(docs.final, options), f.renderPdf(docs.final, { primaryColor: 'x' }), f.renderPdf(docs.final, options)])
  assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled'])
  assert.ok(settled[2].value.equals(pdfs[0]))
})
