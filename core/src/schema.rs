//! JSON Schemas of the inputs (and of the reports), published under `schema/` for users of every language.

use schemars::schema_for;

/// The JSON form of every decimal: a string of decimal digits (or an integer), never a float.
pub const DECIMAL_PATTERN: &str = r"^-?[0-9]+(\.[0-9]+)?$";

/// Every published schema: file stem and schema document.
pub fn all() -> Vec<(&'static str, serde_json::Value)> {
    let mut schemas = vec![
        ("invoice-draft", schema_for!(crate::documents::draft::InvoiceDraft).to_value()),
        ("issued-invoice", schema_for!(crate::documents::invoice::IssuedInvoice).to_value()),
        ("quote-content", schema_for!(crate::documents::quote::QuoteContent).to_value()),
        ("quote", schema_for!(crate::documents::quote::Quote).to_value()),
        ("numbering-state", schema_for!(crate::documents::numbering::NumberingState).to_value()),
        ("credit-selection", schema_for!(crate::documents::credit_note::CreditSelection).to_value()),
        ("deposit-spec", schema_for!(crate::documents::draft::DepositSpec).to_value()),
        ("receivables-input", schema_for!(crate::receivables::ReceivablesInput).to_value()),
        ("limits", schema_for!(crate::json::Limits).to_value()),
        // an output: bindings derive the decimal and date fields of the report from it
        ("receivables-report", schema_for!(crate::receivables::ReceivablesReport).to_value()),
        ("accounting-input", schema_for!(crate::accounting::AccountingInput).to_value()),
        ("entry-numbering", schema_for!(crate::accounting::numbering::EntryNumbering).to_value()),
        ("vat-period", schema_for!(crate::accounting::VatPeriod).to_value()),
        ("audit-record", schema_for!(crate::accounting::audit::AuditRecord).to_value()),
        // outputs: bindings derive the decimal and date fields of the reports from them
        ("journal", schema_for!(crate::accounting::Journal).to_value()),
        ("vat-return", schema_for!(crate::accounting::VatReturn).to_value()),
        ("audit-verification", schema_for!(crate::accounting::audit::AuditVerification).to_value()),
        ("contract", schema_for!(crate::contracts::Contract).to_value()),
        ("contracts-input", schema_for!(crate::contracts::ContractsInput).to_value()),
        ("termination-request", schema_for!(crate::contracts::TerminationRequest).to_value()),
        // outputs: bindings derive their decimal and date fields from them
        ("renewal-schedule", schema_for!(crate::contracts::RenewalSchedule).to_value()),
        ("contract-invoice", schema_for!(crate::contracts::ContractInvoice).to_value()),
        ("chatel-letter", schema_for!(crate::contracts::ChatelLetter).to_value()),
        ("mrr-snapshot", schema_for!(crate::contracts::MrrSnapshot).to_value()),
        ("mrr-report", schema_for!(crate::contracts::MrrReport).to_value()),
    ];
    for (_, s) in &mut schemas {
        exact_decimals(s);
    }
    schemas
}

/// Rewrites schemars' decimal schema (string or number, exponent allowed) to what
/// [`crate::json`] accepts: decimal text or an integer, never a binary float.
fn exact_decimals(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            let is_decimal = map.get("pattern").and_then(|p| p.as_str()).is_some_and(|p| p.starts_with("^-?\\d+(\\.\\d+)?"));
            if is_decimal {
                map.insert("pattern".into(), DECIMAL_PATTERN.into());
                map.insert("type".into(), serde_json::json!(["string", "integer"]));
            }
            map.values_mut().for_each(exact_decimals);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(exact_decimals),
        _ => {}
    }
}

/// Field names whose values are decimals or dates in the JSON of every published type.
///
/// Derived from the schemas, so bindings that turn decimal strings into native decimals (Python's
/// `decimal.Decimal`) and dates into native dates stay in step with the model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldKinds {
    /// Names of decimal fields (`quantity`, `total_incl_tax`, …).
    pub decimals: std::collections::BTreeSet<String>,
    /// Names of date fields (`issue_date`, `due_date`, …).
    pub dates: std::collections::BTreeSet<String>,
}

/// Computes [`FieldKinds`] over every published schema.
pub fn field_kinds() -> FieldKinds {
    let mut kinds = FieldKinds::default();
    for (_, schema) in all() {
        let defs = schema.get("$defs").cloned().unwrap_or_default();
        collect(&schema, &defs, &mut kinds);
    }
    kinds
}

fn resolve<'a>(s: &'a serde_json::Value, defs: &'a serde_json::Value) -> &'a serde_json::Value {
    match s.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => defs.get(name).unwrap_or(s),
        None => s,
    }
}

fn kind_of(s: &serde_json::Value, defs: &serde_json::Value) -> Option<bool> {
    let s = resolve(s, defs);
    if s.get("format").and_then(|f| f.as_str()) == Some("date") {
        return Some(false);
    }
    if s.get("pattern").and_then(|p| p.as_str()) == Some(DECIMAL_PATTERN) {
        return Some(true);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(found) = s.get(key).and_then(|v| v.as_array()).and_then(|alts| alts.iter().find_map(|a| kind_of(a, defs))) {
            return Some(found);
        }
    }
    None
}

fn collect(v: &serde_json::Value, defs: &serde_json::Value, kinds: &mut FieldKinds) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                for (name, s) in props {
                    match kind_of(s, defs) {
                        Some(true) => {
                            kinds.decimals.insert(name.clone());
                        }
                        Some(false) => {
                            kinds.dates.insert(name.clone());
                        }
                        None => {}
                    }
                }
            }
            map.values().for_each(|x| collect(x, defs, kinds));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect(x, defs, kinds)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_kinds_cover_the_model() {
        let k = field_kinds();
        for d in [
            "quantity",
            "unit_price",
            "vat_rate",
            "amount",
            "percent",
            "total_incl_tax",
            "basis",
            "vat",
            "share_capital",
            "amount_due",
            "other_cases_rate",
        ] {
            assert!(k.decimals.contains(d), "{d} in {:?}", k.decimals);
        }
        for d in ["issue_date", "due_date", "valid_until", "delivery_date", "last_issue_date", "date", "effective_from", "verified_until"] {
            assert!(k.dates.contains(d), "{d} in {:?}", k.dates);
        }
        assert!(k.decimals.is_disjoint(&k.dates));
    }

    /// A decimal field name must never also name a plain string field, or a binding would
    /// turn that text into a number.
    #[test]
    fn decimal_names_are_never_plain_strings() {
        let k = field_kinds();
        let mut clash = Vec::new();
        for (_, schema) in all() {
            let defs = schema.get("$defs").cloned().unwrap_or_default();
            find_plain_strings(&schema, &defs, &k, &mut clash);
        }
        assert!(clash.is_empty(), "{clash:?}");
    }

    /// A definition name means one type in every schema: the generated Python and TypeScript
    /// types are one namespace (bindings/node/scripts/gen-types.js refuses a clash).
    #[test]
    fn a_definition_name_is_one_type_across_schemas() {
        let mut seen: std::collections::BTreeMap<String, (String, serde_json::Value)> = std::collections::BTreeMap::new();
        let mut clash = Vec::new();
        for (schema_name, schema) in all() {
            for (name, def) in schema.get("$defs").and_then(|d| d.as_object()).into_iter().flatten() {
                match seen.get(name) {
                    Some((first, d)) if d != def => clash.push(format!("{name}: {first} and {schema_name}")),
                    Some(_) => {}
                    None => {
                        seen.insert(name.clone(), (schema_name.to_owned(), def.clone()));
                    }
                }
            }
        }
        assert!(clash.is_empty(), "{clash:?}");
    }

    /// Rewrites `schema/` from [`all`] without building the CLI (which links Typst):
    /// `FACTURIER_WRITE_SCHEMAS=1 cargo test -p facturier-core --lib write_published_schemas -- --ignored`.
    /// The files are what `facturier schema --out schema` writes; `tests/tests/golden.rs`
    /// checks them.
    #[test]
    #[ignore = "writes schema/: run on purpose"]
    fn write_published_schemas() {
        if std::env::var_os("FACTURIER_WRITE_SCHEMAS").is_none() {
            return;
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
        for (name, schema) in all() {
            let text = crate::json::to_string_pretty(&schema).unwrap() + "\n";
            std::fs::write(dir.join(format!("{name}.schema.json")), text).unwrap();
        }
    }

    fn find_plain_strings(v: &serde_json::Value, defs: &serde_json::Value, k: &FieldKinds, clash: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    for (name, s) in props {
                        let is_text =
                            resolve(s, defs).get("type").is_some_and(|t| t == "string" || t == &serde_json::json!(["string", "null"]));
                        if is_text && kind_of(s, defs).is_none() && (k.decimals.contains(name) || k.dates.contains(name)) {
                            clash.push(name.clone());
                        }
                    }
                }
                map.values().for_each(|x| find_plain_strings(x, defs, k, clash));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| find_plain_strings(x, defs, k, clash)),
            _ => {}
        }
    }
}
