'use strict'
// The shared table of bad inputs (bindings/cases.json): the code and path each reports, the same
// as in Python and in the shared Rust crate (paths in camelCase, `options.` before an option).
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const f = require('..')
const { exampleSnake } = require('./helpers')

const { cases } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cases.json'), 'utf8'))

const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const camelPath = (p) => p.split('.').map(camel).join('.')
const camelFn = camel

/** The documents the cases refer to (built as in bindings/ffi/tests/operations.rs). */
async function story() {
  const state = f.newNumberingState('invoices', 'F-{YYYY}-{SEQ:5}')
  const draftQuote = await f.newQuote('D-2026-0042', exampleSnake('quote-v1.json'))
  const quote = await f.acceptQuote(await f.sendQuote(draftQuote, '2026-10-01'), '2026-10-12')
  const { invoice } = await f.issueInvoice(exampleSnake('invoice-draft.json'), state, '2026-11-22')
  const credits = f.newNumberingState('credit-notes', 'AV-{YYYY}-{SEQ:4}')
  const { invoice: credit } = await f.issueInvoice(await f.creditNote(invoice), credits, '2026-11-22')
  return { draft: exampleSnake('invoice-draft.json'), state, draft_quote: draftQuote, quote, invoice, credit }
}

const segments = (p) => p.split(/[.[\]]+/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s))

/** A case's value: fixtures ({"$": ...}), patched by `set` and `remove` (snake_case paths). */
function resolve(value, docs) {
  if (!(value && typeof value === 'object' && '$' in value)) return value
  const [kind, ...rest] = value.$.split(':')
  const arg = rest.join(':')
  if (kind === 'bytes') return Buffer.from(arg)
  const base = structuredClone(kind === 'example' ? exampleSnake(arg) : docs[arg])
  const find = (target, key) => (key in target || typeof key === 'number' ? key : camel(key))
  for (const [p, v] of Object.entries(value.set ?? {})) {
    const segs = segments(p)
    const last = segs.pop()
    let target = base
    for (const s of segs) target = target[find(target, s)]
    target[find(target, last)] = v
  }
  for (const p of value.remove ?? []) {
    const segs = segments(p)
    const last = segs.pop()
    let target = base
    for (const s of segs) target = target[find(target, s)]
    delete target[find(target, last)]
  }
  return base
}

test('every case of bindings/cases.json reports its code and path', async (t) => {
  const docs = await story()
  const optionNames = new Set(['logo', 'logo_format', 'logo_alt', 'primary_color', 'footer', 'pdf_a', 'template', 'invoices'])
  for (const c of cases) {
    await t.test(c.name, async () => {
      const args = c.args.map((a) => resolve(a, docs))
      if (c.options) args.push(Object.fromEntries(Object.entries(c.options).map(([k, v]) => [camel(k), resolve(v, docs)])))
      const expected = c.path === null ? null : (optionNames.has(c.path.split(/[.[]/)[0]) ? 'options.' : '') + camelPath(c.path)
      let error = null
      try {
        await f[camelFn(c.op)](...args)
      } catch (e) {
        error = e
      }
      assert.ok(error, 'an error')
      assert.deepEqual([error.code, error.path], [c.code, expected], error.message)
    })
  }
})
