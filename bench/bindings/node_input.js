#!/usr/bin/env node
// How much the Node binding's argument conversion costs the event loop (issue 12, class 6).
//
//   node bench/bindings/node_input.js [--package DIR]... [--pool N]... [--rounds 20] [--concurrency 200] [--lines 20] [--big 100000]
//
// For each --package (a directory holding the binding's index.js and its .node addon; default:
// bindings/node), fresh child processes:
//
// - stall, once per --pool (UV_THREADPOOL_SIZE; default 4 and 1): `concurrency` concurrent
//   `checkInvoice(draft, asOf)` calls on a `lines`-line draft (camelCase keys, as a Node user
//   writes them), awaited together, `rounds` times after 3 untimed rounds. The event loop's delay
//   is sampled by perf_hooks.monitorEventLoopDelay (resolution 1 ms) over the timed rounds: its
//   max and p99 are the stalls a web server would see; the same sampling over 300 ms of idleness
//   first gives the machine's own noise. On a machine with fewer cores than pool threads the
//   workers also take CPU time from the loop's thread, which shows as delay too: the row with a
//   pool of 1 leaves it a core. `busy` is the time the loop spent running callbacks per round
//   (performance.eventLoopUtilization), `issue` the time the calls take to make (until the last
//   Promise is returned), `round` the time until all of them are settled (medians).
// - big: one `checkInvoice` of a `big`-line draft: the time until it settles, the time the loop
//   is blocked while it is made, and the peak RSS of the process (process.resourceUsage().maxRSS,
//   Node included) with the RSS after the draft was built, so that the call's own share shows.
//
// A benchmark, not a test: it never fails on a figure. Prints a Markdown table.
'use strict'

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { monitorEventLoopDelay, performance } = require('node:perf_hooks')

const root = path.join(__dirname, '..', '..')

function args(name) {
  const out = []
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && i + 1 < process.argv.length) out.push(process.argv[i + 1])
  })
  return out
}
const arg = (name, fallback) => args(name).pop() ?? fallback

/** The example draft with `n` lines (its 4 lines cycled, ids 1..n), camelCase keys. */
function draft(n) {
  const camel = (v) => {
    if (Array.isArray(v)) return v.map(camel)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), camel(x)]))
    return v
  }
  const d = camel(JSON.parse(fs.readFileSync(path.join(root, 'examples', 'invoice-draft.json'), 'utf8')))
  const base = d.lines
  d.lines = Array.from({ length: n }, (_, i) => ({ ...structuredClone(base[i % base.length]), id: String(i + 1) }))
  return d
}

const ms = (ns) => Math.round(ns / 1e4) / 100
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function stall(f) {
  const rounds = Number(arg('rounds', '20'))
  const concurrency = Number(arg('concurrency', '200'))
  const doc = draft(Number(arg('lines', '20')))
  const round = async () => {
    const t0 = performance.now()
    const promises = []
    for (let i = 0; i < concurrency; i++) promises.push(f.checkInvoice(doc, '2026-11-22'))
    const issued = performance.now() - t0
    const results = await Promise.all(promises)
    if (!results.every(Array.isArray)) throw new Error('checkInvoice did not return a list')
    return [issued, performance.now() - t0]
  }
  for (let i = 0; i < 3; i++) await round()
  // the loop's own noise, idle for as long as the rounds take
  const idle = monitorEventLoopDelay({ resolution: 1 })
  idle.enable()
  await new Promise((r) => setTimeout(r, 300))
  idle.disable()
  const h = monitorEventLoopDelay({ resolution: 1 })
  h.enable()
  const issue = []
  const wall = []
  const elu = performance.eventLoopUtilization()
  for (let i = 0; i < rounds; i++) {
    const [a, b] = await round()
    issue.push(a)
    wall.push(b)
  }
  const busy = performance.eventLoopUtilization(elu).active / rounds
  h.disable()
  const r2 = (x) => Math.round(x * 100) / 100
  return { max: ms(h.max), p99: ms(h.percentile(99)), idleMax: ms(idle.max), issue: r2(median(issue)), busy: r2(busy), round: r2(median(wall)) }
}

async function big(f) {
  const n = Number(arg('big', '100000'))
  const doc = draft(n)
  if (typeof f.configureLimits === 'function') f.configureLimits({ maxLines: Math.max(n, 100000) })
  const rssBuilt = process.memoryUsage().rss
  const t0 = performance.now()
  const p = f.checkInvoice(doc, '2026-11-22')
  const issued = performance.now() - t0
  let outcome
  try {
    outcome = `${(await p).length} violations`
  } catch (e) {
    outcome = `error ${e.code ?? '(no code)'}: ${String(e.message).slice(0, 60)}`
  }
  const time = performance.now() - t0
  return { time: Math.round(time), issue: Math.round(issued), rssBuilt: Math.round(rssBuilt / 1048576), peak: Math.round(process.resourceUsage().maxRSS / 1024), outcome }
}

async function child() {
  const f = require(path.resolve(arg('package', path.join(root, 'bindings', 'node'))))
  const what = arg('child', '')
  console.log(JSON.stringify(what === 'stall' ? await stall(f) : await big(f)))
}

function main() {
  const packages = args('package')
  if (!packages.length) packages.push(path.join(root, 'bindings', 'node'))
  const forward = ['rounds', 'concurrency', 'lines', 'big'].flatMap((k) => (args(k).length ? [`--${k}`, arg(k)] : []))
  const pools = args('pool').length ? args('pool') : ['4', '1']
  const run = (what, pkg, pool) =>
    JSON.parse(
      execFileSync(process.execPath, [__filename, '--child', what, '--package', pkg, ...forward], {
        encoding: 'utf8',
        env: { ...process.env, UV_THREADPOOL_SIZE: pool },
      }),
    )
  const os = require('node:os')
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0].model}), load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`)
  const c = arg('concurrency', '200')
  console.log(`Stall: ${c} concurrent checkInvoice calls on a ${arg('lines', '20')}-line draft, ${arg('rounds', '20')} rounds.\n`)
  console.log(`| package | libuv pool | loop delay max (ms) | loop delay p99 (ms) | idle loop delay max (ms) | loop busy per round (ms) | issuing the ${c} calls (ms) | round (ms) |`)
  console.log('|---|---|---|---|---|---|---|---|')
  const name = (pkg) => path.relative(root, path.resolve(pkg)) || '.'
  for (const pkg of packages) {
    for (const pool of pools) {
      const s = run('stall', pkg, pool)
      console.log(`| ${name(pkg)} | ${pool} | ${s.max} | ${s.p99} | ${s.idleMax} | ${s.busy} | ${s.issue} | ${s.round} |`)
    }
  }
  console.log(`\nOne checkInvoice of a ${arg('big', '100000')}-line draft (libuv pool of 4).\n`)
  console.log('| package | time (ms) | loop blocked while calling (ms) | RSS with the draft built (MiB) | peak RSS (MiB) | outcome |')
  console.log('|---|---|---|---|---|---|')
  for (const pkg of packages) {
    const b = run('big', pkg, '4')
    console.log(`| ${name(pkg)} | ${b.time} | ${b.issue} | ${b.rssBuilt} | ${b.peak} | ${b.outcome} |`)
  }
}

if (process.argv.includes('--child')) {
  child().catch((e) => {
    console.error(e)
    process.exit(1)
  })
} else {
  main()
}
