//! facturier-pdf: PDF rendering of facturier documents through Typst embedded as a library.
//!
//! One entry: [`Renderer::render`] turns a core [`Document`] — a quote, an issued invoice, a
//! reminder letter or an account statement, each already validated by the core — into PDF
//! bytes. The renderer decides no business fact: totals, legal mentions, VAT exemptions, the
//! formal notice's deadline, the overdue invoices of a statement all come from the core, and
//! every number, date and label is worded by [`facturier_core::presentation`]. Here they are
//! only laid out.
//!
//! ```no_run
//! # fn demo(invoice: facturier_core::IssuedInvoice) -> Result<(), facturier_pdf::PdfError> {
//! use facturier_core::Document;
//! use facturier_pdf::{RenderOptions, Renderer};
//! let renderer = Renderer::new()?;
//! let pdf: Vec<u8> = renderer.render(&Document::Invoice(invoice), &RenderOptions::default())?;
//! # Ok(()) }
//! ```
//!
//! What is good and stays so:
//!
//! - **An in-memory Typst world.** A [`Renderer`] is built once (fonts parsed, templates
//!   embedded, Typst library built) and shared across threads. Each render turns the document
//!   into its render model ([`model`]) — every value already formatted in French — and compiles a
//!   Typst template that reads it from the stable virtual path `/data.json`. The world reads
//!   nothing else: no file system, no network, no packages. User text is data, never Typst
//!   source: a customer called `#import "x"` prints literally.
//! - **Reproducible PDFs.** Output is byte-reproducible: the PDF timestamp and Typst's `today`
//!   are the document's date, the PDF identifier derives from the document number, and the
//!   creator is `facturier <version>`. Typst's memoisation caches are evicted after every
//!   document, on the error path too, so memory stays flat.
//!
//! Reminder letters (relance courtoise, relance ferme, mise en demeure, worded from the dated
//! texts of [`letters`]) and account statements (relevé de compte) come from the receivables
//! report ([`facturier_core::receivables::receivables`]) through the core's checked
//! constructors [`facturier_core::ReminderLetter::new`] and [`facturier_core::Statement::new`].
//! The consumer's information letter before tacit renewal (C. conso L215-1) comes from
//! [`facturier_core::chatel_letter`], worded by the core's dated texts; the recurring-revenue
//! report from [`facturier_core::RevenueReport::new`], its charts drawn with Typst's shapes.

mod chatel;
mod doc;
mod error;
pub mod facturx;
pub mod letters;
mod reminder;
mod revenue;
mod statement;
mod world;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use facturier_core::{Document, InvoiceKind, IssuedInvoice, NaiveDate};
pub use facturier_einvoice::Profile;
use typst::WorldExt as _;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::Source;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use error::{CODES, Diagnostic, PdfError};

use error::{data, internal};
use model::{BrandingData, DEFAULT_COLOR, LogoData, Model};
use world::{Budget, DocWorld, Shared, Stop};

/// The render model: what a template receives as `/data.json`, every value a ready-to-print
/// string. The contract is documented field by field in `templates/README.md`.
pub mod model {
    pub use crate::chatel::{ChatelDoc, ChatelLabels, DeadlineBox};
    pub use crate::doc::{
        Adjustment, BrandingData, DEFAULT_COLOR, DepositRow, FacturxAttachment, Field, Labels, LogoData, Meta, Party, Payment, QuoteBlock,
        RenderDoc, RenderLine, RenderTotals, SCHEMA_VERSION, TotalRow, VatRow,
    };
    pub use crate::letters::{Paragraph, Run};
    pub use crate::reminder::{Claim, InterestRow, InterestTable, LetterLabels, LetterPayment, ReminderDoc, ReminderFacts, Signature};
    pub use crate::revenue::{
        Bar, BarChart, CHART_MONTHS, Kpi, LegendItem, LineChart, MonthRow, ReasonRow, RenewRow, RevenueDoc, RevenueLabels, Segment, Tick,
    };
    pub use crate::statement::{OverdueRow, StatementDoc, StatementEntry, StatementLabels, StatementTotals};

    /// The render model of one document, serialised as its inner value.
    #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
    #[serde(untagged)]
    #[non_exhaustive]
    pub enum Model {
        /// A quote or an invoice.
        Document(Box<RenderDoc>),
        /// A reminder letter.
        Reminder(Box<ReminderDoc>),
        /// An account statement.
        Statement(Box<StatementDoc>),
        /// A consumer's information letter before tacit renewal.
        ChatelLetter(Box<ChatelDoc>),
        /// A recurring-revenue report.
        RevenueReport(Box<RevenueDoc>),
    }
}

/// The creator written in every PDF: `facturier <version>`.
pub fn creator() -> String {
    format!("facturier {}", facturier_core::VERSION)
}

/// The built-in templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TemplateKind {
    /// A quote (devis) with validity and a "Bon pour accord" signature zone.
    Quote,
    /// A standard invoice.
    Invoice,
    /// A deposit invoice (facture d'acompte).
    Deposit,
    /// A final invoice listing the deducted deposits (facture de solde).
    Final,
    /// A credit note referencing the original invoice (avoir).
    CreditNote,
    /// A reminder letter: relance courtoise, relance ferme or mise en demeure ([`model::ReminderDoc`]).
    Reminder,
    /// A customer's account statement, relevé de compte ([`model::StatementDoc`]).
    Statement,
    /// A consumer's information letter before tacit renewal, C. conso L215-1 ([`model::ChatelDoc`]).
    ChatelLetter,
    /// A recurring-revenue report: MRR, ARR, movements, rates, charts ([`model::RevenueDoc`]).
    RevenueReport,
}

impl TemplateKind {
    /// The template for an invoice kind.
    pub fn for_invoice(kind: InvoiceKind) -> TemplateKind {
        match kind {
            InvoiceKind::Standard => TemplateKind::Invoice,
            InvoiceKind::Deposit => TemplateKind::Deposit,
            InvoiceKind::Final => TemplateKind::Final,
            InvoiceKind::CreditNote => TemplateKind::CreditNote,
        }
    }

    /// The virtual path of the entry file, e.g. `/invoice.typ`.
    pub fn path(self) -> &'static str {
        match self {
            TemplateKind::Quote => "/quote.typ",
            TemplateKind::Invoice => "/invoice.typ",
            TemplateKind::Deposit => "/deposit.typ",
            TemplateKind::Final => "/final.typ",
            TemplateKind::CreditNote => "/credit-note.typ",
            TemplateKind::Reminder => "/reminder.typ",
            TemplateKind::Statement => "/statement.typ",
            TemplateKind::ChatelLetter => "/chatel-letter.typ",
            TemplateKind::RevenueReport => "/revenue-report.typ",
        }
    }

    /// Every built-in template.
    pub const ALL: [TemplateKind; 9] = [
        TemplateKind::Quote,
        TemplateKind::Invoice,
        TemplateKind::Deposit,
        TemplateKind::Final,
        TemplateKind::CreditNote,
        TemplateKind::Reminder,
        TemplateKind::Statement,
        TemplateKind::ChatelLetter,
        TemplateKind::RevenueReport,
    ];
}

/// The source of an embedded template file (`/lib.typ`, `/invoice.typ`…), e.g. to start a
/// custom template from it.
pub fn template_source(path: &str) -> Option<&'static str> {
    world::TEMPLATES.iter().find(|(p, _)| *p == path).map(|(_, s)| *s)
}

/// Image format of a logo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    /// SVG (vector, preferred).
    Svg,
    /// PNG.
    Png,
}

/// A logo: its bytes, format and alternative text (written to the tagged PDF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// The image file's bytes.
    pub bytes: Vec<u8>,
    /// SVG or PNG.
    pub format: LogoFormat,
    /// Alternative text; "Logo `<seller>`" when empty.
    pub alt: String,
}

impl Logo {
    /// The logo of a binding's options, checked: `format` (`"svg"` or `"png"`) and a non-blank
    /// `alt` ([`facturier_core::text::is_blank`]) are required with `bytes` and refused without
    /// them; a [`PdfError::Branding`] otherwise.
    pub fn from_parts(bytes: Option<Vec<u8>>, format: Option<&str>, alt: Option<String>) -> Result<Option<Logo>, PdfError> {
        let branding = |message: &str| PdfError::Branding { message: message.to_owned() };
        let Some(bytes) = bytes else {
            return match (format, alt) {
                (None, None) => Ok(None),
                _ => Err(branding("logo_format and logo_alt are only allowed with a logo")),
            };
        };
        let format = match format {
            Some("svg") => LogoFormat::Svg,
            Some("png") => LogoFormat::Png,
            Some(other) => return Err(PdfError::Branding { message: format!("logo_format {other:?} is neither \"svg\" nor \"png\"") }),
            None => return Err(branding("a logo needs logo_format (\"svg\" or \"png\")")),
        };
        match alt {
            // blank as every required text of the core is: whitespace and invisible characters
            // (a zero-width space) are no alternative text (PDF/UA-1 7.3, WCAG 1.1.1)
            Some(alt) if !facturier_core::text::is_blank(&alt) => Ok(Some(Logo { bytes, format, alt })),
            _ => Err(branding("a logo needs logo_alt, its alternative text")),
        }
    }
}

/// Branding as data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branding {
    /// The logo.
    pub logo: Option<Logo>,
    /// Primary colour `#RRGGBB`.
    pub primary_color: Option<String>,
    /// Footer text printed on every page.
    pub footer: Option<String>,
}

/// Bounds on the work of one render, so that a hostile custom template or an outsized document
/// ends in a [`PdfError::Limit`] (`pdf.limit`) instead of hanging or exhausting the memory of
/// the process that renders. The defaults are set from measurements of the built-in templates
/// (`templates/README.md`, "Limits"); a host sets its own through [`RenderOptions::limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RenderLimits {
    /// How long the Typst compilation (evaluation and layout) of a custom template may run: 2 s
    /// by default.
    pub template_time: std::time::Duration,
    /// How long the Typst compilation of a built-in template may run: 60 s by default. The
    /// page limit alone would let the largest invoice the JSON edge accepts (100 000 lines) run
    /// minutes and take gigabytes before its table reaches the 1 001st page (measured in
    /// `templates/README.md`, "Limits").
    pub render_time: std::time::Duration,
    /// The most pages a document may have, with any template: 1 000 by default. Layout stops as
    /// soon as it shows that the document would have more.
    pub max_pages: usize,
    /// The most bytes the PDF may have: 50 000 000 by default.
    pub max_output_bytes: usize,
    /// The most bytes the source of a custom template may have: 1 MiB (1 048 576) by default.
    pub max_template_bytes: usize,
}

impl RenderLimits {
    /// The default limits: 2 s of template time, 60 s of render time, 1 000 pages, 50 MB of PDF, 1 MiB of template.
    pub const DEFAULT: RenderLimits = RenderLimits {
        template_time: std::time::Duration::from_secs(2),
        render_time: std::time::Duration::from_secs(60),
        max_pages: 1_000,
        max_output_bytes: 50_000_000,
        max_template_bytes: 1 << 20,
    };

    /// No limit at all (for trusted input only): every bound at its maximum.
    pub const UNLIMITED: RenderLimits = RenderLimits {
        template_time: std::time::Duration::MAX,
        render_time: std::time::Duration::MAX,
        max_pages: usize::MAX,
        max_output_bytes: usize::MAX,
        max_template_bytes: usize::MAX,
    };

    /// The defaults but for the values a host gives (times in milliseconds), as the CLI's flags
    /// and the bindings' render options read them.
    pub fn with_overrides(
        template_time_ms: Option<u64>,
        render_time_ms: Option<u64>,
        max_pages: Option<usize>,
        max_output_bytes: Option<usize>,
    ) -> RenderLimits {
        let d = RenderLimits::DEFAULT;
        RenderLimits {
            template_time: template_time_ms.map_or(d.template_time, std::time::Duration::from_millis),
            render_time: render_time_ms.map_or(d.render_time, std::time::Duration::from_millis),
            max_pages: max_pages.unwrap_or(d.max_pages),
            max_output_bytes: max_output_bytes.unwrap_or(d.max_output_bytes),
            ..d
        }
    }
}

impl Default for RenderLimits {
    fn default() -> Self {
        RenderLimits::DEFAULT
    }
}

/// How to render one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Logo, colour, footer.
    pub branding: Branding,
    /// Produce PDF/A-3b.
    pub pdf_a: bool,
    /// A user template (Typst source) used instead of the built-in one. It receives the same
    /// data at `/data.json`, may `#import "/lib.typ": *` to reuse the shared parts, and can
    /// read nothing else (no files, no packages).
    pub custom_template: Option<String>,
    /// Bounds on the work of the render ([`RenderLimits::DEFAULT`] by default).
    pub limits: RenderLimits,
}

/// What identifies a rendered document in the PDF metadata ([`Renderer::render_json`]).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeta {
    /// The document number: the PDF identifier is derived from it.
    pub number: String,
    /// The issue date: the PDF timestamp and Typst's `today`.
    pub issue_date: NaiveDate,
}

/// Renders facturier documents to PDF. Cheap to clone and share: `Send + Sync`.
#[derive(Clone)]
pub struct Renderer {
    shared: Arc<Shared>,
    strict_fonts: bool,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").field("strict_fonts", &self.strict_fonts).finish_non_exhaustive()
    }
}

/// The document's JSON in Unicode normalisation form C: a letter and its combining accent
/// become the precomposed letter, which the embedded fonts draw without mark-positioning
/// tables (kept out of the fonts for speed). Canonically equivalent, so the text is unchanged;
/// JSON's structural characters are ASCII and never compose.
fn nfc(json: String) -> Bytes {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    // ASCII is NFC whatever surrounds it: checking only the other characters is enough to
    // rule normalisation out (a false "maybe" only costs the full pass).
    match is_nfc_quick(json.chars().filter(|c| !c.is_ascii())) {
        IsNormalized::Yes => Bytes::from_string(json),
        _ => Bytes::from_string(json.nfc().collect::<String>()),
    }
}

/// Renders in flight in this process, and renders finished since the last eviction.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static SINCE_EVICTION: AtomicUsize = AtomicUsize::new(0);

/// At most this many documents between two evictions while renders overlap.
const EVICT_EVERY: usize = 8;

/// Keeps Typst's memoisation caches (process-global) bounded: when dropped, after every
/// document and on the error path too, it evicts what the last document did not use
/// (`evict(1)`), so the template and fonts stay warm for the next one. Eviction invalidates
/// the caches of renders still running on other threads, so while renders overlap it waits
/// until none is running or `EVICT_EVERY` documents have finished. Memory stays bounded by a
/// few documents' caches either way.
struct EvictGuard;

impl EvictGuard {
    fn enter() -> Self {
        IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
        EvictGuard
    }
}

impl Drop for EvictGuard {
    fn drop(&mut self) {
        let others = IN_FLIGHT.fetch_sub(1, Ordering::AcqRel).saturating_sub(1);
        let finished = SINCE_EVICTION.fetch_add(1, Ordering::AcqRel) + 1;
        if others == 0 || finished >= EVICT_EVERY {
            SINCE_EVICTION.store(0, Ordering::Release);
            typst::comemo::evict(1);
        }
    }
}

fn validate_color(c: &str) -> Result<(), PdfError> {
    let ok = c.len() == 7 && c.starts_with('#') && c.chars().skip(1).all(|ch| ch.is_ascii_hexdigit());
    if ok { Ok(()) } else { Err(PdfError::Branding { message: format!("primary colour {c:?} is not of the form #RRGGBB") }) }
}

fn validate_logo(logo: &Logo) -> Result<Bytes, PdfError> {
    let bytes = Bytes::new(logo.bytes.clone());
    let check = match logo.format {
        LogoFormat::Svg => typst::visualize::SvgImage::new(bytes.clone()).map(|_| ()).map_err(|_| "not a valid SVG document".to_owned()),
        LogoFormat::Png => typst::visualize::RasterImage::plain(bytes.clone(), typst::visualize::ExchangeFormat::Png)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    };
    check.map(|()| bytes).map_err(|e| PdfError::Branding { message: format!("unreadable {:?} logo: {e}", logo.format) })
}

impl Renderer {
    /// Parses the embedded fonts, the templates and builds the Typst library (a few ms).
    /// Fonts are strict: a template asking for a font that is not embedded, or data holding a
    /// character the embedded fonts cannot draw, fails with [`PdfError::Font`] instead of
    /// silently falling back or printing an empty box.
    pub fn new() -> Result<Renderer, PdfError> {
        Ok(Renderer { shared: Arc::new(Shared::new()?), strict_fonts: true })
    }

    /// The same renderer, tolerating unknown font families in user templates (Typst then
    /// falls back to the embedded Inter) and characters the fonts lack (printed as empty boxes).
    pub fn lenient_fonts(&self) -> Renderer {
        Renderer { shared: Arc::clone(&self.shared), strict_fonts: false }
    }

    /// Renders a document with its built-in template (or `options.custom_template`): the
    /// current version of a quote, an issued invoice (standard, deposit, final or credit note),
    /// a reminder letter or an account statement.
    ///
    /// Fails with `pdf.branding` for unusable branding, `pdf.template`, `pdf.font` or
    /// `pdf.export` with Typst's diagnostics, `pdf.data` for data Typst cannot take (a date out
    /// of its range, amounts past the range of exact decimals).
    pub fn render(&self, document: &Document, options: &RenderOptions) -> Result<Vec<u8>, PdfError> {
        let (template, model) = self.model_of(document, options)?;
        let meta = DocMeta { number: document.number(), issue_date: document.date() };
        let json = serde_json::to_string(&model).map_err(|e| internal(format!("the render data did not serialise: {e}")))?;
        self.compile(template, nfc(json), None, &meta, options)
    }

    /// The Factur-X PDF of an issued invoice (standard, deposit, final or credit note): its
    /// PDF/A-3b render (whatever `options.pdf_a` says) with the CII XML of
    /// [`facturier_einvoice::facturx_xml`] for `profile` attached as `factur-x.xml`
    /// (AFRelationship `data` for MINIMUM and BASIC WL, `alternative` otherwise; `text/xml`),
    /// and the XMP metadata carrying the Factur-X values (`fx:DocumentType` INVOICE,
    /// `fx:DocumentFileName`, `fx:Version` 1.0, `fx:ConformanceLevel`) with their PDF/A
    /// extension schema. Byte-reproducible.
    ///
    /// Fails as [`Renderer::render`] does, and with `pdf.einvoice` (the e-invoice crate's code
    /// and findings in the message) when the invoice would break EN 16931: no file then.
    pub fn render_facturx(&self, invoice: &IssuedInvoice, options: &RenderOptions, profile: Profile) -> Result<Vec<u8>, PdfError> {
        let xml = facturx::xml(invoice, profile)?;
        let branding = branding_data(&options.branding)?;
        let mut doc = doc::invoice_doc(invoice, branding)?;
        doc.facturx = Some(model::FacturxAttachment {
            relationship: facturx::relationship(profile).to_owned(),
            description: facturx::description(profile),
        });
        let json = serde_json::to_string(&Model::Document(Box::new(doc)))
            .map_err(|e| internal(format!("the render data did not serialise: {e}")))?;
        let meta = DocMeta { number: invoice.number().to_owned(), issue_date: invoice.issue_date() };
        let options = RenderOptions { pdf_a: true, ..options.clone() };
        let pdf = self.compile(TemplateKind::for_invoice(invoice.kind()), nfc(json), Some(Bytes::new(xml)), &meta, &options)?;
        let pdf = facturx::add_facturx_xmp(pdf, profile)?;
        if pdf.len() > options.limits.max_output_bytes {
            let message = format!("the PDF has {} bytes, more than {}", pdf.len(), options.limits.max_output_bytes);
            return Err(PdfError::Limit { limit: "max_output_bytes", message });
        }
        Ok(pdf)
    }

    /// The render model of a document, as its template receives it at `/data.json` (tests,
    /// `templates/samples/`).
    #[doc(hidden)]
    pub fn data(&self, document: &Document, options: &RenderOptions) -> Result<Model, PdfError> {
        self.model_of(document, options).map(|(_, model)| model)
    }

    fn model_of(&self, document: &Document, options: &RenderOptions) -> Result<(TemplateKind, Model), PdfError> {
        let branding = branding_data(&options.branding)?;
        Ok(match document {
            Document::Quote(q) => (TemplateKind::Quote, Model::Document(Box::new(doc::quote_doc(q, branding)?))),
            Document::Invoice(i) => (TemplateKind::for_invoice(i.kind()), Model::Document(Box::new(doc::invoice_doc(i, branding)?))),
            Document::Reminder(r) => (TemplateKind::Reminder, Model::Reminder(Box::new(reminder::reminder_doc(r, branding)?))),
            Document::Statement(s) => (TemplateKind::Statement, Model::Statement(Box::new(statement::statement_doc(s, branding)?))),
            Document::ChatelLetter(l) => (TemplateKind::ChatelLetter, Model::ChatelLetter(Box::new(chatel::chatel_doc(l, branding)?))),
            Document::RevenueReport(r) => (TemplateKind::RevenueReport, Model::RevenueReport(Box::new(revenue::revenue_doc(r, branding)?))),
            _ => return Err(data("this renderer does not print this kind of document")),
        })
    }

    /// Renders arbitrary data with a built-in template, or with `options.custom_template`
    /// when set. `data` must be a JSON object; its `branding` member is replaced by the
    /// branding of `options` (so the logo path is right). For tests and template work.
    #[doc(hidden)]
    pub fn render_json(
        &self,
        template: TemplateKind,
        data: &serde_json::Value,
        meta: &DocMeta,
        options: &RenderOptions,
    ) -> Result<Vec<u8>, PdfError> {
        let mut data = data.clone();
        let branding = serde_json::to_value(branding_data(&options.branding)?).map_err(|e| internal(e.to_string()))?;
        match data.as_object_mut() {
            Some(o) => o.insert("branding".to_owned(), branding),
            None => return Err(error::data("the render data must be a JSON object")),
        };
        let json = serde_json::to_string(&data).map_err(|e| internal(e.to_string()))?;
        self.compile(template, nfc(json), None, meta, options)
    }

    /// Runs the render on a worker of rayon's global pool, the pool Typst's layout already
    /// uses: from any other thread (a web server's, Python's, libuv's), each of Typst's
    /// parallel sections would otherwise hand work to the pool and sleep until it is done, which
    /// measured 5 to 17 % slower with two threads (`bench/pdf/README.md`). The caller blocks
    /// until the document is ready; a panic is carried back to it.
    fn compile(
        &self,
        template: TemplateKind,
        data: Bytes,
        facturx: Option<Bytes>,
        meta: &DocMeta,
        options: &RenderOptions,
    ) -> Result<Vec<u8>, PdfError> {
        rayon::scope(|_| self.compile_here(template, data, facturx, meta, options))
    }

    fn compile_here(
        &self,
        template: TemplateKind,
        data: Bytes,
        facturx: Option<Bytes>,
        meta: &DocMeta,
        options: &RenderOptions,
    ) -> Result<Vec<u8>, PdfError> {
        let _evict = EvictGuard::enter();
        let shared = &*self.shared;
        let limits = &options.limits;
        let mut budget = Budget { deadline: None, max_pages: limits.max_pages, time: limits.template_time, time_limit: "template_time" };
        let main = match &options.custom_template {
            Some(src) => {
                if src.len() > limits.max_template_bytes {
                    let message = format!("the template has {} bytes, more than {}", src.len(), limits.max_template_bytes);
                    return Err(PdfError::Limit { limit: "max_template_bytes", message });
                }
                budget.deadline = std::time::Instant::now().checked_add(limits.template_time);
                Source::new(shared.ids.user_main, src.clone())
            }
            None => {
                budget.time = limits.render_time;
                budget.time_limit = "render_time";
                budget.deadline = std::time::Instant::now().checked_add(limits.render_time);
                shared.template(template.path()).ok_or_else(|| internal(format!("no template {}", template.path())))?
            }
        };
        let logo = match &options.branding.logo {
            Some(l) => {
                let id = match l.format {
                    LogoFormat::Svg => shared.ids.logo_svg,
                    LogoFormat::Png => shared.ids.logo_png,
                };
                Some((id, validate_logo(l)?))
            }
            None => None,
        };
        if self.strict_fonts {
            undrawable(shared, &data)?;
        }
        let (y, m, d) = ymd(meta.issue_date);
        let today = Datetime::from_ymd(y, m, d).ok_or_else(|| error::data("issue date out of range"))?;
        let world = DocWorld { shared, main, data, logo, facturx, today, budget };

        // The world's checkpoints unwind when a limit is reached (see `DocWorld::checkpoint`).
        let compiled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| typst::compile::<PagedDocument>(&world)));
        let warned = compiled.map_err(|payload| stopped(payload, &world.budget, limits))?;
        let document = match warned.output {
            Ok(doc) => doc,
            Err(errors) => return Err(template_error(diagnostics(&world, &errors))),
        };
        if document.pages().len() > limits.max_pages {
            return Err(too_many_pages(document.pages().len(), limits));
        }
        if self.strict_fonts {
            let fonts: Vec<_> = warned.warnings.iter().filter(|w| w.message.contains("unknown font family")).cloned().collect();
            if !fonts.is_empty() {
                return Err(PdfError::Font { diagnostics: diagnostics(&world, &fonts) });
            }
        }

        let mut pdf = PdfOptions { ident: Smart::Custom(meta.number.clone()), ..PdfOptions::default() };
        pdf.creator = Smart::Custom(Some(creator()));
        let stamp = Datetime::from_ymd_hms(y, m, d, 0, 0, 0).ok_or_else(|| error::data("issue date out of range"))?;
        pdf.timestamp = Some(Timestamp::new_utc(stamp));
        if options.pdf_a {
            pdf.standards = PdfStandards::new(&[PdfStandard::A_3b]).map_err(|e| PdfError::Export {
                diagnostics: vec![Diagnostic { file: String::new(), line: 0, column: 0, message: e.message().to_string() }],
            })?;
        }
        let bytes = typst_pdf::pdf(&document, &pdf).map_err(|errors| PdfError::Export { diagnostics: diagnostics(&world, &errors) })?;
        if bytes.len() > limits.max_output_bytes {
            let message = format!("the PDF has {} bytes, more than {}", bytes.len(), limits.max_output_bytes);
            return Err(PdfError::Limit { limit: "max_output_bytes", message });
        }
        Ok(bytes)
    }
}

/// The error of a compilation stopped by a checkpoint of the world ([`Stop`]) or by Typst's
/// nesting guard; any other panic carries on unwinding.
fn stopped(payload: Box<dyn std::any::Any + Send>, budget: &Budget, limits: &RenderLimits) -> PdfError {
    if let Some(stop) = payload.downcast_ref::<Stop>() {
        return match *stop {
            Stop::Time => PdfError::Limit {
                limit: budget.time_limit,
                message: format!("the template ran for more than {} ms", budget.time.as_millis()),
            },
            Stop::Pages(pages) => too_many_pages(pages, limits),
            Stop::Regions(regions) => PdfError::Limit {
                limit: "max_pages",
                message: format!("a table spans at least {regions} pages or columns, more than {} pages", limits.max_pages),
            },
        };
    }
    if payload.is::<typst::engine::NestingTooDeep>() {
        let message = format!("content is nested more than {} levels deep", typst::engine::MAX_NESTING);
        return PdfError::Limit { limit: "nesting", message };
    }
    std::panic::resume_unwind(payload)
}

fn too_many_pages(pages: usize, limits: &RenderLimits) -> PdfError {
    PdfError::Limit { limit: "max_pages", message: format!("the document has at least {pages} pages, more than {}", limits.max_pages) }
}

/// A template error, or a limit error when Typst refused a value too large to build (its
/// message starts with "value too large:", see `patches/README.md`).
fn template_error(diagnostics: Vec<Diagnostic>) -> PdfError {
    match diagnostics.iter().find(|d| d.message.starts_with("value too large:")) {
        Some(d) => PdfError::Limit { limit: "value_size", message: d.to_string() },
        None => PdfError::Template { diagnostics },
    }
}

fn ymd(d: NaiveDate) -> (i32, u8, u8) {
    use chrono::Datelike as _;
    // month() is 1..=12 and day() 1..=31: both fit a u8.
    (d.year(), u8::try_from(d.month()).unwrap_or(1), u8::try_from(d.day()).unwrap_or(1))
}

fn branding_data(b: &Branding) -> Result<BrandingData, PdfError> {
    if let Some(c) = &b.primary_color {
        validate_color(c)?;
    }
    // the footer and the logo's alternative text are printed (or read aloud) as the data's text
    // is: no control character but the footer's line breaks, no bidi control (issue 12, class 3)
    let texts = [("footer", b.footer.as_deref(), true), ("logo_alt", b.logo.as_ref().map(|l| l.alt.as_str()), false)];
    for (field, text, multiline) in texts {
        if let Some((c, what)) = text.and_then(|t| t.chars().find_map(|c| facturier_core::text::refused_char(c, multiline).map(|w| (c, w))))
        {
            return Err(PdfError::Branding { message: format!("{field} holds {what} (U+{:04X})", u32::from(c)) });
        }
    }
    let logo = b.logo.as_ref().map(|l| LogoData {
        path: match l.format {
            LogoFormat::Svg => world::LOGO_SVG_PATH.to_owned(),
            LogoFormat::Png => world::LOGO_PNG_PATH.to_owned(),
        },
        alt: l.alt.clone(),
    });
    Ok(BrandingData {
        primary_color: b.primary_color.clone().unwrap_or_else(|| DEFAULT_COLOR.to_owned()).to_ascii_uppercase(),
        footer: b.footer.clone().filter(|f| !f.trim().is_empty()),
        logo,
    })
}

/// Maps Typst diagnostics to file, line, column and message.
fn diagnostics(world: &DocWorld<'_>, list: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = list
        .iter()
        .map(|d| {
            let mut message = d.message.to_string();
            for h in &d.hints {
                message.push_str(" (hint: ");
                message.push_str(&h.v);
                message.push(')');
            }
            let (file, line, column) = match d.span.id() {
                Some(id) => {
                    let file = id.vpath().get_with_slash().to_owned();
                    let pos = world.range(d.span).and_then(|r| world.text_of(id).map(|t| line_col(&t, r.start)));
                    let (line, column) = pos.unwrap_or((0, 0));
                    (file, line, column)
                }
                None => (String::new(), 0, 0),
            };
            Diagnostic { file, line, column, message }
        })
        .collect();
    out.dedup();
    out
}

/// Refuses render data holding a character the embedded fonts cannot draw (`pdf.font`, at its
/// place in `/data.json` and with the text around it): it would print as an empty box, and a
/// document must show the data's text or not be made (issue 12, class 3).
fn undrawable(shared: &world::Shared, data: &Bytes) -> Result<(), PdfError> {
    let Ok(json) = std::str::from_utf8(data) else { return Ok(()) };
    let Some((offset, c)) = shared.undrawable(json) else { return Ok(()) };
    // the JSON string around it, up to 24 characters each side
    let before: String = json.get(..offset).unwrap_or("").chars().rev().take_while(|&ch| ch != '"').take(24).collect();
    let after: String = json.get(offset..).unwrap_or("").chars().take_while(|&ch| ch != '"').take(25).collect();
    let around: String = before.chars().rev().chain(after.chars()).collect();
    let (line, column) = line_col(json, offset);
    let message = format!(
        "the embedded fonts (Inter: Latin, Greek, Cyrillic) have no glyph for U+{:04X} {c:?} in {around:?}: it would print as an empty box",
        u32::from(c)
    );
    Err(PdfError::Font { diagnostics: vec![Diagnostic { file: world::DATA_PATH.to_owned(), line, column, message }] })
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logo_from_parts() {
        assert_eq!(Logo::from_parts(None, None, None).ok(), Some(None));
        let ok = Logo::from_parts(Some(b"<svg/>".to_vec()), Some("svg"), Some("Logo".into())).ok().flatten();
        assert_eq!(ok.map(|l| l.format), Some(LogoFormat::Svg));
        for (bytes, format, alt) in [
            (None, Some("svg"), None),
            (None, None, Some("Logo")),
            (Some(b"x".to_vec()), None, Some("Logo")),
            (Some(b"x".to_vec()), Some("gif"), Some("Logo")),
            (Some(b"x".to_vec()), Some("png"), None),
            (Some(b"x".to_vec()), Some("png"), Some("  ")),
            // invisible only: as blank as spaces (issue 12)
            (Some(b"x".to_vec()), Some("png"), Some("\u{200B}\u{00A0}\u{FEFF}")),
        ] {
            let e = Logo::from_parts(bytes, format, alt.map(str::to_owned));
            assert!(matches!(e, Err(PdfError::Branding { .. })), "{e:?}");
        }
    }

    #[test]
    fn colors() {
        assert!(validate_color("#1F3A5F").is_ok());
        assert!(validate_color("#1f3a5f").is_ok());
        for bad in ["1F3A5F", "#1F3A5", "#GGGGGG", "red", "#1F3A5F00", "\"); #import"] {
            let e = validate_color(bad).err();
            assert_eq!(e.map(|e| e.code()), Some("pdf.branding"), "{bad}");
        }
    }

    #[test]
    fn line_columns() {
        assert_eq!(line_col("ab\ncd\nef", 4), (2, 2));
        assert_eq!(line_col("é\nx", 3), (2, 1));
        assert_eq!(line_col("abc", 99), (1, 4));
    }

    #[test]
    fn renderer_is_send_sync() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Renderer>();
    }
}

#[cfg(test)]
mod timing {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    #[ignore = "timing breakdown, run by hand with --nocapture"]
    fn breakdown() {
        let r = Renderer::new().unwrap();
        let draft: facturier_core::InvoiceDraft =
            facturier_core::json::from_str(include_str!("../../examples/invoice-draft.json")).unwrap();
        let state = facturier_core::NumberingState::new("i", "F-{YYYY}-{SEQ:5}").unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let docs: Vec<_> = (0..40)
            .map(|k| {
                let mut d = draft.clone();
                let model = d.lines.clone();
                d.lines = (0..20)
                    .map(|i| {
                        let mut l = model[i % 4].clone();
                        l.id = (i + 1).to_string();
                        l.description = format!("{} {k}-{i}", l.description);
                        l
                    })
                    .collect();
                d.buyer.name = format!("Client {k}");
                facturier_core::issue(d, &state, date).unwrap().0
            })
            .collect();
        let o = RenderOptions::default();
        let (mut tdata, mut tcomp, mut tpdf) = (0.0, 0.0, 0.0);
        for inv in &docs {
            let t0 = std::time::Instant::now();
            let data = r.data(&Document::Invoice(inv.clone()), &o).unwrap();
            let json = serde_json::to_vec(&data).unwrap();
            let t1 = std::time::Instant::now();
            let shared = &*r.shared;
            let main = match std::env::var("TPL_FILE") {
                Ok(f) => Source::new(shared.ids.user_main, std::fs::read_to_string(f).unwrap()),
                Err(_) => shared.template("/invoice.typ").unwrap(),
            };
            let today = Datetime::from_ymd(2026, 11, 22).unwrap();
            let budget = Budget { deadline: None, max_pages: usize::MAX, time: std::time::Duration::MAX, time_limit: "render_time" };
            let world = DocWorld { shared, main, data: Bytes::new(json), logo: None, facturx: None, today, budget };
            let doc = typst::compile::<PagedDocument>(&world).output.unwrap();
            let t2 = std::time::Instant::now();
            let _pdf = typst_pdf::pdf(&doc, &PdfOptions::default()).unwrap();
            let t3 = std::time::Instant::now();
            typst::comemo::evict(1);
            tdata += (t1 - t0).as_secs_f64();
            tcomp += (t2 - t1).as_secs_f64();
            tpdf += (t3 - t2).as_secs_f64();
        }
        let n = docs.len() as f64;
        eprintln!("data {:.2} ms, compile {:.2} ms, pdf {:.2} ms", tdata / n * 1e3, tcomp / n * 1e3, tpdf / n * 1e3);
    }
}
