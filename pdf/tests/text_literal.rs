//! User text through the templates, as a property: arbitrary Unicode (Typst markup, backslashes,
//! control and invisible characters, combining marks, characters the fonts lack) as party names,
//! line descriptions, notes and the branding footer either renders — and then, when `pdftotext`
//! is installed, the names, descriptions, notes and footer appear literally in the PDF's text — or gives a
//! typed error: the core's when it
//! refuses the draft, a `PdfError` other than `pdf.internal` when the renderer does (`pdf.font`
//! for a character the embedded fonts lack; the lenient renderer then prints it as a box, and
//! the rest is compared). Never a panic.
//!
//! The cheap stand-in CI runs for the `render` fuzz target (`fuzz/README.md`), which links Typst
//! instrumented. The comparison ignores whitespace (text wraps), control and format characters
//! (not drawn) and characters the embedded Inter fonts lack; it is made after NFC, as the
//! renderer prints.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::sync::OnceLock;

use facturier_core::documents::numbering::NumberingState;
use facturier_core::{InvoiceDraft, NaiveDate, issue, json};
use facturier_pdf::{Branding, RenderOptions, Renderer};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn renderer() -> &'static Renderer {
    static R: OnceLock<Renderer> = OnceLock::new();
    R.get_or_init(|| Renderer::new().unwrap())
}

/// True for a character the comparison keeps: drawn by the embedded fonts, not a space.
/// A hyphen is not compared: `pdftotext` drops one that ends a line, as if it cut a word (`"#-"`).
fn kept(c: char) -> bool {
    c != '-'
        && !c.is_whitespace()
        && !c.is_control()
        && c != '\u{ad}'
        && matches!(c, '\u{21}'..='\u{7e}' | '\u{a1}'..='\u{17f}' | '€' | '’' | '‘' | '“' | '”' | '–' | '—' | '…')
}

/// True for a text the comparison can judge: after NFC, only characters the fonts draw, spaces
/// and line breaks, and the invisible format characters Typst drops (zero-width, joiners, BOM,
/// soft hyphen). The others are rendered but not compared, for `pdftotext` does not give them
/// back in order: a right-to-left letter or a bidi control reorders the text around it (an
/// override prints a party name reversed), a control character or a character the fonts lack
/// moves what follows it after the next line. Refusing controls and bidi controls at the edge
/// is class 3 of issue 12 (see `fuzz/regressions/open/README.md`). The text is extracted in
/// drawing order (`pdftotext -raw`): in reading order, a word broken across the lines of its
/// cell (`"\n0ça00àaAA0A0çç0#{panic()}#"`) or a line next to a longer one (`"0AA\nAaààç€…"`)
/// came back in pieces swapped by poppler's layout heuristics.
fn comparable(s: &str) -> bool {
    s.nfc().all(|c| {
        kept(c) || matches!(c, ' ' | '\n' | '\t' | '\u{a0}' | '\u{202f}' | '\u{200b}' | '\u{200d}' | '\u{feff}' | '\u{2060}' | '\u{ad}')
    })
}

/// What of `s` must appear, in order, in the PDF's text.
fn visible(s: &str) -> String {
    support::plain(s).nfc().filter(|c| kept(*c)).collect()
}

/// Pieces of hostile text: markup of Typst (and of JSON, HTML, shells), controls, invisibles,
/// letters the fonts have and characters they lack.
const PIECES: &[&str] = &[
    "#",
    "]",
    "[",
    "$",
    "<",
    ">",
    "\\",
    "*",
    "_",
    "@",
    "=",
    "/",
    "//",
    "/*",
    "`",
    "~",
    "\"",
    "'",
    "{",
    "}",
    "#import \"x\"",
    "#{panic()}",
    "#lorem(50)",
    "#set text(red)",
    "$x^2$",
    "<a>",
    "@ref",
    "\\u{41}",
    "#[",
    "]]",
    "#let x = 1",
    "#(",
    ");",
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\t",
    "\n",
    "\r",
    "\u{b}",
    "\u{c}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}",
    "\u{200b}",
    "\u{200d}",
    "\u{202e}",
    "\u{200f}",
    "\u{feff}",
    "\u{2060}",
    "\u{a0}",
    "\u{202f}",
    "\u{ad}",
    "é",
    "e\u{301}",
    "ç",
    "Œ",
    "ß",
    "«",
    "»",
    "€",
    "’",
    "—",
    "…",
    "漢",
    "😀",
    "\u{5d0}",
    "\u{1d400}",
    "\u{fffd}",
];

/// A text of up to 12 pieces and words.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_owned),
        2 => "[A-Za-z0-9éèàç ]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn draft() -> InvoiceDraft {
    json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn user_text_prints_literally_or_is_refused(seller in text(), buyer in text(), description in text(), note in text(), footer in text()) {
        let mut d = draft();
        d.seller.name = seller.clone();
        d.buyer.name = buyer.clone();
        d.lines[0].description = description.clone();
        d.notes = vec![note.clone()];
        let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
        let invoice = match issue(d, &state, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()) {
            Ok((invoice, _)) => invoice,
            // the core refuses the text (a typed error, with its code): nothing to render
            Err(e) => {
                prop_assert!(!e.code().is_empty() && e.code() != "internal", "{e}");
                return Ok(());
            }
        };
        let options = RenderOptions { branding: Branding { footer: Some(footer.clone()), ..Branding::default() }, ..RenderOptions::default() };
        let doc = support::invoice_doc(&invoice);
        let rendered = match renderer().render(&doc, &options) {
            // a character the embedded fonts lack is refused where it is; the lenient renderer,
            // which prints it as an empty box, keeps the rest of the text under test
            Err(e) if e.code() == "pdf.font" => {
                prop_assert!(e.to_string().contains("have no glyph for U+"), "{}", e);
                renderer().lenient_fonts().render(&doc, &options)
            }
            other => other,
        };
        match rendered {
            Ok(pdf) => {
                prop_assert!(pdf.starts_with(b"%PDF-"));
                let Some(extracted) = support::pdftotext_raw(&pdf) else { return Ok(()) };
                let all = visible(&extracted);
                // the footer too: the bottom margin grows to hold it (templates/lib.typ `footer-room`)
                for t in [&seller, &buyer, &description, &note, &footer].into_iter().filter(|t| comparable(t)) {
                    prop_assert!(all.contains(&visible(t)), "{:?} is not printed literally (looked for {:?}) in:\n{}", t, visible(t), extracted);
                }
            }
            Err(e) => prop_assert_ne!(e.code(), "pdf.internal", "{}", e),
        }
    }
}

/// The two texts poppler's reading order gave back in pieces, compared in drawing order.
#[test]
fn texts_that_wrap_in_their_cell_print_literally() {
    for text in
        ["\n0ça00àaAA0A0çç0#{panic()}#", "0AA\nAaààç€açç0aAaàAA\u{a0}!", "Établissement-secondaire-de-la-Boulangerie-Martin-et-Fils"]
    {
        let mut d = draft();
        d.seller.name = text.to_owned();
        d.lines[0].description = text.to_owned();
        let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
        let (invoice, _) = issue(d, &state, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
        let pdf = renderer().render(&support::invoice_doc(&invoice), &RenderOptions::default()).unwrap();
        let Some(extracted) = support::pdftotext_raw(&pdf) else { return };
        assert!(visible(&extracted).contains(&visible(text)), "{text:?} is not printed literally in:\n{extracted}");
    }
}
