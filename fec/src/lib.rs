//! facturier-fec: the Fichier des Écritures Comptables (LPF L47 A, A47 A-1) written, read and
//! checked, and the accounting CSV exports of the same entries.
//!
//! - [`format`](mod@format): columns and layouts (BIC/IS, BNC/BA), separators, charsets, the text of amounts
//!   and dates, the file name `SirenFECAAAAMMJJ.txt`;
//! - [`record`]: one FEC record, the records of a core [`JournalEntry`](facturier_core::accounting::entry::JournalEntry);
//! - [`writer`]: the streaming writers, flat and XML (valid against the DGFiP XSD);
//! - [`description`]: the description file the law asks for (A47 A-1 XI);
//! - [`reader`]: the streaming readers of any FEC, flat or XML, line numbers in every error;
//! - [`check`]: the checker, stricter than DGFiP's Test Compta Demat, with a JSON report;
//! - [`csv`]: the configurable accounting CSV export (Sage-, Cegid-, QuickBooks-style presets).
//!
//! The CSV export lives here rather than in a crate of its own: it writes the same records with
//! the same streaming buffer, charset encoder and number and date formatting as the FEC.

pub mod check;
pub mod csv;
pub mod description;
mod error;
pub mod format;
pub mod reader;
pub mod record;
pub mod writer;

pub use error::{FecError, Result};
pub use format::{AmountStyle, Column, Encoding, Regime, Separator, file_name};
pub use reader::{FlatReader, XmlReader};
pub use record::{FecRecord, entry_records, sort_entries};
pub use writer::{FecWriter, WriteOptions, XmlWriter, write_flat, write_xml};
