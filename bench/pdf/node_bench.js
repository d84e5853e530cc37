#!/usr/bin/env node
// facturier from Node, timed in this process: prints one JSON object on stdout.
//
//   node node_bench.js [--n N] [--warmup 3] [--invoice invoice-20.json] [--addon PATH.node] [--save out.pdf]
//                      [--in-flight C]
//
// Loads the package in bindings/node (its JavaScript layer converts the input, as for any
// user), on the native addon given by --addon (or $FACTURIER_NODE_ADDON: a release build, through
// napi-rs's NAPI_RS_NATIVE_LIBRARY_PATH), else on the addon the package holds. Each document is one `await renderPdf(invoice)` (the render runs on the libuv
// pool; the hop is part of the time), sequential, each of a distinct variant of the invoice
// (parsed JSON, decimals as strings; see `variants`). Setup (loading the addon), the first
// render and `--warmup` untimed renders are reported apart. With `--in-flight C`, C loops of
// sequential awaits share the N documents, so C renders are in flight on the libuv pool at once
// (its default 4 threads), as in a Node service serving C requests; `docs_per_s` is N over the
// wall time of all of them, and the per-document times include the waits. Peak RSS: process.resourceUsage().maxRSS (high-water mark, Node included).
// Without renderPdf: {"available": false, ...} and exit code 0.
'use strict'

const fs = require('node:fs')
const path = require('node:path')

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback
}

function pct(sorted, p) {
  const k = Math.max(0, Math.min(sorted.length - 1, Math.round((p / 100) * sorted.length + 0.5) - 1))
  return sorted[k]
}

const r3 = (x) => Math.round(x * 1000) / 1000

// The invoice and k-1 copies whose buyer name and line descriptions end with " i", as in
// pdf/examples/bench_render.rs and bench_py.py: Typst memoises layout, so rendering the very
// same document again would time a replay. The totals and mentions are unchanged.
function variants(invoice, k) {
  const out = [invoice]
  for (let i = 1; i < k; i++) {
    const doc = structuredClone(invoice)
    doc.content.buyer.name += ` ${i}`
    for (const line of doc.content.lines) line.description += ` ${i}`
    out.push(doc)
  }
  return out
}

async function main() {
  const n = Number(arg('n', '200'))
  const warmup = Number(arg('warmup', '3'))
  const invoicePath = arg('invoice', path.join(__dirname, 'invoice-20.json'))
  const addon = arg('addon', process.env.FACTURIER_NODE_ADDON || '')
  const save = arg('save', '')
  const invoice = JSON.parse(fs.readFileSync(invoicePath, 'utf8'))

  let t0 = process.hrtime.bigint()
  let binding
  try {
    if (addon) process.env.NAPI_RS_NATIVE_LIBRARY_PATH = path.resolve(addon)
    binding = require(path.join(__dirname, '..', '..', 'bindings', 'node'))
  } catch (e) {
    console.log(JSON.stringify({ renderer: 'facturier-node', available: false, reason: `cannot load the addon: ${e.message}` }))
    return
  }
  if (typeof binding.renderPdf !== 'function') {
    const v = typeof binding.version === 'function' ? binding.version() : binding.version
    console.log(JSON.stringify({ renderer: 'facturier-node', available: false, reason: `facturier ${v} has no renderPdf yet` }))
    return
  }
  const setupMs = Number(process.hrtime.bigint() - t0) / 1e6

  t0 = process.hrtime.bigint()
  let pdf = await binding.renderPdf(invoice)
  const firstMs = Number(process.hrtime.bigint() - t0) / 1e6
  const docs = variants(invoice, n + warmup + 1) // no document repeats
  for (let i = 0; i < warmup; i++) await binding.renderPdf(docs[(i + 1) % docs.length])
  const inFlight = Number(arg('in-flight', '1'))
  if (!(inFlight >= 1)) throw new Error('--in-flight: a positive number')
  const times = []
  const loop = async (c) => {
    for (let i = c; i < n; i += inFlight) {
      const doc = docs[(warmup + 1 + i) % docs.length]
      const s = process.hrtime.bigint()
      pdf = await binding.renderPdf(doc)
      times.push(Number(process.hrtime.bigint() - s) / 1e6)
    }
  }
  t0 = process.hrtime.bigint()
  await Promise.all(Array.from({ length: inFlight }, (_, c) => loop(c)))
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9
  if (save) fs.writeFileSync(save, pdf)
  times.sort((a, b) => a - b)
  const mid = times.length >> 1
  const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2
  const version = typeof binding.version === 'function' ? binding.version() : binding.version
  console.log(JSON.stringify({
    renderer: 'facturier-node',
    available: true,
    version: String(version),
    node: process.version,
    n,
    in_flight: inFlight,
    warmup,
    setup_ms: r3(setupMs),
    first_ms: r3(firstMs),
    median_ms: r3(median),
    p90_ms: r3(pct(times, 90)),
    min_ms: r3(times[0]),
    mean_ms: r3(times.reduce((a, b) => a + b, 0) / times.length),
    docs_per_s: r3(n / wallS),
    peak_rss_mib: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    rss_end_mib: Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10,
    size_bytes: pdf.length,
  }))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
