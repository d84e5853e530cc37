//! Structure-aware documents: a valid seed (an example of the repository) and a few edits, each
//! derived by `arbitrary` from the fuzzer's bytes. An edit sets a member to a plain or hostile
//! value, removes one, adds an optional member where it belongs, repeats an array's element,
//! or writes typed invoice lines. The result is always JSON of the core's shape (or close to
//! it): most inputs parse, so the fuzzer spends its time in the checks and the computations,
//! not in the JSON parser (which the raw-bytes targets cover).

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Value};

use crate::leaf::{Date, Dec, Few, Often, Seldom, Text};
use crate::pools::{self, Amounts, Descriptions, Ids, Names, Percents, Prices, Quantities, Units, VatRates};

/// Arrays never grow past this many elements by [`Edit::Repeat`].
pub const MAX_REPEAT: usize = 1000;

/// Nor a document past this many JSON values: repeats of repeats would otherwise make
/// gigabytes of JSON before the core sees any (the generator's blow-up, not the core's).
pub const MAX_NODES: usize = 50_000;

/// Nor by more than this many bytes of JSON in one repeat.
pub const MAX_REPEAT_BYTES: usize = 8 << 20;

/// A step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A node of a JSON tree: its path and the key that names it (an array element is named by its
/// array's key; the root by `""`).
#[derive(Debug, Clone)]
struct Node {
    path: Vec<Seg>,
    key: String,
}

fn nodes(v: &Value) -> Vec<(Node, bool)> {
    fn walk(v: &Value, path: &mut Vec<Seg>, key: &str, out: &mut Vec<(Node, bool)>) {
        let container = matches!(v, Value::Array(_) | Value::Object(_));
        out.push((Node { path: path.clone(), key: key.to_owned() }, container));
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    walk(item, path, key, out);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    path.push(Seg::Key(k.clone()));
                    walk(item, path, k, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), "", &mut out);
    out
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::Index(i) => v.get_mut(*i),
    })
}

/// A value an edit writes.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum NewValue {
    /// A plain value for the member's key ([`pools::known`]).
    Known(u8),
    /// A text, plain or hostile.
    Text(Text<Names>),
    /// A decimal, plain or hostile.
    Dec(Dec<Amounts>),
    /// A date, plain or hostile.
    Date(Date),
    /// A JSON integer.
    Int(i64),
    /// A small JSON integer (days, versions, sequences).
    Small(u8),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
    /// An empty object or array.
    Empty(bool),
}

impl NewValue {
    fn value(&self, key: &str) -> Value {
        match self {
            NewValue::Known(i) => {
                let pool = pools::known(key);
                Value::from(pool.get(usize::from(*i) % pool.len().max(1)).copied().unwrap_or(""))
            }
            NewValue::Text(t) => Value::from(t.as_str()),
            NewValue::Dec(d) => d.0.clone(),
            NewValue::Date(d) => d.0.clone(),
            NewValue::Int(n) => Value::from(*n),
            NewValue::Small(n) => Value::from(*n),
            NewValue::Bool(b) => Value::from(*b),
            NewValue::Null => Value::Null,
            NewValue::Empty(true) => Value::Object(Map::new()),
            NewValue::Empty(false) => Value::Array(vec![]),
        }
    }
}

/// A line discount.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum DiscountGen {
    /// A percentage of quantity × unit price.
    Percent(Dec<Percents>),
    /// An amount off the line.
    Amount(Dec<Prices>),
}

/// An invoice or quote line, field by field.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct LineGen {
    id: Text<Ids>,
    description: Text<Descriptions>,
    quantity: Dec<Quantities>,
    unit: Often<Text<Units>>,
    unit_price: Dec<Prices>,
    discount: Seldom<DiscountGen>,
    vat_category: Seldom<Text<Categories>>,
    vat_rate: Dec<VatRates>,
    supply: Seldom<Text<Supplies>>,
}

crate::pool! {
    Categories = ["S", "Z", "E", "AE", "K", "G", "O"];
    Supplies = ["goods", "services"];
}

impl LineGen {
    /// The line as the core reads it.
    pub fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), Value::from(self.id.as_str()));
        m.insert("description".into(), Value::from(self.description.as_str()));
        m.insert("quantity".into(), self.quantity.0.clone());
        if let Some(u) = &self.unit.0 {
            m.insert("unit".into(), Value::from(u.as_str()));
        }
        m.insert("unit_price".into(), self.unit_price.0.clone());
        match &self.discount.0 {
            Some(DiscountGen::Percent(p)) => m.insert("discount".into(), serde_json::json!({ "percent": p.0 })),
            Some(DiscountGen::Amount(a)) => m.insert("discount".into(), serde_json::json!({ "amount": a.0 })),
            None => None,
        };
        if let Some(c) = &self.vat_category.0 {
            m.insert("vat_category".into(), Value::from(c.as_str()));
        }
        m.insert("vat_rate".into(), self.vat_rate.0.clone());
        if let Some(s) = &self.supply.0 {
            m.insert("supply".into(), Value::from(s.as_str()));
        }
        Value::Object(m)
    }
}

/// One change to a seed document.
// Edits are few and short-lived: their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub enum Edit {
    /// Sets a scalar member (the `at`-th, modulo their number) to a new value.
    Set {
        /// Which scalar.
        at: u16,
        /// What it becomes.
        value: NewValue,
    },
    /// Removes a member or an element (the `at`-th node, the root excepted).
    Remove {
        /// Which node.
        at: u16,
    },
    /// Adds the optional member `OPTIONAL[entry]` to the `which`-th object it belongs to.
    Add {
        /// Which optional member.
        entry: u8,
        /// Which object, modulo those it fits.
        which: u8,
    },
    /// Repeats the last element of the `at`-th array `times` times (at most [`MAX_REPEAT`]
    /// elements in all): many lines, many payments.
    Repeat {
        /// Which array.
        at: u8,
        /// How many copies.
        times: u16,
    },
    /// Appends a line to the `which`-th `lines` array.
    Line {
        /// The line.
        line: LineGen,
        /// Which `lines` array.
        which: u8,
    },
    /// Replaces the `which`-th `lines` array by these lines.
    Lines {
        /// The lines.
        lines: Few<LineGen, 6>,
        /// Which `lines` array.
        which: u8,
    },
    /// Sets a scalar to a text of the same member picked among the plain descriptions, names
    /// and amounts: swaps a value for one of another field.
    Swap {
        /// Which scalar.
        at: u16,
        /// Which other value.
        with: u16,
    },
}

impl Edit {
    /// Applies the edit to `doc`.
    pub fn apply(&self, doc: &mut Value) {
        let all = nodes(doc);
        match self {
            Edit::Set { at, value } => {
                let scalars: Vec<&Node> = all.iter().filter(|(_, c)| !c).map(|(n, _)| n).collect();
                if let Some(n) = nth(&scalars, usize::from(*at)) {
                    let v = value.value(&n.key);
                    if let Some(slot) = get_mut(doc, &n.path) {
                        *slot = v;
                    }
                }
            }
            Edit::Swap { at, with } => {
                let scalars: Vec<&Node> = all.iter().filter(|(_, c)| !c).map(|(n, _)| n).collect();
                let (Some(a), Some(b)) = (nth(&scalars, usize::from(*at)), nth(&scalars, usize::from(*with))) else { return };
                let v = get_mut(doc, &b.path).map(|v| v.clone());
                if let (Some(v), Some(slot)) = (v, get_mut(doc, &a.path)) {
                    *slot = v;
                }
            }
            Edit::Remove { at } => {
                let inner: Vec<&Node> = all.iter().map(|(n, _)| n).filter(|n| !n.path.is_empty()).collect();
                let Some(n) = nth(&inner, usize::from(*at)) else { return };
                let Some((last, parent)) = n.path.split_last() else { return };
                match (get_mut(doc, parent), last) {
                    (Some(Value::Object(m)), Seg::Key(k)) => {
                        m.remove(k);
                    }
                    (Some(Value::Array(a)), Seg::Index(i)) if *i < a.len() => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
            Edit::Add { entry, which } => {
                let Some((parent, key, json)) = pools::OPTIONAL.get(usize::from(*entry) % pools::OPTIONAL.len()) else { return };
                let fits: Vec<&Node> = all
                    .iter()
                    .filter(|(n, c)| *c && if parent.is_empty() { n.path.is_empty() } else { n.key.ends_with(parent) })
                    .map(|(n, _)| n)
                    .collect();
                let Some(n) = nth(&fits, usize::from(*which)) else { return };
                let Ok(value) = serde_json::from_str::<Value>(json) else { return };
                if let Some(Value::Object(m)) = get_mut(doc, &n.path) {
                    m.insert((*key).to_owned(), value);
                }
            }
            Edit::Repeat { at, times } => {
                let arrays: Vec<&Node> = all.iter().filter(|(n, c)| *c && is_array(doc, &n.path)).map(|(n, _)| n).collect();
                let Some(n) = nth(&arrays, usize::from(*at)) else { return };
                let size = |path: &[Seg]| all.iter().filter(|(m, _)| m.path.starts_with(path)).count();
                let (total, array) = (all.len(), n.path.clone());
                if let Some(Value::Array(a)) = get_mut(doc, &array)
                    && let Some(last) = a.last().cloned()
                {
                    let mut element = array;
                    element.push(Seg::Index(a.len() - 1));
                    let bytes = serde_json::to_vec(&last).map_or(1, |v| v.len().max(1));
                    let room = MAX_REPEAT
                        .saturating_sub(a.len())
                        .min(MAX_NODES.saturating_sub(total) / size(&element).max(1))
                        .min(MAX_REPEAT_BYTES / bytes);
                    a.extend(std::iter::repeat_n(last, usize::from(*times).min(room)));
                }
            }
            Edit::Line { line, which } => {
                if let Some(Value::Array(a)) = lines_array(doc, &all, *which) {
                    a.push(line.json());
                }
            }
            Edit::Lines { lines, which } => {
                if let Some(slot) = lines_array(doc, &all, *which) {
                    *slot = Value::Array(lines.0.iter().map(LineGen::json).collect());
                }
            }
        }
    }
}

fn nth<'a>(v: &[&'a Node], i: usize) -> Option<&'a Node> {
    if v.is_empty() { None } else { v.get(i % v.len()).copied() }
}

fn is_array(doc: &mut Value, path: &[Seg]) -> bool {
    matches!(get_mut(doc, path), Some(Value::Array(_)))
}

fn lines_array<'a>(doc: &'a mut Value, all: &[(Node, bool)], which: u8) -> Option<&'a mut Value> {
    let arrays: Vec<&Node> =
        all.iter().filter(|(n, c)| *c && n.key == "lines" && matches!(n.path.last(), Some(Seg::Key(_)))).map(|(n, _)| n).collect();
    let n = nth(&arrays, usize::from(which))?;
    get_mut(doc, &n.path)
}

/// A seed document (chosen among `N`) and the edits made to it.
#[derive(Debug, Clone, PartialEq, Arbitrary)]
pub struct DocGen {
    /// Which seed.
    pub seed: u8,
    /// The edits, in order.
    pub edits: Few<Edit, 8>,
}

impl DocGen {
    /// The document: `seeds[seed]` edited (`null` when there is no seed).
    pub fn render(&self, seeds: &[Value]) -> Value {
        let mut doc =
            if seeds.is_empty() { Value::Null } else { seeds.get(usize::from(self.seed) % seeds.len()).cloned().unwrap_or(Value::Null) };
        self.apply(&mut doc);
        doc
    }

    /// Applies the edits to `doc`.
    pub fn apply(&self, doc: &mut Value) {
        for e in &self.edits.0 {
            e.apply(doc);
        }
    }
}

/// Texts of an arbitrary amount field, for generators outside documents.
pub type Amount = Dec<Amounts>;

/// An arbitrary value of `T`, or `None` when the input is exhausted.
pub fn maybe<'a, T: Arbitrary<'a>>(u: &mut Unstructured<'a>) -> Result<Option<T>> {
    if u.is_empty() { Ok(None) } else { T::arbitrary(u).map(Some) }
}
