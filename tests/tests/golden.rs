//! Golden tests: the demo story, the example documents and the published JSON Schemas.
//! Run with `UPDATE_GOLDEN=1` to rewrite the expected files after a deliberate change.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{compare, root};

use facturier_cli::{check, demo};
use facturier_core::receivables::account::InvoiceStatus;
use facturier_core::receivables::dunning::ReminderKind;
use facturier_core::{Decimal, NaiveDate};

#[test]
fn demo_story_matches_golden_json() {
    let story = demo::story().unwrap();
    for (name, body) in demo::files(&story).unwrap() {
        compare(&root().join("tests/golden/demo").join(name), &body);
    }
    compare(&root().join("tests/golden/demo/summary.txt"), &demo::summary(&story));
}

#[test]
fn demo_is_deterministic() {
    let a = demo::files(&demo::story().unwrap()).unwrap();
    let b = demo::files(&demo::story().unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn examples_check_as_documented() {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for (file, expected) in [
        ("invoice-draft.json", vec![]),
        ("invoice-draft-studio.json", vec![]),
        ("quote-v1.json", vec![]),
        ("quote-v2.json", vec![]),
        (
            "invoice-draft-invalid.json",
            vec![
                "party.siren.invalid",
                "seller.registration.missing",
                "vat.rate.not_allowed",
                "vat.exemption.missing",
                "payment_terms.net_days_cap",
            ],
        ),
    ] {
        let text = std::fs::read_to_string(root().join("examples").join(file)).unwrap();
        let doc = check::parse(&text).unwrap();
        let codes: Vec<String> = check::violations(&doc, as_of).unwrap().into_iter().map(|v| v.code).collect();
        assert_eq!(codes, expected, "{file}");
    }
}

#[test]
fn published_schemas_are_up_to_date() {
    for (name, schema) in facturier_core::schema::all() {
        let text = facturier_core::json::to_string_pretty(&schema).unwrap() + "\n";
        compare(&root().join("schema").join(format!("{name}.schema.json")), &text);
    }
}

#[test]
fn demo_writes_every_document_as_json_and_pdf() {
    let out = std::env::temp_dir().join(format!("facturier-demo-{}", std::process::id()));
    let summary = demo::run(&out).unwrap();
    assert!(summary.contains("Facture de solde F-2026-00043"), "{summary}");
    for name in ["quote", "deposit-invoice", "final-invoice", "credit-note", "late-invoice"] {
        let pdf = std::fs::read(out.join(format!("{name}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}.pdf");
        assert!(out.join(format!("{name}.json")).exists());
    }
    // the Factur-X PDFs of the invoices, read back to the invoice's number
    assert!(summary.contains("Factur-X (EN 16931"), "{summary}");
    for (name, number) in [("deposit-invoice", "F-2026-00042"), ("final-invoice", "F-2026-00043"), ("late-invoice", "F-2026-00044")] {
        let pdf = std::fs::read(out.join(format!("{name}-facturx.pdf"))).unwrap();
        assert_eq!(facturier_einvoice::read_invoice(&pdf).unwrap().number, number, "{name}");
    }
    assert!(out.join("credit-note-facturx.pdf").exists());
    // a letter per reminder due, a statement per customer
    for name in ["reminder-F-2026-00043-firm", "reminder-F-2026-00044-formal_notice", "statement-CUST-001", "statement-CUST-002"] {
        let pdf = std::fs::read(out.join(format!("{name}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}.pdf");
    }
    // the receivables files are what `facturier receivables` computes from the input
    let input = facturier_cli::receivables::parse(&std::fs::read_to_string(out.join("receivables-input.json")).unwrap()).unwrap();
    let report = facturier_cli::receivables::report(&input, NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()).unwrap();
    let written = std::fs::read_to_string(out.join("receivables-report.json")).unwrap();
    assert_eq!(written, facturier_cli::receivables::to_json(&report).unwrap());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn render_command_reads_invoices_and_quotes() {
    let story = demo::story().unwrap();
    let renderer = facturier_pdf::Renderer::new().unwrap();
    let options = facturier_pdf::RenderOptions::default();
    for (name, text) in demo::files(&story).unwrap().into_iter().take(5) {
        let pdf = facturier_cli::render::render(&renderer, &text, &options).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
    }
    let e = facturier_cli::render::render(&renderer, r#"{"versions": []}"#, &options).unwrap_err();
    assert_eq!(e.code(), "parse");
    let e = facturier_cli::render::options(
        Some(std::path::Path::new("logo.gif")),
        None,
        None,
        None,
        false,
        None,
        facturier_cli::render::limits(None, None, None, None),
    )
    .unwrap_err();
    assert_eq!(e.code(), "usage");
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The receivables of the demo as of 28/12/2026, every figure by hand. No contractual rate: ECB
/// rate + 10 points (C. com. L441-10 II); the reference date of the second half of 2026 is
/// 01/07/2026, beyond the shipped ECB table (verified until 05/02/2026), so the last known rate,
/// 2,15 % (11/06/2025), applies provisionally: 12,15 %.
/// - F-2026-00042 (deposit), 1 615,42 € due 12/11, paid by transfer on 20/10: paid, no interest.
/// - F-2026-00043 (final), 3 769,31 € due 20/12, less the credit note AV-2026-0001 (107,64 €,
///   22/11) and a cheque of 2 000,00 € (18/12): 1 661,67 € owed, 8 days late (21/12-28/12).
///   Courteous reminder sent 17/12 → the firm reminder (J+7 = 27/12) is due.
///   Interest 1 661,67 × 12,15 × 8 / 36 500 = 161 514,32 / 36 500 = 4,4250 → 4,43 €, + 40 €;
///   claimed 1 661,67 + 4,43 + 40 = 1 706,10 €.
/// - F-2026-00044 (Studio Lumière), 1 500,00 € on receipt (23/11), nothing paid: 35 days late
///   (24/11-28/12). Firm reminder sent 30/11 → the formal notice (J+30 = 23/12) is due, 8 days
///   to pay: 05/01/2027. Interest 1 500 × 12,15 × 35 / 36 500 = 637 875 / 36 500 = 17,4760 →
///   17,48 €, + 40 €; claimed 1 500 + 17,48 + 40 = 1 557,48 €.
/// - Outstanding 1 661,67 + 1 500,00 = 3 161,67 €: 1-30 days 1 661,67, 31-60 days 1 500,00;
///   all of it overdue, so expected within J+30.
/// - Q4: invoiced 1 615,42 + 3 769,31 + 1 500,00 = 6 884,73, credited 107,64, net 6 777,09;
///   collected 1 615,42 + 2 000,00 = 3 615,42; 6 777,09 − 3 615,42 = 3 161,67 outstanding.
#[test]
fn demo_receivables_by_hand() {
    let story = demo::story().unwrap();
    let r = &story.receivables;
    assert_eq!(r.as_of, NaiveDate::from_ymd_opt(2026, 12, 28).unwrap());
    let rows: Vec<_> = r.invoices.iter().map(|i| (i.number.as_str(), i.status, i.days_late, i.outstanding)).collect();
    assert_eq!(
        rows,
        [
            ("F-2026-00042", InvoiceStatus::Paid, 0, dec("0")),
            ("F-2026-00043", InvoiceStatus::Overdue, 8, dec("1661.67")),
            ("F-2026-00044", InvoiceStatus::Overdue, 35, dec("1500.00")),
        ]
    );
    let a = &r.aging.total;
    assert_eq!((a.not_due, a.days_1_30, a.days_31_60, a.total), (dec("0"), dec("1661.67"), dec("1500.00"), dec("3161.67")));

    // the interest of the late invoice, segment by segment
    let late = r.interest.invoices.iter().find(|i| i.invoice == "F-2026-00044").unwrap();
    let seg: Vec<_> = late.result.segments.iter().map(|s| (s.days, s.base, s.reference_date, s.applied_rate, s.provisional)).collect();
    assert_eq!(seg, [(35, dec("1500.00"), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), dec("12.15"), true)]);
    assert_eq!((late.result.interest, late.result.indemnity), (dec("17.48"), dec("40")));
    assert_eq!((r.interest.interest, r.interest.indemnities, r.interest.total), (dec("21.91"), dec("80"), dec("101.91")));
    assert!(r.interest.provisional);

    let due: Vec<_> = r
        .reminders
        .iter()
        .map(|m| (m.invoice.as_str(), m.kind, m.days_late, m.outstanding, m.interest, m.indemnity, m.total_claimed, m.payment_deadline))
        .collect();
    assert_eq!(
        due,
        [
            ("F-2026-00043", ReminderKind::Firm, 8, dec("1661.67"), dec("4.43"), dec("40"), dec("1706.10"), None),
            (
                "F-2026-00044",
                ReminderKind::FormalNotice,
                35,
                dec("1500.00"),
                dec("17.48"),
                dec("40"),
                dec("1557.48"),
                NaiveDate::from_ymd_opt(2027, 1, 5)
            ),
        ]
    );

    let f = &r.cash.flow;
    assert_eq!((f.invoiced, f.credited, f.net_invoiced), (dec("6884.73"), dec("107.64"), dec("6777.09")));
    assert_eq!((f.collected, f.net_collected), (dec("3615.42"), dec("3615.42")));
    assert_eq!((r.cash.outstanding, r.cash.forecast.windows[0].expected), (dec("3161.67"), dec("3161.67")));

    // the letters and statements the demo renders
    let letters: Vec<_> =
        demo::reminder_letters(&story).into_iter().map(|(name, m, inv)| (name, m.level.clone(), inv.number().to_owned())).collect();
    assert_eq!(
        letters,
        [
            ("reminder-F-2026-00043-firm.pdf".to_owned(), "firm".to_owned(), "F-2026-00043".to_owned()),
            ("reminder-F-2026-00044-formal_notice.pdf".to_owned(), "formal_notice".to_owned(), "F-2026-00044".to_owned()),
        ]
    );
    let statements: Vec<_> =
        demo::statements(&story).into_iter().map(|(name, c, inv)| (name, c.balance, inv.content().buyer.name.clone())).collect();
    assert_eq!(
        statements,
        [
            ("statement-CUST-001.pdf".to_owned(), dec("1661.67"), "Boulangerie Martin & Fils".to_owned()),
            ("statement-CUST-002.pdf".to_owned(), dec("1500.00"), "Studio Lumière".to_owned()),
        ]
    );

    // every figure of the summary is the report's
    let summary = demo::summary(&story);
    for line in [
        "  20/10/2026 PAY-0001 virement : 1 615,42 € sur F-2026-00042",
        "  18/12/2026 PAY-0002 chèque : 2 000,00 € sur F-2026-00043",
        "  17/12/2026 Relance courtoise envoyée pour F-2026-00043",
        "  30/11/2026 Relance ferme envoyée pour F-2026-00044",
        "Créances au 28/12/2026 : 3 161,67 € restant dû",
        "  F-2026-00044 Studio Lumière : 1 500,00 € sur 1 500,00 €, échéance 23/11/2026, 35 j de retard",
        "  F-2026-00043 Boulangerie Martin & Fils : 1 661,67 € sur 3 769,31 €, échéance 20/12/2026, 8 j de retard",
        "  Relance ferme F-2026-00043 (Boulangerie Martin & Fils), 8 j de retard",
        "    1 661,67 € + intérêts 4,43 € + indemnité 40,00 € = 1 706,10 €",
        "  Mise en demeure de payer F-2026-00044 (Studio Lumière), 35 j de retard",
        "    1 500,00 € + intérêts 17,48 € + indemnité 40,00 € = 1 557,48 €",
        "    à payer avant le 05/01/2027",
        "  Attention : taux provisoire. Le taux de référence du 01/07/2026 n'est pas encore dans les tables publiées :",
    ] {
        let plain = |s: &str| s.replace(['\u{a0}', '\u{202f}'], " ");
        assert!(plain(&summary).lines().any(|l| l == line), "{line:?} not in\n{summary}");
    }
}
