//! Every operation of the table called once, and the shared table of bad inputs
//! (`bindings/cases.json`) with the code and path each must report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use facturier_ffi::{Input, Kind, OPERATIONS, Output, call};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn contract(name: &str) -> Value {
    example(&format!("../core/src/contracts/examples/{name}.json"))
}

fn example(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("examples").join(name)).unwrap()).unwrap()
}

fn ok(name: &str, args: Vec<Value>) -> Value {
    match call(name, args.into_iter().map(Input::Json).collect()) {
        Ok(Output::Data(v) | Output::Schema(v)) => v,
        // a FEC file, as text (UTF-8 by default)
        Ok(Output::Pdf(bytes)) if name.starts_with("fec_") => Value::String(String::from_utf8(bytes).unwrap()),
        // a Factur-X XML, as text
        Ok(Output::Pdf(bytes)) if name == "facturx_xml" => Value::String(String::from_utf8(bytes).unwrap()),
        Ok(Output::Pdf(bytes)) => {
            assert!(bytes.starts_with(b"%PDF-"), "{name}");
            Value::Null
        }
        Err(e) => panic!("{name}: {e:?}"),
    }
}

/// The documents the cases refer to: `draft`, `state`, `draft_quote`, `quote` (accepted),
/// `invoice` (issued) and `credit` (its full credit note, issued).
fn story() -> BTreeMap<&'static str, Value> {
    let mut s = BTreeMap::new();
    s.insert("draft", example("invoice-draft.json"));
    let state = ok("new_numbering_state", vec![json!("invoices"), json!("F-{YYYY}-{SEQ:5}")]);
    s.insert("state", state.clone());
    let draft_quote = ok("new_quote", vec![json!("D-2026-0042"), example("quote-v1.json")]);
    let sent = ok("send_quote", vec![draft_quote.clone(), json!("2026-10-01")]);
    s.insert("quote", ok("accept_quote", vec![sent, json!("2026-10-12")]));
    s.insert("draft_quote", draft_quote);
    let issued = ok("issue_invoice", vec![example("invoice-draft.json"), state, json!("2026-11-22")]);
    let invoice = issued["invoice"].clone();
    let credits = ok("new_numbering_state", vec![json!("credit-notes"), json!("AV-{YYYY}-{SEQ:4}")]);
    let credit_draft = ok("credit_note", vec![invoice.clone()]);
    s.insert("credit", ok("issue_invoice", vec![credit_draft, credits, json!("2026-11-22")])["invoice"].clone());
    s.insert("invoice", invoice);
    s
}

/// `lines[0].unit_price` → the segments `lines`, `0`, `unit_price`.
fn segments(path: &str) -> Vec<String> {
    path.replace('[', ".").replace(']', "").split('.').map(str::to_owned).collect()
}

fn place<'a>(v: &'a mut Value, path: &str) -> (&'a mut Value, String) {
    let mut segs = segments(path);
    let last = segs.pop().unwrap();
    let mut cur = v;
    for s in segs {
        cur = match s.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[s.as_str()],
        };
    }
    (cur, last)
}

/// A case's value resolved: fixtures, patches, bytes.
fn resolve(v: &Value, story: &BTreeMap<&str, Value>) -> Input {
    match v.get("$").and_then(Value::as_str).and_then(|r| r.strip_prefix("bytes:")) {
        Some(text) => Input::Bytes(text.as_bytes().to_vec()),
        None => Input::Json(resolve_value(v, story)),
    }
}

/// A case's JSON value: its references (at any depth) resolved, patched by `set`, `remove` and
/// `grow`.
fn resolve_value(v: &Value, story: &BTreeMap<&str, Value>) -> Value {
    let Some(reference) = v.get("$").and_then(Value::as_str) else {
        return match v {
            Value::Array(items) => Value::Array(items.iter().map(|x| resolve_value(x, story)).collect()),
            Value::Object(map) => Value::Object(map.iter().map(|(k, x)| (k.clone(), resolve_value(x, story))).collect()),
            other => other.clone(),
        };
    };
    let mut base = match reference.split_once(':') {
        Some(("example", name)) => example(name),
        Some(("story", key)) => story[key].clone(),
        // Rust has no decimal value: the text, as Node passes it
        Some(("decimal", text)) => json!(text),
        _ => panic!("unknown reference {reference}"),
    };
    for (path, value) in v.get("set").and_then(Value::as_object).into_iter().flatten() {
        let value = resolve_value(value, story);
        let (parent, last) = place(&mut base, path);
        match last.parse::<usize>() {
            Ok(i) => parent[i] = value,
            Err(_) => {
                parent.as_object_mut().unwrap().insert(last, value);
            }
        }
    }
    for path in v.get("remove").and_then(Value::as_array).into_iter().flatten() {
        let (parent, last) = place(&mut base, path.as_str().unwrap());
        parent.as_object_mut().unwrap().remove(&last);
    }
    for (path, len) in v.get("grow").and_then(Value::as_object).into_iter().flatten() {
        let (parent, last) = place(&mut base, path);
        let items = parent[last.as_str()].as_array_mut().unwrap();
        let seed = items.clone();
        let len = usize::try_from(len.as_u64().unwrap()).unwrap();
        items.extend(seed.iter().cycle().take(len - seed.len()).cloned());
    }
    base
}

/// Holds the process's limits unchanged while a test runs (a test sets its own for a moment).
fn serial() -> MutexGuard<'static, ()> {
    static LIMITS: Mutex<()> = Mutex::new(());
    LIMITS.lock().unwrap_or_else(PoisonError::into_inner)
}

#[test]
fn every_operation_is_called_once() {
    let _serial = serial();
    let story = story();
    let report = ok("receivables", vec![example("receivables.json"), json!("2026-03-16")]);
    let reminder = report["reminders"][0].clone();
    let reminded =
        example("receivables.json")["invoices"].as_array().unwrap().iter().find(|i| i["invoice"]["number"] == reminder["invoice"]).unwrap()
            ["invoice"]
            .clone();
    let customer = report["customers"][0].clone();
    let debt = json!({"buyer_kind": "business", "amount_due": "1000.00", "due_date": "2026-01-15"});
    let mut called = Vec::new();
    // the operations taking bytes, called without `run`
    let mut bytes_called = Vec::new();
    let mut run = |name: &'static str, args: Vec<Value>| {
        called.push(name);
        ok(name, args)
    };
    let draft = story["draft"].clone();
    let as_of = json!("2026-11-22");
    assert_eq!(run("configure_limits", vec![])["max_lines"], 100_000);
    assert_eq!(run("check_invoice", vec![draft.clone(), as_of.clone()]), json!([]));
    assert_eq!(run("compute_totals", vec![draft.clone(), as_of.clone()])["total_incl_tax"], "5384.73");
    assert_eq!(run("due_date", vec![json!({"type": "net_days", "days": 30}), as_of.clone()]), "2026-12-22");
    assert_eq!(run("new_numbering_state", vec![json!("s"), json!("F-{SEQ:3}"), json!(false)])["yearly_reset"], false);
    let issued = run("issue_invoice", vec![draft.clone(), story["state"].clone(), as_of.clone()]);
    assert_eq!(issued["invoice"]["number"], "F-2026-00001");
    assert_eq!(issued["state"]["last_sequence"], 1);
    assert_eq!(run("numbering_report", vec![issued["state"].clone(), json!(["F-2026-00001"])])["checked"], 1);
    assert_eq!(run("next_number", vec![issued["state"].clone(), as_of.clone()]), "F-2026-00002");
    let other = ok("new_numbering_state", vec![json!("credit-notes"), json!("AV-{YYYY}-{SEQ:5}")]);
    assert_eq!(run("check_numbering_series", vec![json!([issued["state"].clone(), other])]), json!([]));
    assert_eq!(run("verify_invoice", vec![issued["invoice"].clone()]), json!([]));
    let quote = story["quote"].clone();
    let deposit_draft = run("quote_to_deposit", vec![quote.clone(), json!({"percent": "30"})]);
    let deposit = ok("issue_invoice", vec![deposit_draft, story["state"].clone(), json!("2026-10-13")])["invoice"].clone();
    let operation = run("quote_to_invoice", vec![quote.clone()]);
    assert_eq!(operation["quote"]["number"], "D-2026-0042");
    assert_eq!(run("final_invoice", vec![operation, json!([deposit.clone()])])["kind"], "final");
    let final_draft = run("quote_to_final", vec![quote.clone(), json!([deposit])]);
    assert_eq!(final_draft["kind"], "final");
    assert_eq!(run("credit_note", vec![story["invoice"].clone(), json!("full")])["kind"], "credit_note");
    let q = run("new_quote", vec![json!("D-1"), example("quote-v1.json")]);
    let q = run("revise_quote", vec![q, example("quote-v2.json")]);
    let q = run("send_quote", vec![q, json!("2026-10-08")]);
    assert_eq!(run("quote_status", vec![q.clone(), json!("2026-10-09")]), "sent");
    assert_eq!(run("refuse_quote", vec![q.clone(), json!("2026-10-10")])["status"], "refused");
    assert_eq!(run("accept_quote", vec![q.clone(), json!("2026-10-10")])["status"], "accepted");
    assert_eq!(run("duplicate_quote", vec![q.clone(), json!("D-2"), json!("2026-11-01"), json!("2026-12-01")])["number"], "D-2");
    assert_eq!(run("check_quote", vec![q.clone()]), json!([]));
    assert!(run("quote_totals", vec![q.clone()])["total_incl_tax"].is_string());
    assert!(run("receivables", vec![example("receivables.json"), json!("2026-03-16")])["aging"].is_object());
    assert_eq!(run("late_interest", vec![debt, json!("2026-03-16")])["regime"], "commercial");
    run("render_pdf", vec![story["invoice"].clone()]);
    run("render_reminder_pdf", vec![reminder, reminded, json!("2026-03-16")]);
    run(
        "render_statement_pdf",
        vec![customer, story["invoice"]["content"]["seller"].clone(), story["invoice"]["content"]["buyer"].clone(), json!("2026-03-16")],
    );
    // contracts (issue 13): the maintenance contract of core/src/contracts/examples, 2 × 200.00
    // a month, a third site from March (amendment 1): 3 × 200.00 = 600.00
    let (maintenance, consumer) = (contract("maintenance"), contract("consumer-subscription"));
    let contracts = json!({"contracts": [maintenance.clone(), consumer.clone()]});
    assert_eq!(run("check_contract", vec![maintenance.clone()]), json!([]));
    let state = run("contract_as_of", vec![maintenance.clone(), json!("2026-03-15")]);
    assert_eq!(
        (state["status"].as_str(), state["mrr"].as_str(), state["amendments"].clone()),
        (Some("active"), Some("600.00"), json!([1]))
    );
    assert_eq!(run("renewal_schedule", vec![contracts.clone(), json!("2026-05-01")])["chatel_missed"], json!(["C-2025-107"]));
    let renewed = run("renew_contract", vec![consumer.clone(), json!("2026-07-01")]);
    assert_eq!(renewed["renewals"].as_array().map(Vec::len), Some(1));
    // Syntec 300.0 → 309: P1 = 200.00 × (0.15 + 0.85 × 309 / 300) = 200.00 × 1.0255 = 205.10
    let values = json!([{"index": "Syntec", "date": "2026-11-30", "value": "309"}]);
    let indexed = run("index_contract", vec![maintenance.clone(), json!("2027-01-01"), json!("2026-12-01"), values]);
    let revision = &indexed["amendments"][1];
    assert_eq!((revision["kind"].as_str(), revision["indexation"]["factor"].as_str()), (Some("indexation"), Some("1.0255")));
    assert_eq!(revision["changes"][0]["set_unit_price"]["unit_price"], "205.10");
    let seller = example("invoice-draft.json")["seller"].clone();
    assert!(run("chatel_letter", vec![consumer.clone(), seller.clone(), json!("2027-04-01")]).is_object());
    run("render_chatel_letter_pdf", vec![consumer.clone(), seller.clone(), json!("2027-04-01")]);
    run("render_mrr_report_pdf", vec![contracts.clone(), json!("2026-01"), json!("2026-04")]);
    let request = json!({"notified_on": "2026-04-10", "reason": "price", "by": "customer"});
    let ended = run("terminate_contract", vec![maintenance.clone(), request]);
    assert_eq!(ended["termination"]["effective"], "2026-12-31");
    let due = run("contract_invoices_due", vec![json!({"contracts": [maintenance.clone()]}), json!("2026-03-31"), seller]);
    assert_eq!(due.as_array().map(Vec::len), Some(3));
    // 600.00 + 24.92 (the consumer's subscription); ARR = 12 × MRR
    let snapshot = run("mrr_snapshot", vec![contracts.clone(), json!("2026-03-15")]);
    assert_eq!((snapshot["mrr"].as_str(), snapshot["arr"].as_str()), (Some("624.92"), Some("7499.04")));
    let report = run("mrr_report", vec![contracts, json!("2026-01"), json!("2026-04")]);
    assert_eq!(report["months"][0]["movements"]["new"], "400.00");
    // accounting and FEC (issue 14): the sample receivables posted, validated, exported, read, checked
    let facts = example("receivables.json");
    let input = json!({"invoices": facts["invoices"], "payments": facts["payments"], "refunds": facts["refunds"]});
    let journal = run("post_journal", vec![input.clone(), json!("2026-03-16")]);
    let validated = run("validate_entries", vec![journal["entries"].clone(), json!("2026-03-31")]);
    let entries = validated["entries"].clone();
    assert_eq!(
        (entries[0]["number"].as_str(), validated["state"]["last"][""].as_u64()),
        (Some("000001"), entries.as_array().map(|e| e.len() as u64))
    );
    assert!(run("vat_due", vec![input, json!({"from": "2026-01-01", "to": "2026-03-31"})])["rows"].is_array());
    let trail = run("audit_append", vec![Value::Null, json!([]), entries.clone()]);
    let verification = run("audit_verify", vec![trail]);
    assert!(verification.get("first_broken").is_none() && verification["checked"] == 15, "{verification}");
    let fec = run("fec_export", vec![entries.clone()]);
    let fec = fec.as_str().unwrap();
    assert!(fec.starts_with("JournalCode\tJournalLib\tEcritureNum\t"), "{fec}");
    let dir = std::env::temp_dir().join(format!("facturier-ffi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("813883964FEC20261231.txt");
    let records = run("fec_export_to_path", vec![entries, json!(path.to_str().unwrap())]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fec);
    let read = match call("fec_read", vec![Input::Bytes(fec.as_bytes().to_vec())]) {
        Ok(Output::Data(v)) => v,
        other => panic!("fec_read: {other:?}"),
    };
    bytes_called.push("fec_read");
    assert_eq!(read.as_array().map(|r| r.len() as u64), records.as_u64());
    let mut inputs = vec![Input::Bytes(fec.as_bytes().to_vec()), Input::Json(json!("813883964FEC20261231.txt"))];
    inputs.resize(7, Input::Absent);
    let checked = match call("fec_check", inputs) {
        Ok(Output::Data(v)) => v,
        other => panic!("fec_check: {other:?}"),
    };
    bytes_called.push("fec_check");
    assert_eq!((checked["readable"].as_bool(), checked["records"].as_u64()), (Some(true), records.as_u64()));
    let checked_path = run("fec_check_path", vec![json!(path.to_str().unwrap())]);
    assert_eq!((checked_path["errors"].clone(), checked_path["records"].clone()), (checked["errors"].clone(), checked["records"].clone()));
    std::fs::remove_dir_all(&dir).unwrap();
    // e-invoices (issue 15): the Factur-X PDF carries the XML; the issued invoice to CII, read
    // back with its totals, validated
    run("render_facturx_pdf", vec![story["invoice"].clone(), json!("minimum")]);
    let xml = run("facturx_xml", vec![story["invoice"].clone(), json!("basic")]);
    let xml = xml.as_str().unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    let read = match call("read_invoice", vec![Input::Bytes(xml.as_bytes().to_vec())]) {
        Ok(Output::Data(v)) => v,
        other => panic!("read_invoice: {other:?}"),
    };
    bytes_called.push("read_invoice");
    assert_eq!(read["totals"]["grand_total"], story["invoice"]["totals"]["total_incl_tax"]);
    let findings = match call("validate_invoice", vec![Input::Bytes(xml.as_bytes().to_vec())]) {
        Ok(Output::Data(v)) => v,
        other => panic!("validate_invoice: {other:?}"),
    };
    bytes_called.push("validate_invoice");
    assert!(findings.as_array().unwrap().iter().all(|f| f["level"] != "error"), "{findings}");
    assert_eq!(run("json_schema", vec![json!("quote")])["title"], "Quote");
    assert!(run("rules", vec![]).as_array().unwrap().iter().any(|r| r["code"] == "lines.empty"));
    let names: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    called.extend(bytes_called);
    called.sort_unstable();
    called.dedup();
    let mut expected = names.clone();
    expected.sort_unstable();
    assert_eq!(called, expected, "every operation of the table is called once here");
}

#[test]
fn the_shared_cases_report_their_code_and_path() {
    let _serial = serial();
    let story = story();
    let text = std::fs::read_to_string(root().join("bindings/cases.json")).unwrap();
    let cases: Value = serde_json::from_str(&text).unwrap();
    for case in cases["cases"].as_array().unwrap() {
        if case["skins"] == true {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let op = facturier_ffi::operation(case["op"].as_str().unwrap()).unwrap();
        let mut inputs: Vec<Input> = case["args"].as_array().unwrap().iter().map(|a| resolve(a, &story)).collect();
        inputs.resize(op.args.len(), Input::Absent);
        for (key, value) in case.get("options").and_then(Value::as_object).into_iter().flatten() {
            let i = op.args.iter().position(|a| a.name == key && a.kind == Kind::Option).unwrap();
            inputs[i] = resolve(value, &story);
        }
        let e = match call(op.name, inputs) {
            Err(e) => e,
            Ok(_) => panic!("{name}: no error"),
        };
        assert_eq!(json!(e.code), case["code"], "{name}: {e:?}");
        assert_eq!(json!(e.path), case["path"], "{name}: {e:?}");
        if let Some(detail) = case.get("detail") {
            assert_eq!(&e.details[0]["code"], detail, "{name}: {e:?}");
        }
    }
}

#[test]
fn table_is_well_formed() {
    let _serial = serial();
    let mut names = std::collections::BTreeSet::new();
    for op in OPERATIONS {
        assert!(names.insert(op.name), "{} twice", op.name);
        assert!(!op.doc.trim().is_empty(), "{} has no doc", op.name);
        assert_eq!(op.options.is_some(), op.args.iter().any(|a| a.kind == Kind::Option), "{}", op.name);
        let mut optional = false;
        for a in op.args.iter().filter(|a| a.kind != Kind::Option) {
            assert!(!optional || a.default.is_some(), "{}: required `{}` after an optional argument", op.name, a.name);
            optional |= a.default.is_some();
        }
        for a in op.args {
            if let Some(d) = a.default {
                serde_json::from_str::<Value>(d).unwrap();
            }
        }
    }
}

#[test]
fn a_panic_is_an_error() {
    let _serial = serial();
    let e = facturier_ffi::panic_for_tests().unwrap_err();
    assert_eq!(e.code, "panic");
}

#[test]
fn errors_are_flattened_once() {
    let _serial = serial();
    let story = story();
    // a renderer failure: the Typst diagnostics in the one shape of both bindings
    let mut inputs = vec![Input::Json(story["invoice"].clone()), Input::Absent, Input::Absent, Input::Absent];
    inputs.extend([Input::Absent, Input::Absent, Input::Absent, Input::Json(json!("Bonjour\n#let x = (\n"))]);
    let e = call("render_pdf", inputs).unwrap_err();
    assert_eq!(e.code, "pdf.template");
    let d = &e.details[0];
    assert_eq!(d["file"], "/main.typ");
    assert_eq!(d["code"], "pdf.template");
    assert!(d["path"].as_str().unwrap().starts_with("/main.typ:2:"), "{d}");
    // a parse error in a named argument: its name prefixes the path and the message
    let mut state = story["state"].clone();
    state["last_sequence"] = json!("one");
    let parsed =
        call("issue_invoice", vec![Input::Json(story["draft"].clone()), Input::Json(state), Input::Json(json!("2026-11-22"))]).unwrap_err();
    assert_eq!((parsed.code.as_str(), parsed.path.as_deref()), ("parse", Some("numbering_state.last_sequence")));
    assert!(parsed.message.contains("`numbering_state.last_sequence`"), "{}", parsed.message);
    assert_eq!(parsed.details[0]["path"], "numbering_state.last_sequence");
    // a value of another JSON type than the argument's: a type error at the argument
    let e = call("compute_totals", vec![Input::Json(story["draft"].clone()), Input::Json(json!(5))]).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_deref(), e.type_error), ("type", Some("as_of"), true));
    assert!(e.message.contains("as_of") && e.message.contains("not a number"), "{}", e.message);
    // a date in another shape is a violation of the JSON edge, at the argument
    let shape = call("compute_totals", vec![Input::Json(story["draft"].clone()), Input::Json(json!("x"))]).unwrap_err();
    assert_eq!((shape.code.as_str(), shape.path.as_deref()), ("invalid", Some("as_of")));
    assert_eq!(shape.details[0]["code"], "input.date.invalid");
    // camelCase for Node
    let e = parsed.map_paths(|p| p.replace("numbering_state.last_sequence", "numberingState.lastSequence"));
    assert!(e.message.contains("`numberingState.lastSequence`") && e.path.as_deref() == Some("numberingState.lastSequence"), "{e:?}");
    // an invalid draft lists its violations
    let e = call(
        "issue_invoice",
        vec![Input::Json(example("invoice-draft-invalid.json")), Input::Json(story["state"].clone()), Input::Json(json!("2026-11-22"))],
    )
    .unwrap_err();
    assert_eq!(e.code, "invalid");
    assert!(e.details.len() > 1 && e.details.iter().all(|d| d["source"].is_string()));
    // e-invoices keep their codes; an unknown profile is a parse error at the option
    let e =
        call("read_invoice", vec![Input::Bytes(b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'e'>]><x>&e;</x>".to_vec())]).unwrap_err();
    assert_eq!(e.code, "einvoice.hostile");
    let e = call("validate_invoice", vec![Input::Bytes(b"<x><y></x>".to_vec())]).unwrap_err();
    assert_eq!(e.code, "einvoice.xml");
    let e = call("facturx_xml", vec![Input::Json(story["invoice"].clone()), Input::Json(json!("gold"))]).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_deref()), ("parse", Some("profile")));
}

/// Issue 12: the bindings read their inputs through the core's one JSON edge, with the host's
/// limits, and a list is never taken for an object.
#[test]
fn inputs_go_through_the_core_edge_with_the_hosts_limits() {
    let _serial = serial();
    let story = story();
    let draft = story["draft"].clone();
    let err = |name: &str, args: Vec<Value>| call(name, args.into_iter().map(Input::Json).collect()).unwrap_err();
    // an argument is read as the field it is: a date in another shape, a decimal with an exponent
    let e = err("compute_totals", vec![draft.clone(), json!("2026-1-5")]);
    assert_eq!(
        (e.code.as_str(), e.details[0]["code"].as_str(), e.details[0]["path"].as_str()),
        ("invalid", Some("input.date.invalid"), Some("as_of"))
    );
    let mut d = draft.clone();
    d["lines"][0]["quantity"] = json!("1e3");
    let e = err("check_invoice", vec![d, json!("2026-11-22")]);
    assert_eq!((e.details[0]["code"].as_str(), e.details[0]["path"].as_str()), (Some("input.decimal.invalid"), Some("lines[0].quantity")));
    // a list where the receivables object goes
    let e = err("receivables", vec![json!([]), json!("2026-03-16")]);
    assert_eq!((e.code.as_str(), e.path.as_deref()), ("type", Some("")));
    // the host's limits, for the calls that follow
    let limits = call("configure_limits", vec![Input::Json(json!({"max_lines": 1}))]);
    let e = err("check_invoice", vec![draft.clone(), json!("2026-11-22")]);
    call("configure_limits", vec![Input::Json(json!({}))]).unwrap();
    assert_eq!(limits.map(|o| matches!(o, facturier_ffi::Output::Data(v) if v["max_lines"] == 1)).ok(), Some(true));
    assert_eq!((e.details[0]["code"].as_str(), e.details[0]["path"].as_str()), (Some("input.limit"), Some("lines")));
}

/// The JSON type the table asks of an argument (`facturier_ffi::table::Shape`) is the one its
/// published schema gives its root.
#[test]
fn argument_shapes_agree_with_the_schemas() {
    use facturier_ffi::table::Shape;
    let schemas = facturier_core::schema::all();
    let mut checked = 0;
    for arg in OPERATIONS.iter().flat_map(|op| op.args) {
        let Some((_, schema)) = schemas.iter().find(|(_, s)| s["title"] == arg.ty) else { continue };
        let mut types: Vec<&str> = schema["type"].as_str().into_iter().collect();
        for variant in ["oneOf", "anyOf"].iter().filter_map(|k| schema[*k].as_array()).flatten() {
            types.extend(variant["type"].as_str());
        }
        types.sort_unstable();
        types.dedup();
        let expected: &[&str] = match Shape::of(arg.ty) {
            Shape::Object => &["object"],
            Shape::TextOrObject => &["object", "string"],
            other => panic!("{}: {other:?} for a schema type", arg.ty),
        };
        assert_eq!(types, expected, "{}", arg.ty);
        checked += 1;
    }
    assert!(checked > 10, "{checked}");
    assert_eq!(Shape::of("NumberingState[]"), Shape::List);
    assert_eq!(Shape::of("'svg' | 'png'"), Shape::Text);
    assert_eq!(Shape::of("IsoDate").refuses("IsoDate", &json!(3)).as_deref(), Some("expected a date string \"YYYY-MM-DD\", not a number"));
    assert_eq!(Shape::of("boolean").refuses("boolean", &json!(null)), None);
    // a count (render limits): a non-negative integer, not a float, a negative or a string
    assert_eq!(Shape::of("number").refuses("number", &json!(300)), None);
    for refused in [json!(1.5), json!(-1), json!("300")] {
        assert!(Shape::of("number").refuses("number", &refused).is_some(), "{refused}");
    }
}
