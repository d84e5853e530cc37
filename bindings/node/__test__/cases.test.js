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

/** A case's value: fixtures ({"$": ...}, at any depth), patched by `set`, `remove` and `grow` (snake_case paths). */
function resolve(value, docs) {
  if (Array.isArray(value)) return value.map((v) => resolve(v, docs))
  if (!(value && typeof value === 'object')) return value
  if (!('$' in value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, docs)]))
  const [kind, ...rest] = value.$.split(':')
  const arg = rest.join(':')
  if (kind === 'bytes') return Buffer.from(arg)
  // JS has no decimal value: the text, as a Node user writes decimals
  if (kind === 'decimal') return arg
  if (kind === 'lone_surrogate') return `${arg}\ud800`
  const base = structuredClone(kind === 'example' ? exampleSnake(arg) : docs[arg])
  const find = (target, key) => (key in target || typeof key === 'number' ? key : camel(key))
  const parent = (p) => {
    const segs = segments(p)
    const last = segs.pop()
    let target = base
    for (const s of segs) target = target[find(target, s)]
    return [target, find(target, last)]
  }
  for (const [p, v] of Object.entries(value.set ?? {})) {
    const [target, last] = parent(p)
    target[last] = resolve(v, docs)
  }
  for (const p of value.remove ?? []) {
    const [target, last] = parent(p)
    delete target[last]
  }
  for (const [p, length] of Object.entries(value.grow ?? {})) {
    const [target, last] = parent(p)
    const items = target[last]
    target[last] = Array.from({ length }, (_, i) => items[i % items.length])
  }
  return base
}

test('every case of bindings/cases.json reports its code and path', async (t) => {
  const docs = await story()
  const optionNames = new Set(['logo', 'logo_format', 'logo_alt', 'primary_color', 'footer', 'pdf_a', 'template', 'invoices', 'format', 'closing', 'profile'])
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
      if (c.detail) assert.equal(error.details[0].code, c.detail, error.message)
    })
  }
})
