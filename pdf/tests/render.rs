//! Rendering tests: text extraction goldens, byte goldens, injection, long words, 500 lines,
//! custom templates, PDF/A, determinism, threads.
//!
//! Text extraction uses `pdftotext` (poppler-utils); tests needing it print a clear message
//! and pass without checking when it is missing. `UPDATE_GOLDEN=1` rewrites the goldens under
//! `tests/golden/pdf/`; `UPDATE_SNAPSHOTS=1` also rewrites the PNG snapshots of page 1 (needs
//! `pdftoppm`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::path::{Path, PathBuf};

use facturier_core::documents::numbering::NumberingState;
use facturier_core::{InvoiceDraft, IssuedInvoice, NaiveDate, issue, json};
use facturier_pdf::{Branding, DocMeta, Logo, LogoFormat, PdfError, RenderOptions, Renderer, TemplateKind};
use support::{check_golden, invoice_doc, pages, pdftotext, plain, quote_doc, sha256, story, update, write_snapshots};

fn renderer() -> Renderer {
    Renderer::new().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn draft() -> InvoiceDraft {
    json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap()
}

fn issue_draft(d: InvoiceDraft) -> IssuedInvoice {
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
    issue(d, &state, date(2026, 11, 22)).unwrap().0
}

/// The demo story's documents: (file stem, PDF bytes).
fn story_pdfs(r: &Renderer, o: &RenderOptions) -> Vec<(&'static str, Vec<u8>)> {
    let s = story();
    vec![
        ("quote", r.render(&quote_doc(&s.quote), o).unwrap()),
        ("deposit", r.render(&invoice_doc(&s.deposit), o).unwrap()),
        ("final", r.render(&invoice_doc(&s.final_invoice), o).unwrap()),
        ("credit-note", r.render(&invoice_doc(&s.credit_note), o).unwrap()),
        ("invoice", r.render(&invoice_doc(&issue_draft(draft())), o).unwrap()),
    ]
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

#[test]
fn story_text_goldens() {
    let r = renderer();
    for (name, pdf) in story_pdfs(&r, &branded()) {
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        let Some(text) = pdftotext(&pdf) else { return };
        check_golden(&format!("{name}.txt"), &text);
        let p = plain(&text);
        assert!(p.contains("Page 1/1"), "{name}: {p}");
        assert!(p.contains("SAS au capital de 10 000,00 €"), "{name}");
    }
}

#[test]
fn story_contents() {
    let r = renderer();
    let s = story();
    let o = RenderOptions::default();
    let Some(quote) = pdftotext(&r.render(&quote_doc(&s.quote), &o).unwrap()).map(|t| plain(&t)) else { return };
    for want in ["Devis", "D-2026-0042", "Valable jusqu'au", "07/11/2026", "Bon pour accord", "5,5 %", "20 %", "3,5"] {
        assert!(quote.contains(want), "quote lacks {want:?}:\n{quote}");
    }
    let fin = plain(&pdftotext(&r.render(&invoice_doc(&s.final_invoice), &o).unwrap()).unwrap());
    for want in
        ["Facture de solde", "Acomptes déduits", s.deposit.number(), "Net à payer", "BC-2026-118", "FR76 3000 4000 0312 3456 7890 143"]
    {
        assert!(fin.contains(want), "final lacks {want:?}:\n{fin}");
    }
    let credit = plain(&pdftotext(&r.render(&invoice_doc(&s.credit_note), &o).unwrap()).unwrap());
    for want in ["Avoir", "Facture d'origine", s.final_invoice.number(), "Montant de l'avoir TTC"] {
        assert!(credit.contains(want), "credit note lacks {want:?}:\n{credit}");
    }
    let dep = plain(&pdftotext(&r.render(&invoice_doc(&s.deposit), &o).unwrap()).unwrap());
    assert!(dep.contains("Facture d'acompte") && dep.contains("Échéance"), "{dep}");
}

#[test]
fn story_sha256_goldens() {
    let r = renderer();
    let pdfs = story_pdfs(&r, &branded());
    let lines: String = pdfs.iter().map(|(name, pdf)| format!("{name} {}\n", sha256(pdf))).collect();
    check_golden("sha256.txt", &lines);
    write_snapshots(pdfs.iter().map(|(name, pdf)| (*name, pdf.as_slice())));
}

#[test]
fn deterministic_bytes() {
    let a = renderer();
    let b = renderer();
    let inv = issue_draft(draft());
    let o = branded();
    let first = a.render(&invoice_doc(&inv), &o).unwrap();
    let _other = a.render(&quote_doc(&story().quote), &o).unwrap();
    assert_eq!(sha256(&first), sha256(&a.render(&invoice_doc(&inv), &o).unwrap()), "same renderer");
    assert_eq!(sha256(&first), sha256(&b.render(&invoice_doc(&inv), &o).unwrap()), "two renderers");
    let text = String::from_utf8_lossy(&first);
    assert!(text.contains("facturier 0.1.0") || first.windows(9).any(|w| w == b"facturier"), "creator is written");
}

#[test]
fn threads_share_one_renderer() {
    let r = renderer();
    let inv = issue_draft(draft());
    let o = RenderOptions::default();
    let expected = sha256(&r.render(&invoice_doc(&inv), &o).unwrap());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    for _ in 0..4 {
                        assert_eq!(sha256(&r.render(&invoice_doc(&inv), &o).unwrap()), expected);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}

const NASTY: [&str; 8] = ["#import \"x\"", "]", "$x$", "<a>", "@ref", "*_", "#{panic()}", "\\u{41} // /* ` ="];

#[test]
fn user_text_is_data() {
    let r = renderer();
    let mut d = draft();
    d.buyer.name = NASTY.join(" ");
    d.seller.name = "Atelier #set text(red) ] [".into();
    d.notes = NASTY.iter().map(|s| (*s).to_owned()).collect();
    for (i, l) in d.lines.iter_mut().enumerate() {
        l.description = format!("{} ligne {i}", NASTY[i % NASTY.len()]);
    }
    d.buyer.address.city = "Lyon <b>#lorem(50)</b>".into();
    let inv = issue_draft(d);
    let pdf = r.render(&invoice_doc(&inv), &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = plain(&text);
    for s in NASTY {
        assert!(text.contains(s), "{s:?} not printed literally:\n{text}");
    }
    assert!(text.contains("Atelier #set text(red) ] [ ") || text.contains("Atelier #set text(red) ] ["), "{text}");
    assert!(text.contains("Lyon <b>#lorem(50)</b>"), "{text}");
    assert!(!text.contains("Lorem ipsum"), "markup in data was evaluated");
}

#[test]
fn long_words_wrap() {
    let r = renderer();
    let word: String = "Supercalifragilistic".repeat(15); // 300 characters
    let mut d = draft();
    d.buyer.name = word.clone();
    d.seller.name = format!("Atelier {word}");
    d.lines[0].description = format!("Conception {word} fin");
    d.notes = vec![word.clone()];
    let inv = issue_draft(d);
    let pdf = r.render(&invoice_doc(&inv), &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let joined: String = plain(&text).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(joined.contains(&word), "the long word is printed whole");
    // laid out, not cut: the totals and the mentions are still there
    let p = plain(&text);
    assert!(p.contains("Net à payer") && p.contains("Pas d'escompte"), "{p}");
    // every line of text fits the page width: pdftotext -layout would show overflow as very
    // long lines; here we check no extracted line is longer than the word itself
    assert!(!text.contains('\u{200b}'), "no invisible break characters in the text");
    for line in text.lines() {
        assert!(line.chars().count() < 200, "a line did not wrap: {line}");
    }
}

#[test]
fn five_hundred_lines() {
    let r = renderer();
    let mut d = draft();
    let model = d.lines[1].clone();
    d.lines = (1..=500)
        .map(|i| {
            let mut l = model.clone();
            l.id = i.to_string();
            l.description = format!("Prestation numéro {i} — accompagnement et suivi");
            l
        })
        .collect();
    let inv = issue_draft(d);
    let pdf = r.render(&invoice_doc(&inv), &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = plain(&text);
    let pages = pages(&text);
    let n = pages.len();
    assert!(n > 1, "500 lines fit one page?");
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("Désignation") && p.contains("PU HT"), "page {} lacks the table header", i + 1);
        assert!(p.contains(&format!("Page {}/{n}", i + 1)), "page {} lacks its number:\n{p}", i + 1);
    }
    assert!(text.contains("Prestation numéro 500 "), "last line printed");
    assert!(pages[n - 1].contains("Net à payer"));
}

fn meta() -> DocMeta {
    DocMeta { number: "X-1".into(), issue_date: date(2026, 11, 22) }
}

#[test]
fn custom_template() {
    let r = renderer();
    let inv = issue_draft(draft());
    let o = RenderOptions {
        custom_template: Some(
            "#import \"/lib.typ\": t\n#let d = json(\"/data.json\")\n#set text(font: \"Inter\")\n= Ma facture #t(d.number)\n#d.buyer.name — #d.totals.amount_due — #datetime.today().display(\"[day]/[month]/[year]\")\n"
                .into(),
        ),
        ..RenderOptions::default()
    };
    let pdf = r.render(&invoice_doc(&inv), &o).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = plain(&text);
    assert!(text.contains("Ma facture F-2026-00001"), "{text}");
    assert!(text.contains("Boulangerie Martin & Fils"), "{text}");
    assert!(text.contains("22/11/2026"), "today is the issue date: {text}");
}

#[test]
fn render_json_with_builtin_template() {
    let r = renderer();
    let inv = issue_draft(draft());
    let mut data = serde_json::to_value(r.data(&invoice_doc(&inv), &RenderOptions::default()).unwrap()).unwrap();
    data["title"] = "Facture pro forma".into();
    let pdf = r.render_json(TemplateKind::Invoice, &data, &meta(), &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    assert!(text.contains("Facture pro forma"));
    let err = r.render_json(TemplateKind::Invoice, &serde_json::json!([1]), &meta(), &RenderOptions::default()).unwrap_err();
    assert_eq!(err.code(), "pdf.data");
}

fn custom(src: &str) -> RenderOptions {
    RenderOptions { custom_template: Some(src.into()), ..RenderOptions::default() }
}

#[test]
fn template_errors_carry_file_and_line() {
    let r = renderer();
    let data = serde_json::json!({"title": "x"});
    let e = r.render_json(TemplateKind::Invoice, &data, &meta(), &custom("#set text(font: \"Inter\")\nok\n#let x = (1 +\n")).unwrap_err();
    assert_eq!(e.code(), "pdf.template");
    let d = &e.diagnostics()[0];
    assert_eq!(d.file, "/main.typ");
    assert_eq!(d.line, 3, "{e}");
    let e = r.render_json(TemplateKind::Invoice, &data, &meta(), &custom("#let d = json(\"/data.json\")\n\n#d.nope\n")).unwrap_err();
    assert_eq!(e.code(), "pdf.template");
    assert_eq!((e.diagnostics()[0].file.as_str(), e.diagnostics()[0].line), ("/main.typ", 3), "{e}");
    // the built-in template on incomplete data fails cleanly, pointing into the template
    let e = r.render_json(TemplateKind::Invoice, &data, &meta(), &RenderOptions::default()).unwrap_err();
    assert_eq!(e.code(), "pdf.template");
    assert!(e.diagnostics()[0].file.ends_with(".typ") && e.diagnostics()[0].line > 0, "{e}");
}

#[test]
fn the_world_reads_nothing_else() {
    let r = renderer();
    let data = serde_json::json!({});
    for src in
        ["#import \"@preview/example:0.1.0\": *\n", "#read(\"/etc/passwd\")\n", "#read(\"../Cargo.toml\")\n", "#image(\"/logo.svg\")\n"]
    {
        let e = r.render_json(TemplateKind::Invoice, &data, &meta(), &custom(src)).unwrap_err();
        assert_eq!(e.code(), "pdf.template", "{src}: {e}");
    }
    let e = r.render_json(TemplateKind::Invoice, &data, &meta(), &custom("#import \"@preview/example:0.1.0\": *\n")).unwrap_err();
    assert!(e.to_string().contains("packages are not available"), "{e}");
}

#[test]
fn unknown_fonts_are_errors_in_strict_mode() {
    let r = renderer();
    let data = serde_json::json!({});
    let src = "#set text(font: \"Comic Sans MS\")\nBonjour\n";
    let e = r.render_json(TemplateKind::Invoice, &data, &meta(), &custom(src)).unwrap_err();
    assert_eq!(e.code(), "pdf.font", "{e}");
    assert!(r.lenient_fonts().render_json(TemplateKind::Invoice, &data, &meta(), &custom(src)).is_ok());
}

#[test]
fn branding_errors() {
    let r = renderer();
    let inv = issue_draft(draft());
    let mut o = RenderOptions::default();
    o.branding.primary_color = Some("red".into());
    assert_eq!(r.render(&invoice_doc(&inv), &o).unwrap_err().code(), "pdf.branding");
    let mut o = RenderOptions::default();
    o.branding.logo = Some(Logo { bytes: b"<svg".to_vec(), format: LogoFormat::Svg, alt: "x".into() });
    assert_eq!(r.render(&invoice_doc(&inv), &o).unwrap_err().code(), "pdf.branding");
    o.branding.logo = Some(Logo { bytes: b"not a png".to_vec(), format: LogoFormat::Png, alt: "x".into() });
    assert_eq!(r.render(&invoice_doc(&inv), &o).unwrap_err().code(), "pdf.branding");
    // the footer and the logo's text are text: no control (but the footer's line breaks), no bidi control
    for (footer, alt) in [("Merci\u{202E}FR76", "Logo"), ("Merci\u{0}", "Logo"), ("Merci", "Logo\nAtelier")] {
        let mut o = RenderOptions::default();
        o.branding.footer = Some(footer.into());
        o.branding.logo = Some(Logo { bytes: PNG.to_vec(), format: LogoFormat::Png, alt: alt.into() });
        let e = r.render(&invoice_doc(&inv), &o).unwrap_err();
        assert_eq!(e.code(), "pdf.branding", "{footer:?} {alt:?}: {e}");
    }
    let mut o = RenderOptions::default();
    o.branding.footer = Some("Merci\nÀ bientôt".into());
    assert!(r.render(&invoice_doc(&inv), &o).is_ok());
}

/// A 4×4 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00,
    0x00, 0x04, 0x08, 0x06, 0x00, 0x00, 0x00, 0xA9, 0xF1, 0x9E, 0x7E, 0x00, 0x00, 0x00, 0x12, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63,
    0x90, 0xB7, 0x8A, 0xFF, 0x8F, 0x8C, 0x19, 0x48, 0x17, 0x00, 0x00, 0x8F, 0x29, 0x1B, 0x71, 0x66, 0xDF, 0x99, 0xD4, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn png_logo_and_pdf_a() {
    let r = renderer();
    let inv = issue_draft(draft());
    let mut o = RenderOptions::default();
    o.branding.logo = Some(Logo { bytes: PNG.to_vec(), format: LogoFormat::Png, alt: "Logo".into() });
    o.pdf_a = true;
    let pdf = r.render(&invoice_doc(&inv), &o).unwrap();
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("pdfaid:part") && s.contains("3"), "PDF/A-3 identification in the XMP");
    assert!(s.contains("GTS_PDFA1"), "PDF/A output intent");
    let plain_pdf = r.render(&invoice_doc(&inv), &RenderOptions::default()).unwrap();
    assert!(!String::from_utf8_lossy(&plain_pdf).contains("pdfaid:part"));
}

#[test]
fn tagged_with_logo_alt() {
    let r = renderer();
    let pdf = r.render(&invoice_doc(&issue_draft(draft())), &branded()).unwrap();
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("/StructTreeRoot"), "tagged PDF");
    assert!(s.contains("/MarkInfo"), "tagged PDF");
}

#[test]
fn errors_are_values() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<PdfError>();
}

#[test]
#[ignore = "writes the story's PDFs to $PDF_OUT for a manual look"]
fn dump_story() {
    let out = PathBuf::from(std::env::var("PDF_OUT").unwrap_or_else(|_| "/tmp/pdfout".into()));
    std::fs::create_dir_all(&out).unwrap();
    for (name, pdf) in story_pdfs(&renderer(), &branded()) {
        std::fs::write(out.join(format!("{name}.pdf")), pdf).unwrap();
    }
}

#[test]
#[ignore = "writes a 500-line invoice to $PDF_OUT for a manual look"]
fn dump_long() {
    let out = PathBuf::from(std::env::var("PDF_OUT").unwrap_or_else(|_| "/tmp/pdfout".into()));
    let mut d = draft();
    let model = d.lines[0].clone();
    d.lines = (1..=500)
        .map(|i| {
            let mut l = model.clone();
            l.id = i.to_string();
            l
        })
        .collect();
    d.buyer.name = "Supercalifragilistic".repeat(15);
    let pdf = renderer().render(&invoice_doc(&issue_draft(d)), &branded()).unwrap();
    std::fs::write(out.join("long.pdf"), pdf).unwrap();
}

/// `templates/samples/invoice.json` is the data the renderer passes for the sample invoice
/// (`examples/invoice-draft.json`), so designers work on the real contract.
#[test]
fn template_sample_is_current() {
    let r = renderer();
    let data = r.data(&invoice_doc(&issue_draft(draft())), &RenderOptions::default()).unwrap();
    let actual = serde_json::to_string_pretty(&data).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/samples/invoice.json");
    if update() || !path.exists() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    assert_eq!(actual, std::fs::read_to_string(&path).unwrap(), "templates/samples/invoice.json is stale (UPDATE_GOLDEN=1)");
}

/// Issue 11: what a review of the printed invoice asked for, on real renders.
#[test]
fn legal_corrections_are_printed() {
    use facturier_core::money::{Currency, ExchangeRate};
    use facturier_core::party::{Address, Liquidation, Management, Registration, VatRegime};
    use facturier_core::{Decimal, VatCategory};
    let r = renderer();
    let text_of = |d: InvoiceDraft| {
        let inv = issue_draft(d);
        let pdf = r.render(&invoice_doc(&inv), &RenderOptions::default()).unwrap();
        pdftotext(&pdf).map(|t| support::flat(&t))
    };

    // franchise en base: no VAT anywhere, the 293 B mention kept (CGI 293 B, 293 E)
    let mut franchise = draft();
    franchise.seller.vat_regime = VatRegime::Franchise;
    franchise.charges.clear();
    for l in &mut franchise.lines {
        l.vat_category = VatCategory::E;
        l.vat_rate = Decimal::ZERO;
    }
    let Some(text) = text_of(franchise) else { return };
    assert!(text.contains("TVA non applicable, art. 293 B du CGI"), "{text}");
    for unwanted in ["Total TVA", "Détail de la TVA", "DÉTAIL DE LA TVA", "Montant TVA", "TTC"] {
        assert!(!text.contains(unwanted), "a franchise invoice shows {unwanted:?}:\n{text}");
    }

    // an invoice in dollars states its VAT in euros and the rate (CGI 289; BR-FR-CO-12)
    let mut usd = draft();
    usd.currency = Currency("USD".into());
    usd.exchange_rate = Some(ExchangeRate { units_per_euro: Decimal::new(10823, 4), date: date(2026, 11, 20), source: Some("BCE".into()) });
    let Some(text) = text_of(usd) else { return };
    assert!(text.contains("Total TVA en euros"), "{text}");
    assert!(text.contains("Taux de change") && text.contains("1 € = 1,0823 USD (BCE, 20/11/2026)"), "{text}");

    // the seller's identity (R123-237/238, L237-2) and billing addresses (L441-9)
    let mut identity = draft();
    identity.seller.legal_form = Some("SCOP SA".into());
    identity.seller.share_capital = None;
    identity.seller.variable_capital = true;
    identity.seller.management = Some(Management::LocataireGerant);
    identity.seller.liquidation = Some(Liquidation { liquidator: "Maître Durand".into() });
    identity.seller.registration = Some(Registration::Rcs { city: "Lyon".into() });
    identity.buyer.billing_address =
        Some(Address { line1: "Service comptable, BP 12".into(), postal_code: "69001".into(), city: "Lyon".into(), ..Address::default() });
    let Some(text) = text_of(identity) else { return };
    for want in [
        "SCOP SA à capital variable",
        "RCS Lyon 813 883 964",
        "Locataire-gérant",
        "Société en liquidation, liquidateur : Maître Durand",
        "Adresse de facturation : Service comptable, BP 12, 69001 Lyon",
    ] {
        assert!(text.contains(want), "identity lacks {want:?}:\n{text}");
    }

    // the date of the operation by what is supplied, always to a professional (242 nonies A I-10°; L441-9)
    let mut services = draft();
    services.lines.retain(|l| l.supply == facturier_core::line::SupplyKind::Services);
    services.delivery_date = None;
    let Some(text) = text_of(services) else { return };
    assert!(text.contains("Date de la prestation"), "{text}");
    assert!(!text.contains("Date de livraison"), "{text}");
}

/// Issue 15: what EN 16931 lines carry besides quantity × price is printed, and the page adds
/// up: price per base quantity (BT-149), gross price and price discount (BT-148/147), further
/// line allowances (BG-27) and line charges (BG-28), and the rounding amount (BT-114).
#[test]
fn line_charges_base_quantity_gross_price_and_rounding_are_printed() {
    use facturier_core::Decimal;
    use facturier_core::line::LineAllowanceCharge;
    let dec = |s: &str| s.parse::<Decimal>().unwrap();
    let mut d = draft();
    d.allowances.clear();
    d.charges.clear();
    d.lines.truncate(1);
    let l = &mut d.lines[0];
    l.discount = None;
    l.quantity = dec("24");
    l.unit_price = dec("14.4");
    l.price_base_quantity = Some(dec("12"));
    l.gross_price = Some(dec("16"));
    l.allowances = vec![LineAllowanceCharge {
        amount: None,
        percent: Some(dec("5")),
        reason: Some("Fidélité".into()),
        reason_code: Some("95".into()),
    }];
    l.charges =
        vec![LineAllowanceCharge { amount: Some(dec("8")), percent: None, reason: Some("Frais palette".into()), reason_code: None }];
    d.rounding_amount = dec("0.01");
    let inv = issue_draft(d);
    // 24 × 14,40 / 12 = 28,80; − 5 % = 1,44; + 8,00 → 35,36 HT; TVA 7,07 (20 %); 42,43 + 0,01
    assert_eq!(inv.totals().lines[0].net, dec("35.36"));
    let doc = invoice_doc(&inv);
    let facturier_pdf::model::Model::Document(data) = renderer().data(&doc, &RenderOptions::default()).unwrap() else {
        panic!("not a document")
    };
    let (lines, totals) = (&data.lines, &data.totals.rows);
    assert_eq!(lines[0].price_base_quantity, "12");
    assert_eq!(lines[0].unit_price, "14,40\u{a0}€\u{a0}/\u{a0}12");
    assert_eq!(
        lines[0].details,
        [
            "Prix brut 16,00\u{a0}€\u{a0}/\u{a0}12, remise sur prix 1,60\u{a0}€\u{a0}/\u{a0}12",
            "Remise : Fidélité (-5\u{a0}%) -1,44\u{a0}€",
            "Frais : Frais palette +8,00\u{a0}€"
        ]
        .map(String::from)
    );
    assert!(totals.iter().any(|r| r.label == "Arrondi" && r.value == "0,01\u{a0}€"), "{totals:?}");

    let pdf = renderer().render(&doc, &RenderOptions::default()).unwrap();
    let Some(text) = pdftotext(&pdf).map(|t| support::flat(&t)) else { return };
    for want in [
        "14,40 € / 12",
        "Prix brut 16,00 € / 12",
        "Remise : Fidélité (-5 %) -1,44 €",
        "Frais : Frais palette",
        "+8,00 €",
        "Arrondi",
        "0,01 €",
    ] {
        assert!(text.contains(want), "the PDF lacks {want:?}:\n{text}");
    }
}

/// A footer taller than the bottom margin (a long seller name, a branding footer of several
/// lines) makes the margin grow: every word of it is on the page, none laid out past its
/// bottom edge (issue 12, open finding 3 of fuzz/regressions/open/README.md).
#[test]
fn a_tall_footer_is_printed_whole() {
    let mut d = draft();
    d.seller.name = format!("Atelier Numérique {} fin-du-nom", "coopérative des artisans du numérique lyonnais".repeat(6));
    let inv = issue_draft(d);
    let footer = "Ligne une du pied de page\nLigne deux\nLigne trois\nLigne quatre\nLigne cinq\nDERNIÈRE-LIGNE-DU-PIED";
    let options = RenderOptions { branding: Branding { footer: Some(footer.into()), ..Branding::default() }, ..RenderOptions::default() };
    let r = renderer();
    for doc in [invoice_doc(&inv)] {
        let pdf = r.render(&doc, &options).unwrap();
        let Some(text) = support::pdftotext_raw(&pdf) else { return };
        for want in ["DERNIÈRE-LIGNE-DU-PIED", "fin-du-nom", "Page 1/1"] {
            assert!(text.contains(want), "the footer lost {want:?}:\n{text}");
        }
    }
}

/// Text the embedded fonts cannot draw (CJK, Hebrew, emoji) is refused with `pdf.font` at its
/// place, not printed as empty boxes; what they draw (Latin, Greek, Cyrillic, the typography of
/// French) prints (issue 12, class 3).
#[test]
fn characters_the_fonts_lack_are_refused_not_printed_as_boxes() {
    let r = renderer();
    for name in ["Boulangerie 漢字", "Café 😀", "שלום Martin"] {
        let mut d = draft();
        d.buyer.name = name.to_owned();
        let e = r.render(&invoice_doc(&issue_draft(d)), &RenderOptions::default()).unwrap_err();
        assert_eq!(e.code(), "pdf.font", "{name}: {e}");
        assert!(e.to_string().contains(name), "{e}");
        let PdfError::Font { diagnostics } = &e else { panic!("{e:?}") };
        assert_eq!(diagnostics[0].file, "/data.json");
        // a host that accepts boxes says so
        assert!(
            r.lenient_fonts()
                .render(
                    &invoice_doc(&issue_draft({
                        let mut d = draft();
                        d.buyer.name = name.to_owned();
                        d
                    })),
                    &RenderOptions::default()
                )
                .is_ok()
        );
    }
    let mut d = draft();
    d.buyer.name = "Œuvre « Ŝtraße » Ελλάδα Москва — l’été… ½ №".to_owned();
    let text = r.render(&invoice_doc(&issue_draft(d)), &RenderOptions::default());
    assert!(text.is_ok(), "{:?}", text.err());
}
