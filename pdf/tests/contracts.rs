//! The consumer's information letter (C. conso L215-1) and the recurring-revenue report, built
//! from the core's example contracts: contents through `pdftotext`, byte reproducibility,
//! PDF/A, user text printed as data, an empty report. The demo's PDFs have text goldens in
//! `tests/tests/contracts.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use facturier_core::contracts::{Contract, ContractsInput, Month, chatel_letter};
use facturier_core::{Document, InvoiceDraft, NaiveDate, RevenueReport, Seller, json};
use facturier_pdf::{RenderOptions, Renderer};

use support::{flat, pdftotext, pdftotext_layout, sha256};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn seller() -> Seller {
    json::from_str::<InvoiceDraft>(include_str!("../../examples/invoice-draft.json")).unwrap().seller
}

fn consumer() -> Contract {
    json::from_str(include_str!("../../core/src/contracts/examples/consumer-subscription.json")).unwrap()
}

fn maintenance() -> Contract {
    json::from_str(include_str!("../../core/src/contracts/examples/maintenance.json")).unwrap()
}

fn letter(c: &Contract, on: NaiveDate) -> Document {
    Document::ChatelLetter(chatel_letter(c, &seller(), on).unwrap())
}

fn report(contracts: Vec<Contract>, from: &str, to: &str) -> Document {
    let input = ContractsInput { contracts, seller: Some(seller()), ..ContractsInput::default() };
    Document::RevenueReport(RevenueReport::new(&input, from.parse::<Month>().unwrap(), to.parse::<Month>().unwrap()).unwrap())
}

#[test]
fn the_letter_boxes_the_deadline_and_restates_the_law() {
    let r = Renderer::new().unwrap();
    let pdf = r.render(&letter(&consumer(), d(2026, 3, 2)), &RenderOptions::default()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let Some(text) = pdftotext_layout(&pdf).map(|t| flat(&t)) else { return };
    for want in [
        "Atelier Numérique",
        "Claire Dupont",
        "8 rue des Lilas",
        "Lyon, le 02/03/2026",
        "Objet : reconduction de votre contrat N° C-2025-107 — information préalable",
        "Madame, Monsieur,",
        "DATE LIMITE POUR REFUSER LA RECONDUCTION",
        "31/05/2026",
        "Vous pouvez vous opposer à la reconduction de votre contrat jusqu'au 31/05/2026 inclus",
        "arrive au terme de sa période en cours le 30/06/2026",
        "il sera reconduit le 01/07/2026",
        "Article L215-1 du Code de la consommation",
        "C. conso L215-1-1",
        "Pour Atelier Numérique,",
        "Période en cours du 01/07/2025 au 30/06/2026",
    ] {
        assert!(text.contains(want), "the letter lacks {want:?}:\n{text}");
    }
    // a long address may break across lines, never lose a character
    assert!(text.replace(' ', "").contains("https://atelier-numerique.example/compte/resilier"), "{text}");
}

#[test]
fn byte_reproducible_and_pdf_a() {
    let r = Renderer::new().unwrap();
    let docs = [letter(&consumer(), d(2026, 3, 2)), report(vec![maintenance(), consumer()], "2025-07", "2026-06")];
    for doc in &docs {
        let a = r.render(doc, &RenderOptions::default()).unwrap();
        let b = Renderer::new().unwrap().render(doc, &RenderOptions::default()).unwrap();
        assert_eq!(sha256(&a), sha256(&b), "{}", doc.number());
        let pdf_a = r.render(doc, &RenderOptions { pdf_a: true, ..RenderOptions::default() }).unwrap();
        let raw = String::from_utf8_lossy(&pdf_a);
        assert!(raw.contains("pdfaid:part") || raw.contains("pdfaid"), "{} is not PDF/A", doc.number());
    }
}

#[test]
fn the_report_prints_its_figures_and_charts() {
    let r = Renderer::new().unwrap();
    let pdf = r.render(&report(vec![maintenance(), consumer()], "2025-07", "2026-06"), &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext_layout(&pdf).map(|t| flat(&t)) else { return };
    for want in [
        "Revenus récurrents de juillet 2025 à juin 2026",
        "Situation au 30/06/2026 · montants en EUR",
        "MRR ET ARR EN FIN DE MOIS",
        "MOUVEMENTS DU MRR PAR MOIS",
        "juil. 2025",
        // the consumer's 24,92 € from July 2025, the maintenance contract's 400 € in January, 600 € in March
        "janv. 2026 424,92 € 5 099,04 € 400,00 €",
        "mars 2026 624,92 € 7 499,04 € – 200,00 €",
        "Période 624,92 € 7 499,04 € 424,92 € 200,00 €",
        "INDICATEURS DE LA PÉRIODE",
        "MRR au 30/06/2025",
        "Aucun contrat terminé sur la période.",
        "CONTRATS À RENOUVELER SOUS 30, 60, 90 JOURS",
        "C-2025-107",
    ] {
        assert!(text.contains(want), "the report lacks {want:?}:\n{text}");
    }
}

#[test]
fn an_empty_report_renders() {
    let r = Renderer::new().unwrap();
    let pdf = r.render(&report(vec![], "2026-01", "2026-01"), &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext(&pdf).map(|t| flat(&t)) else { return };
    assert!(text.contains("en janvier 2026") && text.contains("Aucun terme n'arrive à échéance"), "{text}");
}

const NASTY: &str = "#import \"x\" ] $x$ #{panic()} *_ <a> @ref **gras** {deadline}";

#[test]
fn user_text_is_data() {
    let mut c = consumer();
    c.id = "C-#set text(red)".into();
    c.buyer.name = NASTY.into();
    c.lines[0].description = NASTY.into();
    c.termination_url = Some("https://x.example/#{panic()}".into());
    let mut s = seller();
    s.name = "Atelier ] [ #lorem(3)".into();
    let doc = Document::ChatelLetter(chatel_letter(&c, &s, d(2026, 3, 2)).unwrap());
    let r = Renderer::new().unwrap();
    let pdf = r.render(&doc, &RenderOptions::default()).unwrap();
    let input = ContractsInput { contracts: vec![c], seller: Some(s), ..ContractsInput::default() };
    let rep = RevenueReport::new(&input, "2026-01".parse().unwrap(), "2026-03".parse().unwrap()).unwrap();
    let report = r.render(&Document::RevenueReport(rep), &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext(&pdf).map(|t| flat(&t)) else { return };
    assert!(text.contains("#import \"x\" ] $x$ #{panic()} *_ <a> @ref **gras** {deadline}"), "{text}");
    assert!(text.contains("Atelier ] [ #lorem(3)") && text.contains("C-#set text(red)"), "{text}");
    let report = pdftotext(&report).map(|t| flat(&t)).unwrap();
    assert!(report.contains("Atelier ] [ #lorem(3)") && report.contains("C-#set text(red)"), "{report}");
}

/// `templates/samples/chatel-letter.json` and `revenue-report.json` are the data the renderer
/// passes for the example consumer's letter and a year of the two example contracts, so that
/// designers work on the real contract (`UPDATE_GOLDEN=1` rewrites them).
#[test]
fn template_samples_are_current() {
    let r = Renderer::new().unwrap();
    let o = RenderOptions::default();
    let letter = r.data(&letter(&consumer(), d(2026, 3, 2)), &o).unwrap();
    let report = r.data(&report(vec![maintenance(), consumer()], "2025-07", "2026-06"), &o).unwrap();
    for (name, actual) in [
        ("chatel-letter.json", serde_json::to_string_pretty(&letter).unwrap() + "\n"),
        ("revenue-report.json", serde_json::to_string_pretty(&report).unwrap() + "\n"),
    ] {
        let path = support::root().join("templates/samples").join(name);
        if support::update() || !path.exists() {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        assert_eq!(actual, std::fs::read_to_string(&path).unwrap(), "templates/samples/{name} is stale (UPDATE_GOLDEN=1)");
    }
}
