//! Errors of the command line.

use std::path::PathBuf;

/// Every error the CLI reports; each has a stable [`CliError::code`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The core refused an input or an operation.
    #[error(transparent)]
    Core(#[from] facturier_core::CoreError),
    /// A document could not be rendered to PDF.
    #[error(transparent)]
    Pdf(#[from] facturier_pdf::PdfError),
    /// A FEC or accounting export could not be written or read.
    #[error(transparent)]
    Fec(#[from] facturier_fec::FecError),
    /// An electronic invoice could not be written or read.
    #[error(transparent)]
    Einvoice(#[from] facturier_einvoice::EinvoiceError),
    /// A command-line option is unusable.
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// Stable machine code: `io`, `usage`, or the core's, the renderer's, the FEC or the e-invoice crate's code.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Io { .. } => "io",
            CliError::Core(e) => e.code(),
            CliError::Pdf(e) => e.code(),
            CliError::Fec(e) => e.code(),
            CliError::Einvoice(e) => e.code(),
            CliError::Usage(_) => "usage",
        }
    }

    /// Wraps an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> CliError {
        let path = path.into();
        move |source| CliError::Io { path, source }
    }
}
