// How the generated functions of index.js call the addon (issue 12): each argument serialised
// on the JS thread by JSON.stringify (native, fast), parsed and converted in Rust (off the event
// loop for the Promise operations), each result written as JSON text in Rust and JSON.parse'd
// here. Hand-written, not generated.
//
// Before JSON.stringify, one walk of each argument (plain JS, no native call) refuses what the
// text would lose or take too long to write: a list longer than the host's limits (`a.length =
// 1e9` would be written as a billion `null`s; refused with code `invalid`, violation
// `input.limit`), NaN and the infinities (written `null`: code `float`), a Date (its toJSON
// writes a time), a BigInt, a function or a symbol (dropped or refused by JSON.stringify), and
// nesting deeper than 64 levels (a cycle). What JSON.stringify still throws (a getter that
// throws, a Proxy's trap, a toJSON) becomes a facturier error too: the Promise operations reject,
// they never throw; the synchronous ones throw it.
'use strict'

const native = require('./native')

/** The operations of the shared table, by name: their arguments in the table's order. */
const operations = new Map(JSON.parse(native.operations()).map((op) => [op.name, op]))

/** Deepest nesting of an argument (src/convert.rs: MAX_DEPTH). */
const MAX_DEPTH = 64

/** `unitPrice` → `unit_price` (src/convert.rs: snake). */
function snake(key) {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** `unit_price` → `unitPrice`; an underscore before a digit stays (src/convert.rs: camel). */
function camel(key) {
  let out = ''
  let upper = false
  for (let i = 0; i < key.length; i++) {
    const c = key[i]
    if (c === '_' && out !== '' && !/[0-9]/.test(key[i + 1] ?? '')) upper = true
    else if (upper) {
      out += c.toUpperCase()
      upper = false
    } else out += c
  }
  return out
}

/** A refusal of the walk: made into the error object of the addon by `error`. */
class Refusal {
  constructor(kind, message) {
    this.kind = kind
    this.message = message
  }
}

/**
 * The walk of one argument: where it is (`keys`: the keys and indices from the argument down to
 * the value being read, `at`: the key being read) and the host's limits on lists.
 */
class Walk {
  constructor(maxLines, maxItems) {
    this.maxLines = maxLines
    this.maxItems = maxItems
    this.keys = []
    this.at = undefined
  }

  /** The camelCase path of the value being read, after the argument's `base`. */
  path(base) {
    let out = base
    const keys = this.at === undefined ? this.keys : [...this.keys, this.at]
    for (const k of keys) {
      if (typeof k === 'number') out += `[${k}]`
      else out += (out === '' ? '' : '.') + camel(snake(k))
    }
    return out
  }

  /** Refuses a value that is not an object: what JSON.stringify would lose. */
  leaf(x) {
    switch (typeof x) {
      case 'string':
      case 'boolean':
      case 'undefined':
        return
      case 'number':
        // NaN and the infinities would be written `null`; other numbers are checked in Rust
        if (!Number.isFinite(x)) throw new Refusal('float', '')
        return
      case 'bigint':
        throw new Refusal('parse', 'a BigInt is not accepted: write decimals as strings, e.g. "12.50"')
      default:
        throw new Refusal('parse', `a ${typeof x} is not a JSON value`)
    }
  }

  /** Walks an object or a list (not null) holding the field `key` (the items of a list too). */
  value(v, key, depth) {
    if (depth >= MAX_DEPTH) throw new Refusal('parse', `nested deeper than ${MAX_DEPTH} levels (a cycle?)`)
    if (Array.isArray(v)) {
      const n = v.length
      const max = key === 'lines' ? this.maxLines : this.maxItems
      if (n > max) throw new Refusal('limit', `${n} items, more than the limit of ${max}`)
      for (let i = 0; i < n; i++) {
        this.at = i
        const x = v[i]
        if (typeof x === 'object' && x !== null) {
          this.keys.push(i)
          this.at = undefined
          this.value(x, key, depth + 1)
          this.keys.pop()
        } else this.leaf(x)
      }
      this.at = undefined
      return
    }
    if (v instanceof Date) throw new Refusal('parse', 'a Date is not accepted: write dates as "YYYY-MM-DD" strings')
    // a value with its own JSON form (a Buffer, a decimal library's number) is written by it
    if (typeof v.toJSON === 'function') return
    const keys = Object.keys(v)
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]
      this.at = k
      const x = v[k]
      if (typeof x === 'object' && x !== null) {
        this.keys.push(k)
        this.at = undefined
        this.value(x, k, depth + 1)
        this.keys.pop()
      } else this.leaf(x)
    }
    this.at = undefined
  }
}

/** The error object of the addon for a refusal at `path`. */
function error(kind, path, message) {
  return native.inputError(kind, path, message)
}

/**
 * One argument as the addon takes it: `null` when absent, the `Buffer` of a logo, or the JSON
 * text of any other value; `base` is its path in errors.
 */
function encode(value, arg, base, walk) {
  if (value === undefined || value === null) return null
  if (arg.ty === 'Buffer') {
    if (Buffer.isBuffer(value)) return value
    throw error('type', base, 'expected a Buffer holding an SVG or PNG file')
  }
  walk.keys.length = 0
  walk.at = undefined
  try {
    if (typeof value === 'object') walk.value(value, arg.name, 0)
    else walk.leaf(value)
  } catch (e) {
    if (e instanceof Refusal) throw error(e.kind, walk.path(base), e.message)
    // a getter or a Proxy trap that threw while the walk read the value
    throw error('parse', walk.path(base), `cannot read the value: ${e && e.message !== undefined ? e.message : String(e)}`)
  }
  let text
  try {
    text = JSON.stringify(value)
  } catch (e) {
    throw error('parse', base, `cannot serialise the value: ${e && e.message !== undefined ? e.message : String(e)}`)
  }
  // a value whose toJSON gives undefined
  return text === undefined ? null : text
}

/** The path of an argument in errors (src/lib.rs: arg_path). */
function argPath(arg) {
  if (arg.kind === 'document') return ''
  if (arg.kind === 'named') return camel(arg.name)
  return `options.${camel(arg.name)}`
}

/**
 * The arguments of `op` as the addon takes them, in the table's order: the positional ones of
 * `args`, then the options of its last element when `op` has options.
 */
function encodeAll(op, args) {
  const [maxLines, maxItems] = native.listLimits()
  const walk = new Walk(maxLines, maxItems)
  const out = new Array(op.args.length).fill(null)
  let position = 0
  op.args.forEach((arg, i) => {
    if (arg.kind === 'option') return
    out[i] = encode(args[position++], arg, argPath(arg), walk)
  })
  const options = args[position]
  if (op.options === null || options === undefined || options === null) return out
  if (typeof options !== 'object' || Array.isArray(options) || Buffer.isBuffer(options)) {
    throw error('parse', 'options', 'expected an object of options')
  }
  const seen = new Set()
  let keys
  try {
    keys = Object.keys(options)
  } catch (e) {
    throw error('parse', 'options', `cannot read the value: ${e && e.message}`)
  }
  for (const key of keys) {
    const name = snake(key)
    const i = op.args.findIndex((a) => a.kind === 'option' && a.name === name)
    const path = `options.${camel(name)}`
    if (i < 0) {
      const known = op.args.filter((a) => a.kind === 'option').map((a) => camel(a.name))
      throw error('parse', path, `unknown option; expected one of ${known.join(', ')}`)
    }
    if (seen.has(name)) throw error('parse', path, 'the option is given twice (camelCase and snake_case)')
    seen.add(name)
    let value
    try {
      value = options[key]
    } catch (e) {
      throw error('parse', path, `cannot read the value: ${e && e.message}`)
    }
    out[i] = encode(value, op.args[i], path, walk)
  }
  return out
}

/** A reply of the addon: JSON text parsed, a Buffer as it is. */
function decode(reply) {
  return typeof reply === 'string' ? JSON.parse(reply) : reply
}

/** Calls the Promise operation `name`: a refused argument rejects, never throws. */
function call(name, args) {
  let encoded
  try {
    encoded = encodeAll(operations.get(name), args)
  } catch (e) {
    return Promise.reject(e)
  }
  return native.call(name, encoded).then(decode)
}

/** Calls the synchronous operation `name`: a refused argument throws. */
function callSync(name, args) {
  return decode(native.callSync(name, encodeAll(operations.get(name), args)))
}

module.exports = { call, callSync }
