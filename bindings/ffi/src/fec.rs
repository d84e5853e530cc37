//! The FEC operations' glue (`facturier-fec`): the writing and checking options as the table
//! reads them, the export into any `io::Write` (bytes or a file, streamed), the reading of
//! records from bytes, flat or XML alike.

use std::io::Write;
use std::path::Path;

use facturier_core::NaiveDate;
use facturier_core::accounting::entry::JournalEntry;
use facturier_fec::check::{CheckOptions, Numbering};
use facturier_fec::{FecError, FecRecord, FlatReader, Regime, WriteOptions, XmlReader, sort_entries};

use crate::error::Error;
use crate::table::Args;

/// The writing options of an export: `separator`, `encoding`, `amounts`, `regime`,
/// `opening_journal` (their defaults: tab, UTF-8, Debit/Credit, BIC/IS, `AN`).
pub fn write_options(a: &mut Args) -> Result<WriteOptions, Error> {
    Ok(WriteOptions {
        separator: a.get("separator")?,
        encoding: a.get("encoding")?,
        amounts: a.get("amounts")?,
        regime: a.get("regime")?,
        opening_journal: a.get("opening_journal")?,
    })
}

/// The checking options: `closing`, `opening`, `regime`, `opening_journals`, `numbering`.
pub fn check_options(a: &mut Args) -> Result<CheckOptions, Error> {
    let regime: Option<Regime> = a.get("regime")?;
    let opening_journals: Option<Vec<String>> = a.get("opening_journals")?;
    let numbering: Numbering = a.get("numbering")?;
    let defaults = CheckOptions::default();
    Ok(CheckOptions {
        regime,
        closing: a.get("closing")?,
        opening: a.get("opening")?,
        opening_journals: opening_journals.unwrap_or(defaults.opening_journals),
        numbering,
        ..defaults
    })
}

/// What an export writes: the validated `entries`, in FEC order, flat or XML.
pub struct Export {
    /// The entries, sorted as the FEC lists them ([`sort_entries`]).
    pub entries: Vec<JournalEntry>,
    /// The writing options.
    pub options: WriteOptions,
    /// The closing date of an XML export (`None`: the flat file).
    pub xml_closing: Option<NaiveDate>,
}

impl Export {
    /// The export the arguments of `fec_export` / `fec_export_to_path` describe: `entries`,
    /// `format` (`flat` or `xml`, which needs `closing`) and the writing options.
    pub fn of(a: &mut Args) -> Result<Export, Error> {
        let mut entries: Vec<JournalEntry> = a.get("entries")?;
        let format: String = a.get("format")?;
        let closing: Option<NaiveDate> = a.get("closing")?;
        let options = write_options(a)?;
        sort_entries(&mut entries, &options.opening_journal);
        let xml_closing = match (format.as_str(), closing) {
            ("xml", Some(c)) => Some(c),
            ("xml", None) => {
                return Err(Error {
                    path: Some("closing".to_owned()),
                    ..Error::fec(&input("the XML FEC needs the closing date (DateCloture)"))
                });
            }
            _ => None,
        };
        Ok(Export { entries, options, xml_closing })
    }

    /// Writes the file into `out`, streamed (64 KiB at a time); returns it and the number of
    /// records written. Refuses an entry not validated, not balanced or out of order
    /// (`fec.entry`).
    pub fn write<W: Write>(&self, out: W) -> Result<(W, u64), Error> {
        let written = match self.xml_closing {
            Some(closing) => facturier_fec::write_xml(out, self.options.clone(), closing, &self.entries),
            None => facturier_fec::write_flat(out, self.options.clone(), &self.entries),
        };
        written.map_err(|e| Error::fec(&e))
    }

    /// Writes the file at `path` (created or truncated), never holding it in memory; a file
    /// left half-written by an error is removed. Returns the number of records written.
    pub fn write_to(&self, path: &str) -> Result<u64, Error> {
        let file =
            std::fs::File::create(Path::new(path)).map_err(|e| Error { path: Some("path".to_owned()), ..Error::fec(&FecError::Io(e)) })?;
        match self.write(file) {
            Ok((file, n)) => {
                file.sync_all().map_err(|e| Error::fec(&FecError::Io(e)))?;
                Ok(n)
            }
            Err(e) => {
                // best effort: the error said what went wrong, a leftover file would say otherwise
                let _ = std::fs::remove_file(path);
                Err(e)
            }
        }
    }
}

/// A `fec.input` error.
fn input(message: &str) -> FecError {
    // FecError::Input's constructor is private to the crate: its public variant is built here
    FecError::Input { message: message.to_owned() }
}

/// Whether `data` is an XML FEC: its first character other than a BOM or white space is `<`.
fn is_xml(data: &[u8]) -> bool {
    let data = data.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(data);
    data.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'<')
}

/// The records of the FEC `data`, flat (tab or `|`, UTF-8 or ISO 8859-15, Debit/Credit or
/// Montant/Sens, any regime) or XML; the first unreadable line fails (`fec.*`, with its line).
pub fn read(data: &[u8]) -> Result<Vec<FecRecord>, Error> {
    let mut records = Vec::new();
    if is_xml(data) {
        let mut r = XmlReader::new(data);
        while let Some(rec) = r.next_record().map_err(|e| Error::fec(&e))? {
            records.push(rec);
        }
    } else {
        let mut r = FlatReader::new(data).map_err(|e| Error::fec(&e))?;
        while let Some(rec) = r.next_record().map_err(|e| Error::fec(&e))? {
            records.push(rec);
        }
    }
    Ok(records)
}
