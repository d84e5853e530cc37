'use strict'
// Shared fixtures: the workspace's example documents, with camelCase keys as a Node user writes them.
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..', '..', '..')

/** `unit_price` → `unitPrice`, recursively on object keys (values untouched). */
function camelKeys(v) {
  if (Array.isArray(v)) return v.map(camelKeys)
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), camelKeys(x)]))
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

module.exports = { root, camelKeys, example, exampleSnake }
