//! The one error type of the FEC crate, each variant with a stable code; read and check errors
//! carry the line number.

/// Why a FEC file could not be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FecError {
    /// Reading or writing the underlying stream failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes are not in an allowed charset (UTF-8, ISO 8859-15, ASCII; A47 A-1 XII 1°).
    #[error("line {line}: {message}")]
    Charset {
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The header line is missing or unusable (A47 A-1 VII 4°).
    #[error("line {line}: header: {message}")]
    Header {
        /// 1-based line number (1 for the header).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A record is malformed: field count, a date, an amount, a required field.
    #[error("line {line}, field {field}: {message}")]
    Field {
        /// 1-based line number.
        line: u64,
        /// The field name (`EcritureDate`, `Debit`…), empty for the whole record.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The XML is not well formed or not of the DGFiP's shape (A47 A-1 VI 2°).
    #[error("line {line}: XML: {message}")]
    Xml {
        /// 1-based line number, 0 when unknown.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The writer refuses an entry: unbalanced, not validated, out of order, amount not in cents.
    #[error("entry {entry}: {message}")]
    Entry {
        /// The entry's EcritureNum or id.
        entry: String,
        /// What is wrong.
        message: String,
    },
    /// An option or argument is unusable (a SIREN that is not 9 digits, a CSV mapping without columns…).
    #[error("{message}")]
    Input {
        /// What is wrong.
        message: String,
    },
}

impl FecError {
    /// Stable machine code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            FecError::Io(_) => "fec.io",
            FecError::Charset { .. } => "fec.charset",
            FecError::Header { .. } => "fec.header",
            FecError::Field { .. } => "fec.field",
            FecError::Xml { .. } => "fec.xml",
            FecError::Entry { .. } => "fec.entry",
            FecError::Input { .. } => "fec.input",
        }
    }

    /// The 1-based line number of a read error, when it has one.
    pub fn line(&self) -> Option<u64> {
        match self {
            FecError::Charset { line, .. } | FecError::Header { line, .. } | FecError::Field { line, .. } | FecError::Xml { line, .. } => {
                Some(*line)
            }
            _ => None,
        }
    }

    pub(crate) fn field(line: u64, field: &str, message: impl Into<String>) -> FecError {
        FecError::Field { line, field: field.to_owned(), message: message.into() }
    }

    pub(crate) fn entry(entry: &str, message: impl Into<String>) -> FecError {
        FecError::Entry { entry: entry.to_owned(), message: message.into() }
    }

    pub(crate) fn input(message: impl Into<String>) -> FecError {
        FecError::Input { message: message.into() }
    }
}

/// Result type of the FEC crate.
pub type Result<T, E = FecError> = std::result::Result<T, E>;
