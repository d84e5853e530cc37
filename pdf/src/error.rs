//! The errors of PDF rendering, each with a stable code.

/// One Typst diagnostic: where it points and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Virtual path of the file (`/invoice.typ`, `/lib.typ`, `/main.typ` for a user template,
    /// `/data.json`), empty when the diagnostic points nowhere.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// The message, with Typst's hints appended.
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.file.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
        }
    }
}

/// A [`PdfError::Data`] with `message`.
pub(crate) fn data(message: impl Into<String>) -> PdfError {
    PdfError::Data { message: message.into() }
}

/// A [`PdfError::Internal`] with `message`.
pub(crate) fn internal(message: impl Into<String>) -> PdfError {
    PdfError::Internal { message: message.into() }
}

fn join(d: &[Diagnostic]) -> String {
    d.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The template failed to compile or lay out (Typst errors, with file and line).
    #[error("template error: {}", join(.diagnostics))]
    Template {
        /// The Typst errors, first one first.
        diagnostics: Vec<Diagnostic>,
    },
    /// A font the template asks for is not embedded (strict mode turns Typst's
    /// "unknown font family" warning into this error).
    #[error("font error: {}", join(.diagnostics))]
    Font {
        /// The font warnings.
        diagnostics: Vec<Diagnostic>,
    },
    /// The laid-out document could not be written as PDF (e.g. a PDF/A rule).
    #[error("PDF export error: {}", join(.diagnostics))]
    Export {
        /// The export errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// The branding is unusable: bad colour, unreadable logo.
    #[error("branding error: {message}")]
    Branding {
        /// What is wrong.
        message: String,
    },
    /// The caller's data cannot be rendered: render data that is not a JSON object, a date
    /// Typst cannot represent, amounts past the range of exact decimals, a document the core
    /// refused (the core's violation codes are in the message).
    #[error("data error: {message}")]
    Data {
        /// What is wrong.
        message: String,
    },
    /// The render would exceed one of the [`crate::RenderLimits`], or a bound Typst sets on its
    /// values (see `templates/README.md`, "Limits"): the work was stopped, nothing was produced.
    #[error("limit exceeded ({limit}): {message}")]
    Limit {
        /// Which limit: `template_time`, `render_time`, `max_pages`, `max_output_bytes`, `max_template_bytes`
        /// (the fields of [`crate::RenderLimits`]), `value_size` (a value a template builds in
        /// one step) or `nesting` (content nested too deep).
        limit: &'static str,
        /// What exceeded it.
        message: String,
    },
    /// The invoice cannot be written as a Factur-X XML (it would break EN 16931, or the core
    /// refused it): no PDF is produced.
    #[error("e-invoice error ({code}): {message}")]
    Einvoice {
        /// The e-invoice crate's code, e.g. `einvoice.rules`.
        code: &'static str,
        /// Its message, with every finding.
        message: String,
    },
    /// A failure of the renderer itself, not of the data: the render data did not serialise, a
    /// built-in template is missing. A bug to report.
    #[error("internal error: {message}")]
    Internal {
        /// What failed.
        message: String,
    },
}

/// Every code of [`PdfError::code`] with what it means, for the published list of codes.
pub const CODES: &[(&str, &str)] = &[
    ("pdf.template", "the template failed to compile or lay out (Typst errors, with file and line)"),
    ("pdf.font", "a font the template asks for is not embedded"),
    ("pdf.export", "the laid-out document could not be written as PDF (e.g. a PDF/A rule)"),
    ("pdf.branding", "the branding is unusable: bad colour, unreadable logo, a logo without its alternative text"),
    ("pdf.data", "the caller's data cannot be rendered"),
    (
        "pdf.limit",
        "the render would exceed a limit (template time, pages, output size, template size, size of a value, nesting): the work was stopped",
    ),
    ("pdf.einvoice", "the invoice cannot be written as Factur-X XML (it would break EN 16931): no PDF is produced"),
    ("pdf.internal", "a failure of the renderer itself: a bug to report"),
];

impl PdfError {
    /// A stable machine-readable code: `pdf.template`, `pdf.font`, `pdf.export`,
    /// `pdf.branding`, `pdf.data`, `pdf.limit`, `pdf.einvoice`, `pdf.internal`.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::Template { .. } => "pdf.template",
            PdfError::Font { .. } => "pdf.font",
            PdfError::Export { .. } => "pdf.export",
            PdfError::Branding { .. } => "pdf.branding",
            PdfError::Data { .. } => "pdf.data",
            PdfError::Limit { .. } => "pdf.limit",
            PdfError::Einvoice { .. } => "pdf.einvoice",
            PdfError::Internal { .. } => "pdf.internal",
        }
    }

    /// The Typst diagnostics carried by the error (empty for branding, data, limit and internal
    /// errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            PdfError::Template { diagnostics } | PdfError::Font { diagnostics } | PdfError::Export { diagnostics } => diagnostics,
            PdfError::Branding { .. }
            | PdfError::Data { .. }
            | PdfError::Limit { .. }
            | PdfError::Einvoice { .. }
            | PdfError::Internal { .. } => &[],
        }
    }
}
