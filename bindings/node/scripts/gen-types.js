#!/usr/bin/env node
// Writes, from the built addon (`native.js`):
// - types.d.ts, the TypeScript model of the documents, from the camelCase JSON Schemas it
//   publishes, plus the few output-only types written below;
// - index.js and index.d.ts, the public functions: one per operation of the shared table of
//   facturier-ffi (`operations()`), with its JSDoc, calling the native `call` / `callSync`.
// `node scripts/gen-types.js --check` fails when a committed file is out of date.
'use strict'

const fs = require('node:fs')
const path = require('node:path')
const native = require('../native')
const input = require('../input')

const binding = {
  version: native.version,
  schemaNames: () => native.schemaNames(),
  jsonSchema: (name) => input.callSync('json_schema', [name]),
}

const DECIMAL_PATTERN = '^-?[0-9]+(\\.[0-9]+)?$'

/** The JSDoc comment of a description, indented. */
function doc(description, indent) {
  if (!description) return ''
  const lines = description.split('\n')
  if (lines.length === 1) return `${indent}/** ${lines[0].replace(/\*\//g, '*\\/')} */\n`
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l.replace(/\*\//g, '*\\/')}`.trimEnd()).join('\n')}\n${indent} */\n`
}

/** A property key, quoted when it is not an identifier. */
function key(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name)
}

/** The TypeScript type of a JSON Schema. */
function ts(schema, indent) {
  if (schema === true || schema === undefined) return 'unknown'
  if (schema.$ref) return schema.$ref.replace('#/$defs/', '')
  if (schema.pattern === DECIMAL_PATTERN) return 'Decimal'
  if (schema.format === 'date') {
    const types = [].concat(schema.type ?? 'string')
    return types.includes('null') ? 'IsoDate | null' : 'IsoDate'
  }
  if ('const' in schema) return JSON.stringify(schema.const)
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ')
  const parts = []
  if (schema.properties) parts.push(object(schema, indent))
  else if (schema.type) {
    const types = [].concat(schema.type).map((t) => {
      switch (t) {
        case 'string':
          return 'string'
        case 'integer':
        case 'number':
          return 'number'
        case 'boolean':
          return 'boolean'
        case 'null':
          return 'null'
        case 'array':
          return `Array<${ts(schema.items, indent)}>`
        case 'object':
          return 'Record<string, unknown>'
        default:
          throw new Error(`unknown JSON type ${t}`)
      }
    })
    if (!(schema.oneOf || schema.anyOf || schema.allOf) || types.some((t) => t !== 'Record<string, unknown>')) {
      parts.push(types.length > 1 ? types.join(' | ') : types[0])
    }
  }
  for (const [keyword, sep] of [['oneOf', ' | '], ['anyOf', ' | ']]) {
    if (schema[keyword]) parts.push(`(${schema[keyword].map((s) => ts(s, indent)).join(sep)})`)
  }
  if (schema.allOf) parts.push(...schema.allOf.map((s) => ts(s, indent)))
  return parts.length ? parts.join(' & ') : 'unknown'
}

/** An object type literal from `properties` and `required`. */
function object(schema, indent) {
  const required = new Set(schema.required ?? [])
  const inner = `${indent}  `
  const fields = Object.entries(schema.properties).map(
    ([name, s]) => `${doc(s.description, inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${ts(s, inner)}`,
  )
  return `{\n${fields.join('\n')}\n${indent}}`
}

/** The types written by hand in `generate` (a schema definition of the same name is skipped). */
const HAND_WRITTEN = new Set(['Violation', 'Gap', 'NumberingReport', 'LateDebt', 'Rule', 'ContractState', 'FecTreasury', 'FecRecord', 'FecFinding', 'FecCheckReport', 'Finding', 'ReceivedInvoice', 'ReceivedReference', 'ReceivedNote', 'ReceivedIdentifier', 'ReceivedAddress', 'ReceivedParty', 'ReceivedPeriod', 'ReceivedPayment', 'ReceivedLine', 'ReceivedAllowanceCharge', 'ReceivedVatGroup', 'ReceivedTotals', 'ReceivedAttachment'])

/** What each options type is for (its JSDoc). */
const OPTION_TYPES = {
  RenderOptions: 'How the PDF renders (`renderPdf`, `renderReminderPdf`, `renderChatelLetterPdf`, `renderMrrReportPdf`) draw a document: branding, PDF/A-3b, a custom template, the limits.',
  StatementOptions: 'How `renderStatementPdf` renders a statement: the options of `renderPdf`, and the invoices whose overdue ones it lists.',
  FacturxOptions: 'The Factur-X profile of `facturxXml`.',
  FacturxPdfOptions: 'How `renderFacturxPdf` renders: the Factur-X profile and the options of `renderPdf` (`pdfA` is implied).',
  FecExportOptions: 'How `fecExport` and `fecExportToPath` write the FEC.',
  FecCheckOptions: 'What `fecCheck` and `fecCheckPath` are told besides the file.',
}

/** The JSDoc of each option of the operation table (snake_case, as the table names it). */
const OPTION_DOCS = {
  logo: 'The logo: the bytes of an SVG or PNG file (`logoFormat` and `logoAlt` are then required).',
  logo_format: 'The format of `logo`.',
  logo_alt: 'The alternative text of `logo`, written to the tagged PDF.',
  primary_color: 'The primary colour, `#RRGGBB`.',
  footer: 'A footer printed on every page.',
  pdf_a: 'Produce PDF/A-3b.',
  template: 'A user Typst template used instead of the built-in one; it receives the same data (see templates/README.md).',
  template_time_ms: 'The time a user template may take, in milliseconds (2 000 by default), past which the render fails with `pdf.limit`.',
  render_time_ms: 'The time a render may take, in milliseconds (60 000 by default), past which it fails with `pdf.limit`.',
  max_pages: 'The most pages a document may have (1 000 by default), past which the render fails with `pdf.limit`.',
  max_output_bytes: 'The largest PDF written, in bytes (50 000 000 by default), past which the render fails with `pdf.limit`.',
  invoices: "The report's `invoices` (other customers' are ignored): the customer's overdue invoices are listed with their days late.",
  profile: 'The Factur-X profile (`en16931` by default; case, `-` and `_` ignored).',
  format: '`flat` (default) or `xml`.',
  closing: 'The closing date of the fiscal year (required to write XML; when checking, read from the file name when absent).',
  separator: 'Tab (default) or `|`.',
  encoding: 'UTF-8 (default) or ISO 8859-15.',
  amounts: 'Debit/Credit (default) or Montant/Sens.',
  regime: 'The column set of the regime (BIC/IS when writing; when checking, read from the header when absent).',
  opening_journal: 'The journal code of opening entries, written first (`AN`).',
  file_name: "The file's name (`fecCheck`), checked as `SirenFECAAAAMMJJ`; it gives the closing date.",
  opening: 'First day of the fiscal year; the day after the closing date a year before when absent.',
  opening_journals: 'Journal codes of opening entries (`AN`, `RAN`, `ANO` by default).',
  numbering: 'Numbering sequences by textual prefix (default) or per journal.',
}

/** The options interfaces, from the options of the operations that take them: never out of step with the table. */
function optionTypes() {
  const types = new Map()
  for (const op of operations) {
    if (!op.options) continue
    const fields = types.get(op.options) ?? new Map()
    for (const arg of op.args.filter((a) => a.kind === 'option')) {
      const seen = fields.get(arg.name)
      if (seen && seen !== arg.ty) throw new Error(`option ${arg.name} of ${op.options} has two types: ${seen}, ${arg.ty}`)
      fields.set(arg.name, arg.ty)
    }
    types.set(op.options, fields)
  }
  // a type holding every render option extends RenderOptions and lists only its own
  const render = types.get('RenderOptions') ?? new Map()
  const extendsRender = (name, fields) =>
    name !== 'RenderOptions' && render.size > 0 && [...render.entries()].every(([option, ty]) => fields.get(option) === ty)
  let out = ''
  for (const [name, fields] of [...types.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!OPTION_TYPES[name]) throw new Error(`the options type ${name} has no description in OPTION_TYPES`)
    const base = extendsRender(name, fields)
    const body = [...fields.entries()]
      .filter(([option]) => !(base && render.has(option)))
      .map(([option, ty]) => {
        if (!OPTION_DOCS[option]) throw new Error(`the option ${option} (${name}) has no description in OPTION_DOCS`)
        return `${doc(OPTION_DOCS[option], '  ')}  ${camel(option)}?: ${ty}`
      })
    out += `\n${doc(OPTION_TYPES[name], '')}export interface ${name}${base ? ' extends RenderOptions' : ''} {\n${body.join('\n')}\n}\n`
  }
  return out
}

function generate() {
  const defs = new Map()
  const roots = []
  for (const name of binding.schemaNames()) {
    const schema = binding.jsonSchema(name)
    for (const [defName, def] of Object.entries(schema.$defs ?? {})) {
      const text = JSON.stringify(def)
      if (defs.has(defName) && JSON.stringify(defs.get(defName)) !== text) {
        throw new Error(`$defs/${defName} differs between schemas`)
      }
      defs.set(defName, def)
    }
    const { $defs, $schema, ...root } = schema
    roots.push([schema.title, root, name])
  }
  let out = `// Generated by scripts/gen-types.js from the JSON Schemas of facturier ${binding.version}: do not edit.
// Keys are camelCase as the Node binding takes and returns them (snake_case keys are accepted too).
/// <reference types="node" />

/** An exact decimal, as a string: \`"12.50"\`. Inputs also accept a safe integer \`number\`. */
export type Decimal = string

/** A calendar date, \`YYYY-MM-DD\`. */
export type IsoDate = string

/** The names accepted by \`jsonSchema(name)\`. */
export type SchemaName = ${binding.schemaNames().map((n) => JSON.stringify(n)).join(' | ')}

/** One problem found in a document: what, where, why and under which text. */
export interface Violation {
  /** Stable machine code of the rule, e.g. \`lines.vat_rate.not_allowed\`. */
  code: string
  /** Field path in the input, camelCase, e.g. \`lines[3].vatRate\`; empty for the whole document. */
  path: string
  /** Human-readable explanation (English). */
  message: string
  /** The legal or normative source of the rule. */
  source: string
}

/** A run of consecutive sequences missing from a period. */
export interface Gap {
  /** Period of the sequence: \`2026\`, \`2026-03\`, or empty without reset. */
  period: string
  /** First missing sequence. */
  missingFrom: number
  /** Last missing sequence (inclusive). */
  missingTo: number
  /** The missing numbers rendered, at most 1000; empty when their date part is unknown. */
  missing: string[]
}

/** What \`numberingReport\` found in a list of numbers of one series. */
export interface NumberingReport {
  /** How many numbers were given. */
  checked: number
  /** Numbers whose sequence was already used in their period, each once, in input order. */
  duplicates: string[]
  /** Missing sequences, by period then sequence. */
  gaps: Gap[]
  /** Numbers that do not match the pattern, each once, in input order. */
  unparsable: string[]
}

/** The facts of one debt that \`lateInterest\` computes the interest of. */
export interface LateDebt {
  /** Business, public or consumer buyer: selects the regime. */
  buyerKind: BuyerKind
  /** Amount due incl. tax (EN 16931 BT-115). */
  amountDue: Decimal
  /** The due date. */
  dueDate: IsoDate
  /** Contractual late-payment rate, percent per year (business buyers only). */
  contractualRate?: Decimal | null
  /** Payments and credits, each lowering the base from the day after its date. */
  settlements?: Array<{ date: IsoDate; amount: Decimal }>
  /** Date of the formal notice (mise en demeure), which starts a consumer's interest. */
  formalNotice?: IsoDate | null
  /** The day a judgment condemning the debtor became enforceable: two months later the legal rate is increased by 5 points (C. mon. fin. L313-3). */
  judgmentEnforceable?: IsoDate | null
}

/** The errors every function throws (sync) or rejects with (Promise); the renders also reject with a {@link RenderError}. */
export interface FacturierError extends Error {
  /** The stable code (\`invalid\`, \`parse\`, \`quote.transition\`, \`deposit.percent.out_of_range\`, \`numbering.date.before_last\`, \`overflow\`, \`internal\`, \`float\`, \`type\`, \`panic\`…; \`rules()\` lists them). */
  code: string
  /** The field path concerned, camelCase, or null. */
  path: string | null
  /** The legal source, when the error breaks a single rule. */
  source?: string
  /** The violations of an \`invalid\` error, the one problem of a \`parse\` error; empty otherwise. */
  details: Violation[]
}

/** A rule or error code of \`rules()\`: its code, what it means (error codes) and its source. */
export interface Rule {
  /** Stable machine code. */
  code: string
  /** What the code means (error codes only). */
  message?: string
  /** The legal or normative source, or who reports the code (\`facturier-core\`, \`facturier-pdf\`, \`binding\`). */
  source: string
}

/** One Typst diagnostic of a rendering error (Python's \`RenderError.errors()\` holds the same objects). */
export interface TemplateDiagnostic {
  /** The error's code. */
  code: string
  /** \`file:line:column\`, empty when it points nowhere. */
  path: string
  /** Always empty. */
  source: string
  /** Virtual path of the file (\`/invoice.typ\`, \`/lib.typ\`, \`/main.typ\` for a user template, \`/data.json\`), empty when it points nowhere. */
  file: string
  /** 1-based line, 0 when unknown. */
  line: number
  /** 1-based column, 0 when unknown. */
  column: number
  /** The message, with Typst's hints appended. */
  message: string
}

/** The error the renders reject with when rendering fails (a malformed argument rejects with a {@link FacturierError}). */
export interface RenderError extends Error {
  /** Why rendering failed. */
  code: 'pdf.template' | 'pdf.font' | 'pdf.export' | 'pdf.branding' | 'pdf.data' | 'pdf.limit' | 'pdf.internal'
  /** Always null: rendering errors concern no single field. */
  path: null
  /** The Typst diagnostics of \`pdf.template\`, \`pdf.font\` and \`pdf.export\` errors; empty otherwise. */
  details: TemplateDiagnostic[]
}

/** A contract as in force on a date (\`contractAsOf\`): derived from its history, never stored. */
export interface ContractState {
  /** The contract. */
  contractId: string
  /** The date. */
  date: IsoDate
  /** Its status on that date. */
  status: ContractStatus
  /** The recurring lines in force, with their quantities and prices on that date. */
  lines: RecurringLine[]
  /** The recurring discounts in force on that date. */
  discounts: RecurringDiscount[]
  /** The renewal clause in force. */
  renewal: RenewalClause
  /** The term running on that date (absent before the start or after the end). */
  term?: TermSpan
  /** The amendments applied, by number, in application order. */
  amendments: number[]
  /** Its MRR on that date, in its currency (discounts as invoiced; 0 unless active). */
  mrr: Decimal
}

/** The cash-basis fields of the BA and BNC trésorerie layouts (A47 A-1 VIII 5°, 7°). */
export interface FecTreasury {
  dateRglt: IsoDate
  modeRglt: string
  natOp: string
  idClient: string
}

/** One FEC record (\`fecRead\`): the 18 fields of A47 A-1 VII, texts empty when unused. */
export interface FecRecord {
  journalCode: string
  journalLib: string
  ecritureNum: string
  ecritureDate: IsoDate
  compteNum: string
  compteLib: string
  compAuxNum: string
  compAuxLib: string
  pieceRef: string
  pieceDate: IsoDate
  ecritureLib: string
  debit: Decimal
  credit: Decimal
  ecritureLet: string
  dateLet: IsoDate | null
  validDate: IsoDate
  montantDevise: Decimal | null
  idevise: string
  treasury: FecTreasury | null
}

/** One problem \`fecCheck\` found. */
export interface FecFinding {
  /** The rule's code (\`E01\`, \`N01\`…; \`rules()\` lists them). */
  code: string
  severity: 'error' | 'warning'
  /** 1-based line, 0 for the file as a whole. */
  line: number
  /** The field concerned (\`EcritureDate\`), empty for a line or the file. */
  field: string
  message: string
  source: string
}

/** What \`fecCheck\` found in a FEC file. */
export interface FecCheckReport {
  fileName: string | null
  format: 'flat' | 'xml'
  charset: 'ascii' | 'utf8' | 'iso8859-15' | null
  separator: string | null
  regime: FecRegime | null
  /** False when the file could not be read at all. */
  readable: boolean
  lines: number
  records: number
  entries: number
  totalDebit: Decimal
  totalCredit: Decimal
  errors: number
  warnings: number
  /** Findings per rule code (all of them, kept or not). */
  counts: Record<string, number>
  /** The findings kept, by line (at most 100 per rule). */
  findings: FecFinding[]
}

/** The column set of the taxpayer's regime (A47 A-1 VII, VIII). */
export type FecRegime = 'bic' | 'bnc_ba_commercial' | 'ba_tresorerie' | 'bnc_tresorerie'

/** One broken EN 16931 / BR-FR rule (\`validateInvoice\`). */
export interface Finding {
  /** The rule id, e.g. \`BR-CO-15\`, \`BR-S-08\`, \`BR-FR-10\`. */
  rule: string
  level: 'error' | 'warning'
  /** XPath-like location in the EN 16931 model, e.g. \`/BG-22/BT-112\`. */
  location: string
  message: string
}

/** A preceding invoice (BT-25 number, BT-26 date). */
export interface ReceivedReference {
  number: string
  issueDate?: IsoDate
}

/** An invoice note (BG-1): subject code BT-21, text BT-22. */
export interface ReceivedNote {
  subject?: string
  text: string
}

/** An identifier and its scheme (\`0002\` SIREN, \`0009\` SIRET, \`0225\`, \`EM\`). */
export interface ReceivedIdentifier {
  id: string
  scheme?: string
}

/** A postal address (BG-5, BG-8). */
export interface ReceivedAddress {
  lines?: string[]
  city?: string
  postalCode?: string
  subdivision?: string
  country: string
}

/** The seller (BG-4) or the buyer (BG-7) of a received invoice. */
export interface ReceivedParty {
  name: string
  tradingName?: string
  ids?: ReceivedIdentifier[]
  /** BT-30 / BT-47: the SIREN, scheme \`0002\`. */
  legalId?: ReceivedIdentifier
  vatNumber?: string
  taxRegistration?: string
  legalInfo?: string
  electronicAddress?: ReceivedIdentifier
  address: ReceivedAddress
  email?: string
}

/** A period, both days included (BG-14, BG-26). */
export interface ReceivedPeriod {
  start?: IsoDate
  end?: IsoDate
}

/** How to pay (BG-16..19, BT-20). */
export interface ReceivedPayment {
  meansCode?: string
  remittance?: string
  iban?: string
  bic?: string
  mandate?: string
  creditorId?: string
  debtorIban?: string
  terms?: string
}

/** An allowance or a charge, of the document (BG-20/21) or of a line (BG-27/28). */
export interface ReceivedAllowanceCharge {
  amount: Decimal
  base?: Decimal
  percent?: Decimal
  reason?: string
  reasonCode?: string
  vatCategory?: string
  vatRate?: Decimal
}

/** An invoice line (BG-25). */
export interface ReceivedLine {
  id: string
  parentId?: string
  note?: string
  name: string
  description?: string
  quantity: Decimal
  unit: string
  netPrice: Decimal
  grossPrice?: Decimal
  priceDiscount?: Decimal
  baseQuantity?: Decimal
  allowances?: ReceivedAllowanceCharge[]
  charges?: ReceivedAllowanceCharge[]
  netAmount: Decimal
  vatCategory: string
  vatRate?: Decimal
  period?: ReceivedPeriod
}

/** One row of the VAT breakdown (BG-23). */
export interface ReceivedVatGroup {
  category: string
  rate?: Decimal
  basis: Decimal
  vat: Decimal
  exemptionReason?: string
  exemptionCode?: string
}

/** Document totals (BG-22), as the sender states them. */
export interface ReceivedTotals {
  lineTotal?: Decimal
  allowanceTotal?: Decimal
  chargeTotal?: Decimal
  /** BT-109, total without VAT. */
  taxBasisTotal: Decimal
  vatTotal?: Decimal
  vatTotalTaxCurrency?: Decimal
  /** BT-112, total with VAT. */
  grandTotal: Decimal
  prepaid?: Decimal
  rounding?: Decimal
  /** BT-115, amount due. */
  due: Decimal
}

/** A supporting document (BG-24), listed (its content is not kept). */
export interface ReceivedAttachment {
  id: string
  description?: string
  uri?: string
  filename?: string
  mime?: string
  size: number
}

/** An EN 16931 invoice or credit note as read from CII or UBL (\`readInvoice\`); absent optional fields are missing keys. */
export interface ReceivedInvoice {
  syntax: 'cii' | 'ubl'
  /** BT-24: the Factur-X profile URN for CII. */
  specification: string
  businessProcess?: string
  number: string
  /** BT-3 (UNTDID 1001: 380, 381, 386, 503…). */
  typeCode: string
  issueDate?: IsoDate
  currency: string
  taxCurrency?: string
  dueDate?: IsoDate
  buyerReference?: string
  projectReference?: string
  contractReference?: string
  purchaseOrder?: string
  precedingInvoices?: ReceivedReference[]
  notes?: ReceivedNote[]
  seller: ReceivedParty
  buyer: ReceivedParty
  deliveryDate?: IsoDate
  period?: ReceivedPeriod
  payment: ReceivedPayment
  lines?: ReceivedLine[]
  allowances?: ReceivedAllowanceCharge[]
  charges?: ReceivedAllowanceCharge[]
  vatBreakdown: ReceivedVatGroup[]
  totals: ReceivedTotals
  attachments?: ReceivedAttachment[]
}
`
  out += optionTypes()
  for (const [title, root, name] of roots) {
    out += `\n${doc(`${root.description ?? title} (schema \`${name}\`)`, '')}export type ${title} = ${ts(root, '')}\n`
  }
  for (const [defName, def] of [...defs.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    // the hand-written interfaces above win over a schema definition of the same name
    if (roots.some(([title]) => title === defName) || HAND_WRITTEN.has(defName)) continue
    out += `\n${doc(def.description, '')}export type ${defName} = ${ts(def, '')}\n`
  }
  return out
}

/** `as_of` → `asOf` (the rules of src/convert.rs: an underscore before a digit stays). */
function camel(name) {
  return name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
}

/** A doc of the table as JSDoc: argument names in camelCase, `None` as `null`. */
function jsdoc(op) {
  const names = new Set(op.args.map((a) => a.name))
  const text = op.doc.replace(/`([a-z0-9_]+)`/g, (m, n) => (names.has(n) || operationNames.has(n) ? `\`${camel(n)}\`` : m))
  return doc(text.trim(), '')
}

const operations = JSON.parse(native.operations())
const operationNames = new Set(operations.map((op) => op.name))

/** The positional parameters of an operation, then `options` when it has some. */
function params(op) {
  const out = op.args.filter((a) => a.kind !== 'option').map((a) => ({ name: camel(a.name), ty: a.ty, optional: a.default !== null }))
  if (op.options) out.push({ name: 'options', ty: op.options, optional: true })
  return out
}

function indexJs() {
  const fns = operations.map((op) => {
    const ps = params(op).map((p) => p.name)
    const call = op.sync ? 'callSync' : 'call'
    return `${jsdoc(op)}function ${camel(op.name)}(${ps.join(', ')}) {\n  return ${call}('${op.name}', [${ps.join(', ')}])\n}\n`
  })
  const names = operations.map((op) => camel(op.name))
  return `// Generated by scripts/gen-types.js from the operation table of facturier-ffi ${native.version}: do not edit.
'use strict'

const native = require('./native')
// JSON.stringify on this thread, parsing and the work off the event loop (see input.js)
const { call, callSync } = require('./input')

/** The version of facturier (the workspace version, also the npm package's). */
const version = native.version

/** The names of the published JSON Schemas (synchronous). */
function schemaNames() {
  return native.schemaNames()
}

${fns.join('\n')}
module.exports = { version, schemaNames, ${names.join(', ')} }
`
}

function indexDts() {
  const used = new Set(['SchemaName'])
  const fns = operations.map((op) => {
    const ps = params(op).map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.ty}`)
    const ret = op.sync ? op.returns : `Promise<${op.returns}>`
    for (const t of [...params(op).map((p) => p.ty), op.returns].join(' ').match(/[A-Z][A-Za-z]+/g) ?? []) used.add(t)
    return `${jsdoc(op)}export declare function ${camel(op.name)}(${ps.join(', ')}): ${ret}\n`
  })
  for (const builtin of ['Buffer', 'Record', 'Promise', 'Array']) used.delete(builtin)
  return `// Generated by scripts/gen-types.js from the operation table of facturier-ffi ${native.version}: do not edit.
import type { ${[...used].sort().join(', ')} } from './types'
export type * from './types'

/** The version of facturier (the workspace version, also the npm package's). */
export declare const version: string

/** The names of the published JSON Schemas (synchronous). */
export declare function schemaNames(): SchemaName[]

${fns.join('\n')}`
}

const files = {
  'types.d.ts': generate(),
  'index.js': indexJs(),
  'index.d.ts': indexDts(),
}
const stale = Object.entries(files).filter(([name, text]) => {
  const target = path.join(__dirname, '..', name)
  return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text
})
if (process.argv.includes('--check')) {
  for (const [name] of stale) console.error(`${name} is out of date: run \`node scripts/gen-types.js\` in bindings/node`)
  if (stale.length) process.exit(1)
  console.log('types.d.ts, index.js and index.d.ts are up to date')
} else {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(__dirname, '..', name), text)
  console.log(`wrote ${Object.keys(files).join(', ')}`)
}
