#!/usr/bin/env python3
"""Writes the generated part of the ``facturier`` package from the built native module:

- ``facturier/types.py``: a ``TypedDict`` (or alias) for every type of the JSON Schemas, as
  facturier *returns* documents (decimals ``Decimal``, dates ``date``), the same schemas
  ``bindings/node/scripts/gen-types.js`` writes ``types.d.ts`` from;
- ``facturier/_api.py``: the public functions, one per operation of the shared table
  (``facturier-ffi``), with their signatures, defaults and docstrings.

``python scripts/gen_api.py --check`` fails when a committed file is out of date (CI runs it).
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "python" / "facturier"


def load_native() -> Any:
    """The built native module, loaded without the package (whose ``_api`` this script writes)."""
    import importlib.machinery
    import importlib.util
    import sysconfig

    for candidate in sorted(PACKAGE.glob("_facturier*" + (sysconfig.get_config_var("SHLIB_SUFFIX") or ".so"))):
        loader = importlib.machinery.ExtensionFileLoader("facturier._facturier", str(candidate))
        spec = importlib.util.spec_from_loader("facturier._facturier", loader)
        if spec is not None:
            module = importlib.util.module_from_spec(spec)
            loader.exec_module(module)
            return module
    sys.exit(f"no built native module in {PACKAGE}: run `maturin develop` first")


native = load_native()
DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$"

# The names EXTRA_TYPES defines.
HAND_WRITTEN = (
    "Violation",
    "Gap",
    "NumberingReport",
    "DatedAmount",
    "LateDebt",
    "Rule",
    "ContractState",
    "FecTreasury",
    "FecRecord",
    "FecFinding",
    "FecCheckReport",
    "Finding",
    "ReceivedInvoice",
    "ReceivedReference",
    "ReceivedNote",
    "ReceivedIdentifier",
    "ReceivedAddress",
    "ReceivedParty",
    "ReceivedPeriod",
    "ReceivedPayment",
    "ReceivedLine",
    "ReceivedAllowanceCharge",
    "ReceivedVatGroup",
    "ReceivedTotals",
    "ReceivedAttachment",
)

# Types the schemas do not describe (outputs of the table's operations), written by hand once.
EXTRA_TYPES = '''
class Violation(TypedDict):
    """One problem found in a document: what, where, why and under which text."""

    code: str
    """Stable machine code of the rule, e.g. ``lines.vat_rate.not_allowed``."""
    path: str
    """Field path in the input, e.g. ``lines[3].vat_rate``; empty for the whole document."""
    message: str
    """Human-readable explanation (English)."""
    source: str
    """The legal or normative source of the rule."""


class Gap(TypedDict):
    """A run of consecutive sequences missing from a period."""

    period: str
    missing_from: int
    missing_to: int
    missing: list[str]


class NumberingReport(TypedDict):
    """What :func:`facturier.numbering_report` found in the numbers of one series."""

    checked: int
    duplicates: list[str]
    gaps: list[Gap]
    unparsable: list[str]


class DatedAmount(TypedDict):
    """A payment or credit lowering a debt from the day after ``date``."""

    date: date
    amount: Decimal


class LateDebt(TypedDict):
    """The facts of one debt that :func:`facturier.late_interest` computes the interest of."""

    buyer_kind: BuyerKind
    amount_due: Decimal
    due_date: date
    contractual_rate: NotRequired[Decimal | None]
    settlements: NotRequired[list[DatedAmount]]
    formal_notice: NotRequired[date | None]
    judgment_enforceable: NotRequired[date | None]


class Rule(TypedDict):
    """A rule or error code of :func:`facturier.rules`."""

    code: str
    message: NotRequired[str]
    source: str


class ContractState(TypedDict):
    """A contract as in force on a date (:func:`facturier.contract_as_of`): derived from its history."""

    contract_id: str
    date: date
    status: ContractStatus
    lines: list[RecurringLine]
    """The recurring lines in force, with their quantities and prices on that date."""
    discounts: list[RecurringDiscount]
    renewal: RenewalClause
    term: NotRequired[TermSpan]
    """The term running on that date (absent before the start or after the end)."""
    amendments: list[int]
    """The amendments applied, by number, in application order."""
    mrr: Decimal
    """Its MRR on that date, in its currency (discounts as invoiced; 0 unless active)."""


class FecTreasury(TypedDict):
    """The cash-basis fields of the BA and BNC trésorerie layouts (A47 A-1 VIII 5°, 7°)."""

    date_rglt: date
    mode_rglt: str
    nat_op: str
    id_client: str


class FecRecord(TypedDict):
    """One FEC record (:func:`facturier.fec_read`): the 18 fields of A47 A-1 VII, texts empty when unused."""

    journal_code: str
    journal_lib: str
    ecriture_num: str
    ecriture_date: date
    compte_num: str
    compte_lib: str
    comp_aux_num: str
    comp_aux_lib: str
    piece_ref: str
    piece_date: date
    ecriture_lib: str
    debit: Decimal
    credit: Decimal
    ecriture_let: str
    date_let: date | None
    valid_date: date
    montant_devise: Decimal | None
    idevise: str
    treasury: FecTreasury | None


class FecFinding(TypedDict):
    """One problem :func:`facturier.fec_check` found."""

    code: str
    """The rule's code (``E01``, ``N01``…; :func:`facturier.rules` lists them)."""
    severity: Literal["error", "warning"]
    line: int
    """1-based line, 0 for the file as a whole."""
    field: str
    """The field concerned (``EcritureDate``), empty for a line or the file."""
    message: str
    source: str


class FecCheckReport(TypedDict):
    """What :func:`facturier.fec_check` found in a FEC file."""

    file_name: str | None
    format: Literal["flat", "xml"]
    charset: Literal["ascii", "utf8", "iso8859-15"] | None
    separator: str | None
    regime: Literal["bic", "bnc_ba_commercial", "ba_tresorerie", "bnc_tresorerie"] | None
    readable: bool
    """False when the file could not be read at all."""
    lines: int
    records: int
    entries: int
    total_debit: Decimal
    total_credit: Decimal
    errors: int
    warnings: int
    counts: dict[str, int]
    """Findings per rule code (all of them, kept or not)."""
    findings: list[FecFinding]
    """The findings kept, by line (at most 100 per rule)."""


class Finding(TypedDict):
    """One broken EN 16931 / BR-FR rule (:func:`facturier.validate_invoice`)."""

    rule: str
    """The rule id, e.g. ``BR-CO-15``, ``BR-S-08``, ``BR-FR-10``."""
    level: Literal["error", "warning"]
    location: str
    """XPath-like location in the EN 16931 model, e.g. ``/BG-22/BT-112``."""
    message: str


class ReceivedReference(TypedDict):
    """A preceding invoice (BT-25 number, BT-26 date)."""

    number: str
    issue_date: NotRequired[date]


class ReceivedNote(TypedDict):
    """An invoice note (BG-1): subject code BT-21, text BT-22."""

    subject: NotRequired[str]
    text: str


class ReceivedIdentifier(TypedDict):
    """An identifier and its scheme (``0002`` SIREN, ``0009`` SIRET, ``0225``, ``EM``)."""

    id: str
    scheme: NotRequired[str]


class ReceivedAddress(TypedDict):
    """A postal address (BG-5, BG-8)."""

    lines: NotRequired[list[str]]
    city: NotRequired[str]
    postal_code: NotRequired[str]
    subdivision: NotRequired[str]
    country: str


class ReceivedParty(TypedDict):
    """The seller (BG-4) or the buyer (BG-7) of a received invoice."""

    name: str
    trading_name: NotRequired[str]
    ids: NotRequired[list[ReceivedIdentifier]]
    legal_id: NotRequired[ReceivedIdentifier]
    """BT-30 / BT-47: the SIREN, scheme ``0002``."""
    vat_number: NotRequired[str]
    tax_registration: NotRequired[str]
    legal_info: NotRequired[str]
    electronic_address: NotRequired[ReceivedIdentifier]
    address: ReceivedAddress
    email: NotRequired[str]


class ReceivedPeriod(TypedDict):
    """A period, both days included (BG-14, BG-26)."""

    start: NotRequired[date]
    end: NotRequired[date]


class ReceivedPayment(TypedDict):
    """How to pay (BG-16..19, BT-20)."""

    means_code: NotRequired[str]
    remittance: NotRequired[str]
    iban: NotRequired[str]
    bic: NotRequired[str]
    mandate: NotRequired[str]
    creditor_id: NotRequired[str]
    debtor_iban: NotRequired[str]
    terms: NotRequired[str]


class ReceivedAllowanceCharge(TypedDict):
    """An allowance or a charge, of the document (BG-20/21) or of a line (BG-27/28)."""

    amount: Decimal
    base: NotRequired[Decimal]
    percent: NotRequired[Decimal]
    reason: NotRequired[str]
    reason_code: NotRequired[str]
    vat_category: NotRequired[str]
    vat_rate: NotRequired[Decimal]


class ReceivedLine(TypedDict):
    """An invoice line (BG-25)."""

    id: str
    parent_id: NotRequired[str]
    note: NotRequired[str]
    name: str
    description: NotRequired[str]
    quantity: Decimal
    unit: str
    net_price: Decimal
    gross_price: NotRequired[Decimal]
    price_discount: NotRequired[Decimal]
    base_quantity: NotRequired[Decimal]
    allowances: NotRequired[list[ReceivedAllowanceCharge]]
    charges: NotRequired[list[ReceivedAllowanceCharge]]
    net_amount: Decimal
    vat_category: str
    vat_rate: NotRequired[Decimal]
    period: NotRequired[ReceivedPeriod]


class ReceivedVatGroup(TypedDict):
    """One row of the VAT breakdown (BG-23)."""

    category: str
    rate: NotRequired[Decimal]
    basis: Decimal
    vat: Decimal
    exemption_reason: NotRequired[str]
    exemption_code: NotRequired[str]


class ReceivedTotals(TypedDict):
    """Document totals (BG-22), as the sender states them."""

    line_total: NotRequired[Decimal]
    allowance_total: NotRequired[Decimal]
    charge_total: NotRequired[Decimal]
    tax_basis_total: Decimal
    """BT-109, total without VAT."""
    vat_total: NotRequired[Decimal]
    vat_total_tax_currency: NotRequired[Decimal]
    grand_total: Decimal
    """BT-112, total with VAT."""
    prepaid: NotRequired[Decimal]
    rounding: NotRequired[Decimal]
    due: Decimal
    """BT-115, amount due."""


class ReceivedAttachment(TypedDict):
    """A supporting document (BG-24), listed (its content is not kept)."""

    id: str
    description: NotRequired[str]
    uri: NotRequired[str]
    filename: NotRequired[str]
    mime: NotRequired[str]
    size: int


class ReceivedInvoice(TypedDict):
    """An EN 16931 invoice or credit note as read from CII or UBL (:func:`facturier.read_invoice`);
    absent optional fields are missing keys."""

    syntax: Literal["cii", "ubl"]
    specification: str
    """BT-24: the Factur-X profile URN for CII."""
    business_process: NotRequired[str]
    number: str
    type_code: str
    """BT-3 (UNTDID 1001: 380, 381, 386, 503…)."""
    issue_date: NotRequired[date]
    currency: str
    tax_currency: NotRequired[str]
    due_date: NotRequired[date]
    buyer_reference: NotRequired[str]
    project_reference: NotRequired[str]
    contract_reference: NotRequired[str]
    purchase_order: NotRequired[str]
    preceding_invoices: NotRequired[list[ReceivedReference]]
    notes: NotRequired[list[ReceivedNote]]
    seller: ReceivedParty
    buyer: ReceivedParty
    delivery_date: NotRequired[date]
    period: NotRequired[ReceivedPeriod]
    payment: ReceivedPayment
    lines: NotRequired[list[ReceivedLine]]
    allowances: NotRequired[list[ReceivedAllowanceCharge]]
    charges: NotRequired[list[ReceivedAllowanceCharge]]
    vat_breakdown: list[ReceivedVatGroup]
    totals: ReceivedTotals
    attachments: NotRequired[list[ReceivedAttachment]]


# The names of the stubs before they were generated.
QuoteStatusName: TypeAlias = QuoteStatus
InvoiceStatusName: TypeAlias = InvoiceStatus
'''


def camel(name: str) -> str:
    """``net_days`` → ``NetDays``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def literal(values: list[Any]) -> str:
    """A choice of constants: a ``Union`` of ``Literal``s, which stays a ``Union`` at runtime
    (``Literal["a", "b"]`` would not, and stubtest could not compare it with its alias)."""
    if len(values) == 1:
        return f"Literal[{json.dumps(values[0])}]"
    return "Union[" + ", ".join(f"Literal[{json.dumps(v)}]" for v in values) + "]"


class Generator:
    """Turns JSON Schemas into Python type definitions, in dependency order."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}
        self.out: dict[str, str] = {}
        self.deps: dict[str, set[str]] = {}
        self.current: set[str] = set()

    def ty(self, schema: Any, hint: str) -> str:
        """The Python type of ``schema``; ``hint`` names an inline object's TypedDict."""
        if schema is True or schema is None:
            return "Any"
        if "$ref" in schema:
            name = schema["$ref"].removeprefix("#/$defs/")
            self.current.add(name)
            return name
        if schema.get("pattern") == DECIMAL_PATTERN:
            return "Decimal"
        types = schema.get("type")
        types = [types] if isinstance(types, str) else list(types or [])
        nullable = " | None" if "null" in types else ""
        if schema.get("format") == "date":
            return "date" + nullable
        if "const" in schema:
            return f"Literal[{json.dumps(schema['const'])}]"
        if "enum" in schema:
            return literal(schema["enum"])
        for word in ("oneOf", "anyOf"):
            if word in schema:
                variants = schema[word]
                if all("const" in v for v in variants):
                    return literal([v["const"] for v in variants])
                parts = [self.ty(v, hint + self.variant_name(v, i)) for i, v in enumerate(variants)]
                return " | ".join(dict.fromkeys(p if p != "NoneType" else "None" for p in parts))
        if "allOf" in schema:
            return self.ty(schema["allOf"][0], hint)
        if "properties" in schema:
            self.typed_dict(hint, schema)
            self.current.add(hint)
            return hint
        mapped = []
        for t in types:
            if t == "string":
                mapped.append("str")
            elif t in ("integer", "number"):
                mapped.append("int")
            elif t == "boolean":
                mapped.append("bool")
            elif t == "null":
                mapped.append("None")
            elif t == "array":
                mapped.append(f"list[{self.ty(schema.get('items'), hint + 'Item')}]")
            elif t == "object":
                mapped.append("dict[str, Any]")
        return " | ".join(mapped) if mapped else "Any"

    @staticmethod
    def variant_name(v: Any, i: int) -> str:
        """The suffix naming an inline variant: its tag, its one required field, or its index."""
        props = v.get("properties", {}) if isinstance(v, dict) else {}
        for p in props.values():
            if isinstance(p, dict) and "const" in p:
                return camel(str(p["const"]))
        required = v.get("required", []) if isinstance(v, dict) else []
        return camel(required[0]) if required else str(i)

    def typed_dict(self, name: str, schema: Any) -> None:
        """Records the TypedDict ``name`` of an object schema."""
        if name in self.out:
            return
        self.out[name] = ""  # reserved against recursion
        saved, self.current = self.current, set()
        required = set(schema.get("required", []))
        fields = []
        for field, s in schema["properties"].items():
            t = self.ty(s, name + camel(field))
            fields.append((field, t if field in required else f"NotRequired[{t}]", s.get("description") if isinstance(s, dict) else None))
        doc = (schema.get("description") or name).replace('"""', "'''")
        if any(keyword.iskeyword(f) for f, _, _ in fields):
            items = ", ".join(f"{json.dumps(f)}: {json.dumps(t)}" for f, t, _ in fields)
            text = f'{name} = TypedDict("{name}", {{{items}}})\n"""{doc}"""\n'
        else:
            body = "".join(f"    {f}: {t}\n" + (f'    """{d.replace(chr(92), chr(92) * 2).replace(chr(34) * 3, chr(39) * 3)}"""\n' if d else "") for f, t, d in fields)
            text = f'class {name}(TypedDict):\n    """{doc}"""\n\n{body}'
        self.out[name] = text
        self.deps[name] = self.current
        self.current = saved

    def define(self, name: str, schema: Any) -> None:
        """Records the definition ``name``: a TypedDict for an object, an alias otherwise."""
        if name in self.out:
            return
        if "properties" in schema:
            self.typed_dict(name, schema)
            return
        self.out[name] = ""
        saved, self.current = self.current, set()
        t = self.ty(schema, name)
        doc = (schema.get("description") or name).replace('"""', "'''")
        self.out[name] = f'{name}: TypeAlias = {t}\n"""{doc}"""\n'
        self.deps[name] = self.current
        self.current = saved

    def ordered(self) -> list[str]:
        """The definitions, each after the aliases it uses (classes' annotations are lazy)."""
        done: list[str] = []
        seen: set[str] = set()

        def visit(n: str) -> None:
            if n in seen or n not in self.out:
                return
            seen.add(n)
            for d in sorted(self.deps.get(n, ())):
                visit(d)
            done.append(n)

        for n in sorted(self.out):
            visit(n)
        return done


def types_module() -> str:
    """The text of ``facturier/types.py``."""
    g = Generator()
    for name in native.SCHEMA_NAMES:
        schema = native.call("json_schema", (name,))
        for def_name, d in schema.get("$defs", {}).items():
            g.define(def_name, d)
        root = {k: v for k, v in schema.items() if k not in ("$defs", "$schema")}
        g.define(schema["title"], root)
    # the hand-written types win over a schema definition of the same name (`Violation` is also
    # in the receivables report's schema, as its warnings)
    for name in HAND_WRITTEN:
        g.out.pop(name, None)
    body = "\n\n".join(g.out[n] for n in g.ordered())
    names = sorted({*g.out, *HAND_WRITTEN, "QuoteStatusName", "InvoiceStatusName", "DecimalIn", "DateIn", "Document"})
    all_list = "".join(f'    "{n}",\n' for n in names)
    return f'''"""The types of facturier's documents, as facturier *returns* them (generated by
``bindings/python/scripts/gen_api.py`` from the JSON Schemas of facturier {native.__version__}: do
not edit).

Decimals are ``Decimal`` and dates ``date``. As inputs, every function also takes plain mappings
(:data:`Document`) in which a decimal may be a ``Decimal``, a ``str`` (``"12.50"``) or an ``int``
and a date a ``date`` or ``"YYYY-MM-DD"``; a ``float`` is refused with ``InputTypeError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Union

if TYPE_CHECKING:
    from typing_extensions import NotRequired, TypeAlias

__all__ = [
{all_list}]

DecimalIn: TypeAlias = Union[Decimal, str, int]
"""A decimal as facturier takes it: exact, never a float."""
DateIn: TypeAlias = Union[date, str]
"""A date as facturier takes it: ``date`` or ``"YYYY-MM-DD"``."""
Document: TypeAlias = Mapping[str, Any]
"""Any mapping shaped like the documents below (inputs accept ``str``/``int`` decimals too)."""


{body}
{EXTRA_TYPES}'''


def split_union(t: str) -> list[str]:
    """``A | B`` → ``[A, B]`` at the top level (not inside braces)."""
    parts, depth, cur = [], 0, ""
    for c in t:
        depth += c in "{<(["
        depth -= c in "}>)]"
        if c == "|" and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += c
    return [*parts, cur.strip()]


def py_in(t: str) -> str:
    """The Python type of an argument of table type ``t`` (TypeScript syntax)."""
    parts = split_union(t)
    if len(parts) > 1:
        if all(p.startswith("'") for p in parts):
            return "Literal[" + ", ".join(json.dumps(p.strip("'")) for p in parts) + "]"
        return " | ".join(dict.fromkeys(x.strip() for p in parts for x in py_in(p).split(" | ")))
    if t.endswith("[]"):
        return f"Sequence[{py_in(t[:-2])}]"
    simple = {"string": "str", "boolean": "bool", "number": "int", "IsoDate": "DateIn", "Buffer": "bytes | bytearray", "SchemaName": "str", "Month": "str"}
    if t in simple:
        return simple[t]
    if t == "CreditSelection":
        return "str | CreditSelection | Document"
    return f"{t} | Document"


def py_out(t: str) -> str:
    """The Python type of a result of table type ``t``."""
    record = re.fullmatch(r"\{(.*)\}", t.strip())
    if record:
        return "tuple[" + ", ".join(py_out(f.split(":", 1)[1].strip()) for f in record.group(1).split(";") if f.strip()) + "]"
    if t.endswith("[]"):
        return f"list[{py_out(t[:-2])}]"
    return {"string": "str", "boolean": "bool", "number": "int", "IsoDate": "date", "Buffer": "bytes", "Record<string, unknown>": "dict[str, Any]"}.get(t, t)


def py_default(arg: dict[str, Any]) -> str:
    """The default of an optional argument as Python writes it (``None`` for a mapping)."""
    value = json.loads(arg["default"])
    if value is None or isinstance(value, dict):
        return "None"
    if isinstance(value, list):
        return "()"
    return repr(value)


def function(op: dict[str, Any]) -> str:
    """The text of one public function."""
    params, call = [], []
    star = False
    for a in op["args"]:
        t = py_in(a["ty"])
        if a["kind"] == "option" and not star:
            params.append("*")
            star = True
        if a["default"] is None:
            params.append(f"{a['name']}: {t}")
        else:
            d = py_default(a)
            params.append(f"{a['name']}: {t}{' | None' if d == 'None' else ''} = {d}")
        call.append(a["name"])
    returns = py_out(op["returns"])
    args = f"({', '.join(call)},)" if call else "()"
    invoke = f'_call("{op["name"]}", {args})'
    record = re.fullmatch(r"\{(.*)\}", op["returns"].strip())
    if record:
        keys = [f.split(":", 1)[0].strip() for f in record.group(1).split(";") if f.strip()]
        body = f"    r = {invoke}\n    return " + ", ".join(f'r["{k}"]' for k in keys) + "\n"
    elif op["returns"] == "IsoDate":
        body = f"    return date.fromisoformat({invoke})\n"
    else:
        body = f"    return {invoke}  # type: ignore[no-any-return]\n"
    doc = op["doc"].replace("`", "``").replace('"""', "'''")
    wrap = {"width": 96, "initial_indent": "    ", "subsequent_indent": "    ", "break_on_hyphens": False}
    doc = "\n\n".join(textwrap.fill(p, **wrap) for p in doc.split("\n\n")).strip()
    signature = ", ".join(params)
    if len(signature) > 90:
        signature = "\n    " + ",\n    ".join(params) + ",\n"
    return f'def {op["name"]}({signature}) -> {returns}:\n    """{doc}\n    """\n{body}'


def api_module() -> str:
    """The text of ``facturier/_api.py``."""
    ops = json.loads(native.operations())
    names = "".join(f'    "{op["name"]}",\n' for op in ops)
    functions = "\n\n".join(function(op) for op in ops)
    return f'''"""The public functions of facturier, one per operation of the shared table of
``facturier-ffi`` (generated by ``bindings/python/scripts/gen_api.py``: do not edit).

Each converts its arguments (a ``float`` is refused), releases the GIL while the core or the
renderer works, and returns plain dicts with ``Decimal`` and ``date`` values; errors are the
exceptions of :mod:`facturier.exceptions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from facturier._facturier import call as _call
from facturier.types import *  # noqa: F403

__all__ = [
{names}]


{functions}'''


def init_module() -> str:
    """``facturier/__init__.py`` with the names of the functions between its markers."""
    names = [op["name"] for op in json.loads(native.operations())]
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    imports = "from facturier._api import (\n" + "".join(f"    {n},\n" for n in names) + ")\n"
    listed = "".join(f'    "{n}",\n' for n in names)
    block = re.compile(r"(?m)^( *)# <generated by scripts/gen_api.py: the functions of the operation table>\n.*?^ *# </generated>\n", re.S)
    parts = iter([imports, listed])

    def fill(m: re.Match[str]) -> str:
        indent = m.group(1)
        return f"{indent}# <generated by scripts/gen_api.py: the functions of the operation table>\n{next(parts)}{indent}# </generated>\n"

    return block.sub(fill, text, count=2)


def main() -> int:
    files = {PACKAGE / "types.py": types_module(), PACKAGE / "_api.py": api_module(), PACKAGE / "__init__.py": init_module()}
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if "--check" in sys.argv:
        for p in stale:
            print(f"{p.relative_to(HERE.parent)} is out of date: run `python scripts/gen_api.py` in bindings/python", file=sys.stderr)
        if not stale:
            print("facturier/types.py, facturier/_api.py and the names of facturier/__init__.py are up to date")
        return 1 if stale else 0
    for p, text in files.items():
        p.write_text(text, encoding="utf-8")
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
