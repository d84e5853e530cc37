//! Reminder letters and account statements, built from `examples/receivables.json` through
//! `facturier_core::receivables::receivables`: text goldens (pdftotext), byte goldens, PNG
//! snapshots of page 1 (`UPDATE_SNAPSHOTS=1`, needs `pdftoppm`), injection, a 300-entry
//! statement over several pages, data errors, custom templates and the sample JSON.
//!
//! `UPDATE_GOLDEN=1` rewrites the goldens under `tests/golden/pdf/` and the samples under
//! `templates/samples/`; tests needing `pdftotext` pass without checking when it is missing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use facturier_core::receivables::dunning::{Reminder, ReminderKind};
use facturier_core::receivables::statement::{CustomerAccount, EntryKind, LedgerEntry};
use facturier_core::receivables::{ReceivablesInput, ReceivablesReport, receivables};
use facturier_core::{Decimal, IssuedInvoice, NaiveDate, json};
use facturier_pdf::{Branding, DocMeta, Logo, LogoFormat, RenderOptions, Renderer, TemplateKind};
use std::path::PathBuf;

use support::{
    check_golden, flat, invoice_doc, letter_doc, pages, pdftotext, pdftotext_layout, plain, root, sha256, statement_doc, update,
    write_snapshots,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn sample_json() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("examples/receivables.json")).unwrap()).unwrap()
}

fn input_of(v: serde_json::Value) -> ReceivablesInput {
    json::from_value(v).unwrap()
}

fn sample() -> ReceivablesInput {
    input_of(sample_json())
}

fn invoice<'a>(input: &'a ReceivablesInput, number: &str) -> &'a IssuedInvoice {
    &input.invoices.iter().find(|r| r.invoice.number() == number).unwrap().invoice
}

fn reminder<'a>(report: &'a ReceivablesReport, number: &str) -> &'a Reminder {
    report.reminders.iter().find(|r| r.invoice == number).unwrap_or_else(|| panic!("no reminder for {number}: {:?}", report.reminders))
}

const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#1F3A5F"/><stop offset="1" stop-color="#4F86C6"/></linearGradient></defs>
<rect x="0" y="0" width="40" height="40" rx="8" fill="url(#g)"/><path d="M10 28 L20 10 L30 28 Z" fill="#fff"/>
<rect x="48" y="12" width="64" height="6" rx="3" fill="#1F3A5F"/><rect x="48" y="24" width="44" height="5" rx="2.5" fill="#4F86C6"/></svg>"##;

fn branded() -> RenderOptions {
    RenderOptions {
        branding: Branding {
            logo: Some(Logo { bytes: LOGO_SVG.as_bytes().to_vec(), format: LogoFormat::Svg, alt: "Logo Atelier Numérique".into() }),
            primary_color: Some("#1F3A5F".into()),
            footer: Some("Atelier Numérique — merci de votre confiance".into()),
        },
        ..RenderOptions::default()
    }
}

/// One letter of the sample: golden stem, reminder, invoice, letter date.
struct Letter {
    name: &'static str,
    reminder: Reminder,
    invoice: IssuedInvoice,
    date: NaiveDate,
}

/// The letters of the sample, each kind and regime:
/// - 16/03/2026: formal notice of F-2026-00001 (business, 40 days late) and courteous reminder
///   of F-2026-00006 (business, due 17/03, partly settled by a credit note);
/// - 24/03/2026: firm reminder of F-2026-00006 (7 days late);
/// - 20/02/2026: firm reminder of F-2026-00002 (public buyer, 9 days late);
/// - 06/03/2026: formal notice of F-2026-00003 (consumer), the notice sent that day removed
///   from the facts so that it is the one proposed;
/// - 16/03/2026: formal notice of F-2026-00002 (public buyer), its payment removed from the facts.
fn letters() -> Vec<Letter> {
    let input = sample();
    let letter = |name, input: &ReceivablesInput, number: &str, date| {
        let report = receivables(input, date).unwrap();
        Letter { name, reminder: reminder(&report, number).clone(), invoice: invoice(input, number).clone(), date }
    };
    let mut without_notice = input.clone();
    without_notice.reminders.retain(|r| !(r.invoice == "F-2026-00003" && r.level == "formal_notice"));
    // the public buyer's invoice left unpaid: a formal notice becomes due on 13/03
    let mut public_unpaid = input.clone();
    public_unpaid.payments.retain(|p| p.customer_id != "CUST-002");
    vec![
        letter("reminder-courteous", &input, "F-2026-00006", d(2026, 3, 16)),
        letter("reminder-firm", &input, "F-2026-00006", d(2026, 3, 24)),
        letter("reminder-firm-public", &input, "F-2026-00002", d(2026, 2, 20)),
        letter("reminder-formal-notice", &input, "F-2026-00001", d(2026, 3, 16)),
        letter("reminder-formal-notice-consumer", &without_notice, "F-2026-00003", d(2026, 3, 6)),
        letter("reminder-formal-notice-public", &public_unpaid, "F-2026-00002", d(2026, 3, 16)),
    ]
}

/// One statement of the sample: golden stem and PDF.
fn statements(r: &Renderer, o: &RenderOptions) -> Vec<(&'static str, Vec<u8>)> {
    let input = sample();
    let as_of = d(2026, 3, 16);
    let report = receivables(&input, as_of).unwrap();
    ["CUST-001", "CUST-004"]
        .iter()
        .zip(["statement", "statement-credit-note"])
        .map(|(id, name)| {
            let account = report.customers.iter().find(|c| c.customer_id == *id).unwrap();
            let latest = input.invoices.iter().rev().find(|i| i.customer_id.as_deref() == Some(id)).unwrap();
            let content = latest.invoice.content();
            (name, r.render(&statement_doc(account, &report.invoices, &content.seller, &content.buyer, as_of), o).unwrap())
        })
        .collect()
}

fn all_pdfs(r: &Renderer, o: &RenderOptions) -> Vec<(&'static str, Vec<u8>)> {
    let mut out: Vec<_> =
        letters().into_iter().map(|l| (l.name, r.render(&letter_doc(&l.reminder, &l.invoice, l.date), o).unwrap())).collect();
    out.extend(statements(r, o));
    out
}

#[test]
fn the_sample_gives_every_kind() {
    let kinds: Vec<(ReminderKind, facturier_core::BuyerKind)> =
        letters().iter().map(|l| (l.reminder.kind, l.reminder.buyer_kind)).collect();
    use facturier_core::BuyerKind::{Business, Consumer, Public};
    assert_eq!(
        kinds,
        [
            (ReminderKind::Courteous, Business),
            (ReminderKind::Firm, Business),
            (ReminderKind::Firm, Public),
            (ReminderKind::FormalNotice, Business),
            (ReminderKind::FormalNotice, Consumer),
            (ReminderKind::FormalNotice, Public)
        ]
    );
}

#[test]
fn text_goldens() {
    let r = Renderer::new().unwrap();
    for (name, pdf) in all_pdfs(&r, &branded()) {
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        let Some(text) = pdftotext(&pdf) else { return };
        check_golden(&format!("{name}.txt"), &text);
        let p = plain(&text);
        assert!(p.contains("Page 1/"), "{name}: {p}");
        assert!(p.contains("SAS au capital de 10 000,00 €"), "{name}");
    }
}

#[test]
fn sha256_goldens_and_snapshots() {
    let r = Renderer::new().unwrap();
    let pdfs = all_pdfs(&r, &branded());
    let lines: String = pdfs.iter().map(|(name, pdf)| format!("{name} {}\n", sha256(pdf))).collect();
    check_golden("letters-sha256.txt", &lines);
    // a second renderer, after other documents: the same bytes
    let again = Renderer::new().unwrap();
    let _ = again.render(&invoice_doc(invoice(&sample(), "F-2026-00001")), &branded()).unwrap();
    let second: String = all_pdfs(&again, &branded()).iter().map(|(name, pdf)| format!("{name} {}\n", sha256(pdf))).collect();
    assert_eq!(lines, second, "byte-reproducible");
    write_snapshots(pdfs.iter().map(|(name, pdf)| (*name, pdf.as_slice())));
}

#[test]
fn letter_contents() {
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let text = |l: &Letter| pdftotext_layout(&r.render(&letter_doc(&l.reminder, &l.invoice, l.date), &o).unwrap()).map(|t| flat(&t));
    let all = letters();
    let Some(courteous) = text(&all[0]) else { return };
    for want in [
        "Lyon, le 16/03/2026",
        "Objet : Rappel d'échéance — facture N° F-2026-00006",
        "d'un montant de 600,00 € TTC, arrive à échéance le 17/03/2026",
        "le montant restant dû s'élève à 480,00 €",
        "FR76 3000 4000 0312 3456 7890 143",
        "BNPAFRPPXXX",
        "Studio Lumière",
        "27 quai Saint-Vincent",
        "Pour Atelier Numérique,",
    ] {
        assert!(courteous.contains(want), "courteous lacks {want:?}:\n{courteous}");
    }
    for unwanted in ["MISE EN DEMEURE", "pénalités", "Indemnité forfaitaire"] {
        assert!(!courteous.contains(unwanted), "courteous has {unwanted:?}");
    }

    let firm = text(&all[1]).unwrap();
    for want in [
        "Objet : Relance — facture N° F-2026-00006 impayée",
        "échue depuis le 17/03/2026, demeure impayée à ce jour, soit 7 jours de retard",
        "article L441-10 II du Code de commerce",
        "indemnité forfaitaire pour frais de recouvrement de 40 €",
        "Pénalités de retard au 24/03/2026",
        "du 18/03/2026 au 24/03/2026 7 480,00 € 12,15 % (taux BCE de 2,15 % au 01/01/2026 + 10 points)",
        "Indemnité forfaitaire pour frais de recouvrement 40,00 €",
        "Total à régler",
        "C. com. D441-5",
    ] {
        assert!(firm.contains(want), "firm lacks {want:?}:\n{firm}");
    }
    // 480 × 12,15 % × 7 / 365 = 1,1184… → 1,12 €; 480 + 1,12 + 40
    assert!(firm.contains("1,12 €") && firm.contains("521,12 €"), "{firm}");

    let public = text(&all[2]).unwrap();
    for want in ["Ville de Villeurbanne", "Code de la commande publique", "Intérêts moratoires au 20/02/2026", "+ 8 points", "CCP D2192-35"]
    {
        assert!(public.contains(want), "public firm reminder lacks {want:?}:\n{public}");
    }
    assert!(!public.contains("L441-10"), "{public}");

    let formal = text(&all[3]).unwrap();
    for want in [
        "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION",
        "Objet : Mise en demeure de payer — facture N° F-2026-00001",
        "Par la présente, nous vous mettons en demeure de nous régler la somme de 1 458,64 € dans un délai de 8 jours à compter de la date du présent courrier, soit au plus tard le 24/03/2026.",
        "soit 40 jours de retard",
        "Pénalités de retard au 16/03/2026 18,64 €",
        "au sens de l'article 1344 du Code civil",
        "l'article 1344-1 du même code",
        "À défaut de paiement dans ce délai, nous nous réservons le droit d'engager une procédure de recouvrement judiciaire (injonction de payer), sans autre avis.",
        "C. civ. 1344",
        "C. proc. civ. 1405",
        "Nom, qualité et signature",
    ] {
        assert!(formal.contains(want), "formal notice lacks {want:?}:\n{formal}");
    }

    let consumer = text(&all[4]).unwrap();
    for want in [
        "Claire Dubois",
        "la somme de 850,00 €",
        "soit au plus tard le 14/03/2026",
        "au sens de l'article 1344 du Code civil",
        "seuls des intérêts au taux légal courent sur la somme due à compter de la présente mise en demeure (article 1231-6 du Code civil)",
        "C. civ. 1231-6",
    ] {
        assert!(consumer.contains(want), "consumer formal notice lacks {want:?}:\n{consumer}");
    }
    for unwanted in ["Indemnité forfaitaire pour frais", "40 €", "L441-10", "Pénalités de retard au"] {
        assert!(!consumer.contains(unwanted), "a consumer is not claimed {unwanted:?}:\n{consumer}");
    }

    // a public person: neither the civil-law effects nor an order for payment (CCP L2192-13; CJA R541-1)
    let public_notice = text(&all[5]).unwrap();
    for want in [
        "Ville de Villeurbanne",
        "La présente lettre vaut mise en demeure de payer. Les intérêts moratoires courent de plein droit",
        "article L2192-13 du Code de la commande publique",
        "nous nous réservons le droit de saisir le juge administratif, notamment d'une demande de provision en référé (article R541-1 du Code de justice administrative)",
        "CJA R541-1",
    ] {
        assert!(public_notice.contains(want), "public formal notice lacks {want:?}:\n{public_notice}");
    }
    for unwanted in ["injonction de payer", "1344-1", "C. proc. civ. 1405"] {
        assert!(!public_notice.contains(unwanted), "a public buyer is not threatened with {unwanted:?}:\n{public_notice}");
    }
}

#[test]
fn statement_contents() {
    let r = Renderer::new().unwrap();
    let pdfs = statements(&r, &RenderOptions::default());
    let Some(late) = pdftotext_layout(&pdfs[0].1).map(|t| flat(&t)) else { return };
    for want in [
        "Relevé de compte",
        "Code client CUST-001",
        "Boulangerie Martin & Fils",
        "Date Pièce Libellé Débit",
        "05/01/2026 F-2026-00001 Facture 2 400,00 € 2 400,00 €",
        "02/02/2026 PAY-0001 Règlement reçu 1 000,00 € 1 400,00 €",
        "16/02/2026 F-2026-00005 Facture 430,56 € 1 830,56 €",
        "Totaux 2 830,56 € 1 000,00 € 1 830,56 €",
        "Solde débiteur : 1 830,56 € restant à nous régler.",
        "FACTURES ÉCHUES NON RÉGLÉES",
        "F-2026-00001 05/01/2026 04/02/2026 2 400,00 € 1 400,00 € 40 jours",
        "FR76 3000 4000 0312 3456 7890 143",
    ] {
        assert!(late.contains(want), "statement lacks {want:?}:\n{late}");
    }
    assert!(!late.contains("F-2026-00005 16/02/2026 30/04/2026"), "not due: not listed as overdue");
    let credit = flat(&pdftotext_layout(&pdfs[1].1).unwrap());
    for want in [
        "Studio Lumière",
        "AV-2026-0001 Avoir",
        "REF-0001 Remboursement 50,00 €",
        "Avoirs -120,00 €",
        "Remboursements 50,00 €",
        "Solde du compte 480,00 €",
    ] {
        assert!(credit.contains(want), "statement lacks {want:?}:\n{credit}");
    }
    assert!(!credit.contains("FACTURES ÉCHUES"), "nothing overdue on 16/03");
}

const NASTY: [&str; 6] = ["#import \"x\"", "]", "$x$", "#{panic()}", "*_", "<a> @ref"];

#[test]
fn user_text_is_data() {
    let mut v = sample_json();
    let name = NASTY.join(" ");
    for inv in v["invoices"].as_array_mut().unwrap() {
        if inv["customer_id"] == "CUST-001" {
            inv["invoice"]["content"]["buyer"]["name"] = name.clone().into();
            inv["invoice"]["content"]["buyer"]["address"]["city"] = "Lyon ] $ #lorem(5)".into();
        }
        inv["invoice"]["content"]["seller"]["name"] = "Atelier #set text(red) ] [".into();
    }
    for p in v["payments"].as_array_mut().unwrap() {
        if p["id"] == "PAY-0001" {
            p["id"] = "PAY-]$#x".into();
        }
    }
    let input = input_of(v);
    let report = receivables(&input, d(2026, 3, 16)).unwrap();
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let inv = invoice(&input, "F-2026-00001");
    let letter = r.render(&letter_doc(reminder(&report, "F-2026-00001"), inv, d(2026, 3, 16)), &o).unwrap();
    let account = report.customers.iter().find(|c| c.customer_id == "CUST-001").unwrap();
    let statement = r.render(&statement_doc(account, &[], &inv.content().seller, &inv.content().buyer, d(2026, 3, 16)), &o).unwrap();
    for pdf in [letter, statement] {
        let Some(text) = pdftotext(&pdf) else { return };
        let text = flat(&text);
        for s in NASTY {
            assert!(text.contains(s), "{s:?} not printed literally:\n{text}");
        }
        assert!(text.contains("Atelier #set text(red) ] ["), "{text}");
        assert!(text.contains("Lyon ] $ #lorem(5)") && !text.contains("Lorem ipsum"), "{text}");
    }
}

/// An account of `n` entries alternating invoices and payments, with its running balance.
fn long_account(n: usize) -> CustomerAccount {
    let mut balance = Decimal::ZERO;
    let (mut invoiced, mut received) = (Decimal::ZERO, Decimal::ZERO);
    let start = d(2025, 1, 1);
    let entries = (0..n)
        .map(|i| {
            let date = start + chrono::Days::new(i as u64);
            let amount = Decimal::new(10_000 + (i as i64 % 7) * 1_234, 2);
            let (kind, reference, debit, credit) = if i % 2 == 0 {
                invoiced += amount;
                (EntryKind::Invoice, format!("F-2025-{:05}", i / 2 + 1), amount, Decimal::ZERO)
            } else {
                let paid = amount - Decimal::new(500, 2);
                received += paid;
                (EntryKind::Payment, format!("PAY-{:05}", i / 2 + 1), Decimal::ZERO, paid)
            };
            balance += debit - credit;
            LedgerEntry { date, kind, reference, debit, credit, balance }
        })
        .collect();
    CustomerAccount {
        customer_id: "CUST-LONG".into(),
        name: Some("Client régulier".into()),
        buyer_kind: Some(facturier_core::BuyerKind::Business),
        invoiced,
        credited: Decimal::ZERO,
        received,
        refunded: Decimal::ZERO,
        outstanding: balance,
        credit: Decimal::ZERO,
        balance,
        entries,
    }
}

#[test]
fn three_hundred_entries_lay_out_on_several_pages() {
    let input = sample();
    let inv = invoice(&input, "F-2026-00001");
    let account = long_account(300);
    let r = Renderer::new().unwrap();
    let pdf = r.render(&statement_doc(&account, &[], &inv.content().seller, &inv.content().buyer, d(2026, 3, 16)), &branded()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = plain(&text);
    let pages = pages(&text);
    let n = pages.len();
    assert!(n > 2, "300 entries on {n} pages?");
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("Pièce") && p.contains("Solde"), "page {} lacks the table header", i + 1);
        assert!(p.contains(&format!("Page {}/{n}", i + 1)), "page {} lacks its number:\n{p}", i + 1);
    }
    assert!(pages[1].contains("Relevé de compte — Boulangerie Martin & Fils — au 16/03/2026"), "running header:\n{}", pages[1]);
    assert!(text.contains("PAY-00150"), "the last entry is printed");
    let last = flat(pages[n - 1]);
    assert!(last.contains("Totaux") && last.contains("Solde du compte"), "{last}");
}

/// The core refuses what the renderer used to re-check (`ReminderLetter::new`,
/// `Statement::new`, with stable codes); the renderer's old entry points, kept for the bindings,
/// still answer `pdf.data`.
#[test]
fn data_errors() {
    use facturier_core::{ReminderLetter, Statement};
    let input = sample();
    let report = receivables(&input, d(2026, 3, 16)).unwrap();
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let notice = reminder(&report, "F-2026-00001");
    let codes = |e: facturier_core::CoreError| e.violations().iter().map(|v| v.code.clone()).collect::<Vec<_>>();
    let letter = |m: &Reminder, number: &str, date| ReminderLetter::new(m.clone(), invoice(&input, number).clone(), date).map_err(codes);
    // the reminder of another invoice
    assert_eq!(letter(notice, "F-2026-00002", d(2026, 3, 16)).unwrap_err(), ["reminder.invoice.mismatch"]);
    // a letter before the invoice, a formal notice dated after its own deadline or without one
    assert_eq!(letter(notice, "F-2026-00001", d(2025, 12, 1)).unwrap_err(), ["reminder.letter_date.before_invoice"]);
    assert_eq!(letter(notice, "F-2026-00001", d(2026, 3, 24)).unwrap_err(), ["reminder.deadline.invalid"]);
    let mut bare = notice.clone();
    bare.payment_deadline = None;
    assert_eq!(letter(&bare, "F-2026-00001", d(2026, 3, 16)).unwrap_err(), ["reminder.deadline.invalid"]);
    // figures that do not add up
    let mut wrong = notice.clone();
    wrong.total_claimed += Decimal::ONE;
    assert_eq!(letter(&wrong, "F-2026-00001", d(2026, 3, 16)).unwrap_err(), ["reminder.total.mismatch"]);
    // a statement dated before its entries, or whose entries do not add up
    let inv = invoice(&input, "F-2026-00001");
    let (seller, buyer) = (&inv.content().seller, &inv.content().buyer);
    let account = report.customers.iter().find(|c| c.customer_id == "CUST-001").unwrap();
    let statement = |a: &CustomerAccount, as_of| Statement::new(a.clone(), seller.clone(), buyer.clone(), as_of, &[]).map_err(codes);
    assert!(statement(account, d(2026, 2, 1)).unwrap_err().contains(&"statement.entry.after_as_of".to_owned()));
    let mut bad = account.clone();
    bad.entries[1].balance += Decimal::ONE;
    assert!(statement(&bad, d(2026, 3, 16)).unwrap_err().contains(&"statement.balance.mismatch".to_owned()));
    let mut bad = account.clone();
    bad.received += Decimal::ONE;
    assert_eq!(statement(&bad, d(2026, 3, 16)).unwrap_err(), ["statement.totals.mismatch"]);
    // an empty account renders, saying so
    let mut empty = account.clone();
    (empty.entries, empty.invoiced, empty.received, empty.outstanding, empty.balance) =
        (vec![], Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let pdf = r.render(&statement_doc(&empty, &[], seller, buyer, d(2026, 3, 16)), &o).unwrap();
    if let Some(text) = pdftotext(&pdf) {
        let text = flat(&text);
        assert!(text.contains("Aucun mouvement sur votre compte au 16/03/2026.") && text.contains("Votre compte est soldé."), "{text}");
    }
}

#[test]
fn json_and_custom_templates() {
    let input = sample();
    let report = receivables(&input, d(2026, 3, 16)).unwrap();
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let notice = reminder(&report, "F-2026-00001");
    let inv = invoice(&input, "F-2026-00001");
    let mut data = serde_json::to_value(r.data(&letter_doc(notice, inv, d(2026, 3, 16)), &o).unwrap()).unwrap();
    data["subject"] = "Dernier rappel avant poursuites".into();
    let meta = DocMeta { number: "X-1".into(), issue_date: d(2026, 3, 16) };
    let pdf = r.render_json(TemplateKind::Reminder, &data, &meta, &o).unwrap();
    if let Some(text) = pdftotext(&pdf) {
        assert!(flat(&text).contains("Objet : Dernier rappel avant poursuites"), "{text}");
    }
    let account = report.customers.iter().find(|c| c.customer_id == "CUST-001").unwrap();
    let st = r.data(&statement_doc(account, &report.invoices, &inv.content().seller, &inv.content().buyer, d(2026, 3, 16)), &o).unwrap();
    let data = serde_json::to_value(&st).unwrap();
    assert!(r.render_json(TemplateKind::Statement, &data, &meta, &o).is_ok());
    // a custom letter reusing the shared parts
    let custom = RenderOptions {
        custom_template: Some(
            "#import \"/lib.typ\": *\n#let d = json(\"/data.json\")\n#set text(..text-style)\n#let th = theme-of(d.branding.primary_color)\n= #t(d.facts.invoice) : #t(d.facts.total_claimed)\n#paragraphs(d.body)\n"
                .into(),
        ),
        ..RenderOptions::default()
    };
    let pdf = r.render(&letter_doc(notice, inv, d(2026, 3, 16)), &custom).unwrap();
    if let Some(text) = pdftotext(&pdf) {
        let text = flat(&text);
        assert!(text.contains("F-2026-00001 : 1 458,64 €") && text.contains("mettons en demeure"), "{text}");
    }
    // PDF/A-3b: the logo has its alternative text, the letter is tagged
    let mut a = branded();
    a.pdf_a = true;
    let pdf = r.render(&letter_doc(notice, inv, d(2026, 3, 16)), &a).unwrap();
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("pdfaid:part") && raw.contains("/StructTreeRoot"), "PDF/A and tagged");
    let pdf = r.render(&statement_doc(account, &[], &inv.content().seller, &inv.content().buyer, d(2026, 3, 16)), &a).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("pdfaid:part"));
    assert!(TemplateKind::ALL.contains(&TemplateKind::Reminder) && TemplateKind::ALL.contains(&TemplateKind::Statement));
    assert_eq!((TemplateKind::Reminder.path(), TemplateKind::Statement.path()), ("/reminder.typ", "/statement.typ"));
    assert!(facturier_pdf::template_source("/reminder.typ").is_some_and(|s| s.contains("letter-head")));
}

/// `templates/samples/reminder.json` and `statement.json` are the data the renderer passes for
/// the sample's formal notice and CUST-001's statement, so designers work on the real contract.
#[test]
fn template_samples_are_current() {
    let input = sample();
    let report = receivables(&input, d(2026, 3, 16)).unwrap();
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let inv = invoice(&input, "F-2026-00001");
    let letter = r.data(&letter_doc(reminder(&report, "F-2026-00001"), inv, d(2026, 3, 16)), &o).unwrap();
    let account = report.customers.iter().find(|c| c.customer_id == "CUST-001").unwrap();
    let statement =
        r.data(&statement_doc(account, &report.invoices, &inv.content().seller, &inv.content().buyer, d(2026, 3, 16)), &o).unwrap();
    for (name, actual) in [
        ("reminder.json", serde_json::to_string_pretty(&letter).unwrap() + "\n"),
        ("statement.json", serde_json::to_string_pretty(&statement).unwrap() + "\n"),
    ] {
        let path = root().join("templates/samples").join(name);
        if update() || !path.exists() {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        assert_eq!(actual, std::fs::read_to_string(&path).unwrap(), "templates/samples/{name} is stale (UPDATE_GOLDEN=1)");
    }
}

#[test]
#[ignore = "writes the letters and statements to $PDF_OUT for a manual look"]
fn dump_letters() {
    let out = PathBuf::from(std::env::var("PDF_OUT").unwrap_or_else(|_| "/tmp/pdfout".into()));
    std::fs::create_dir_all(&out).unwrap();
    let r = Renderer::new().unwrap();
    for (name, pdf) in all_pdfs(&r, &branded()) {
        std::fs::write(out.join(format!("{name}.pdf")), pdf).unwrap();
    }
    let inv = invoice(&sample(), "F-2026-00001").clone();
    let pdf =
        r.render(&statement_doc(&long_account(300), &[], &inv.content().seller, &inv.content().buyer, d(2026, 3, 16)), &branded()).unwrap();
    std::fs::write(out.join("statement-long.pdf"), pdf).unwrap();
}

#[test]
#[ignore = "timing, run by hand with --nocapture (TPL_FILE=… renders with that template instead)"]
fn timing() {
    let input = sample();
    let as_of = d(2026, 3, 24);
    let report = receivables(&input, as_of).unwrap();
    let account = report.customers.iter().find(|c| c.customer_id == "CUST-001").unwrap();
    let inv = invoice(&input, "F-2026-00006");
    let r = Renderer::new().unwrap();
    let mut o = RenderOptions::default();
    if let Ok(f) = std::env::var("TPL_FILE") {
        o.custom_template = Some(std::fs::read_to_string(f).unwrap());
    }
    let kind = std::env::var("KIND").unwrap_or_default();
    let n: u64 = std::env::var("N").ok().and_then(|n| n.parse().ok()).unwrap_or(64);
    let t = std::time::Instant::now();
    for k in 0..n {
        let date = as_of + chrono::Days::new(k);
        if kind == "reminder" {
            let mut m = reminder(&report, "F-2026-00006").clone();
            m.customer_id = format!("C{k}");
            r.render(&letter_doc(&m, inv, date), &o).unwrap();
        } else {
            r.render(&statement_doc(account, &report.invoices, &inv.content().seller, &inv.content().buyer, date), &o).unwrap();
        }
    }
    eprintln!("{:.2} ms per document", t.elapsed().as_secs_f64() * 1e3 / n as f64);
}
