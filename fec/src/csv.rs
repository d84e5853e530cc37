//! The configurable accounting CSV export: the columns, order, separator, decimal mark, date
//! format and encoding an accounting package imports, as presets (Sage-, Cegid- and
//! QuickBooks-style) or a user mapping, written from the same records as the FEC, streaming.
//!
//! The presets follow the usual shapes of those imports (journal, date, account, auxiliary
//! account, piece, label, debit, credit); an import module of a given version may name or order
//! its columns differently: a [`CsvMapping`] in JSON says exactly what to write.

use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format::{Encoding, push_amount, push_text};
use crate::record::{FecRecord, entry_records};
use crate::{FecError, Result};

/// What a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CsvField {
    /// Journal code.
    JournalCode,
    /// Journal label.
    JournalLabel,
    /// Entry number (EcritureNum).
    EntryNumber,
    /// Booking date.
    EntryDate,
    /// General account number.
    Account,
    /// General account label.
    AccountLabel,
    /// Auxiliary account number.
    AuxAccount,
    /// Auxiliary account label.
    AuxLabel,
    /// The auxiliary account when there is one, else the general account.
    AuxOrAccount,
    /// Piece reference.
    PieceRef,
    /// Piece date.
    PieceDate,
    /// Line label.
    Label,
    /// Debit, empty when zero.
    Debit,
    /// Credit, empty when zero.
    Credit,
    /// Debit − credit.
    SignedAmount,
    /// The line's amount, positive.
    Amount,
    /// `D` or `C`.
    Side,
    /// Letter code.
    Letter,
    /// Lettering date.
    LetterDate,
    /// Validation date.
    ValidDate,
    /// Amount in foreign currency.
    CurrencyAmount,
    /// Currency code.
    Currency,
    /// A constant text.
    Constant,
}

/// A column: its header and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvColumn {
    /// The header text.
    pub header: String,
    /// What the column holds.
    pub field: CsvField,
    /// The text of a [`CsvField::Constant`] column.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
}

/// A date format of the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// `31/12/2026`.
    DdMmYyyy,
    /// `311226`.
    DdMmYy,
    /// `2026-12-31`.
    Iso,
    /// `20261231`.
    YyyyMmDd,
    /// `12/31/2026`.
    MmDdYyyy,
}

fn yes() -> bool {
    true
}

/// Everything a CSV export is told: columns in order, separator, decimal mark, date format,
/// encoding, header line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvMapping {
    /// The columns, in order.
    pub columns: Vec<CsvColumn>,
    /// Field separator (one character).
    pub separator: char,
    /// Decimal mark (one character).
    pub decimal: char,
    /// Date format.
    pub date_format: DateFormat,
    /// Charset.
    #[serde(default)]
    pub encoding: Encoding,
    /// Write a header line.
    #[serde(default = "yes")]
    pub header: bool,
    /// CRLF line ends (else LF).
    #[serde(default = "yes")]
    pub crlf: bool,
}

fn col(header: &str, field: CsvField) -> CsvColumn {
    CsvColumn { header: header.to_owned(), field, value: String::new() }
}

impl CsvMapping {
    /// Sage-style import: `;`, decimal comma, dates `JJMMAA`, ISO 8859-15, one line per entry line
    /// with the auxiliary account in its own column.
    pub fn sage() -> CsvMapping {
        CsvMapping {
            columns: vec![
                col("Code journal", CsvField::JournalCode),
                col("Date", CsvField::EntryDate),
                col("N° pièce", CsvField::PieceRef),
                col("N° compte général", CsvField::Account),
                col("N° compte tiers", CsvField::AuxAccount),
                col("Libellé écriture", CsvField::Label),
                col("Débit", CsvField::Debit),
                col("Crédit", CsvField::Credit),
                col("Lettrage", CsvField::Letter),
            ],
            separator: ';',
            decimal: ',',
            date_format: DateFormat::DdMmYy,
            encoding: Encoding::Iso8859_15,
            header: true,
            crlf: true,
        }
    }

    /// Cegid-style import: `;`, decimal comma, dates `JJ/MM/AAAA`, UTF-8, amount and side.
    pub fn cegid() -> CsvMapping {
        CsvMapping {
            columns: vec![
                col("Journal", CsvField::JournalCode),
                col("Date", CsvField::EntryDate),
                col("Général", CsvField::Account),
                col("Auxiliaire", CsvField::AuxAccount),
                col("Référence", CsvField::PieceRef),
                col("Libellé", CsvField::Label),
                col("Montant", CsvField::Amount),
                col("Sens", CsvField::Side),
                col("Numéro", CsvField::EntryNumber),
            ],
            separator: ';',
            decimal: ',',
            date_format: DateFormat::DdMmYyyy,
            encoding: Encoding::Utf8,
            header: true,
            crlf: true,
        }
    }

    /// QuickBooks-style journal-entry import: `,`, decimal point, dates `JJ/MM/AAAA`, UTF-8.
    pub fn quickbooks() -> CsvMapping {
        CsvMapping {
            columns: vec![
                col("Journal No", CsvField::EntryNumber),
                col("Journal Date", CsvField::EntryDate),
                col("Account", CsvField::Account),
                col("Debits", CsvField::Debit),
                col("Credits", CsvField::Credit),
                col("Description", CsvField::Label),
                col("Name", CsvField::AuxLabel),
            ],
            separator: ',',
            decimal: '.',
            date_format: DateFormat::DdMmYyyy,
            encoding: Encoding::Utf8,
            header: true,
            crlf: true,
        }
    }

    /// The preset named `name`: `sage`, `cegid` or `quickbooks`.
    pub fn preset(name: &str) -> Result<CsvMapping> {
        match name.to_ascii_lowercase().as_str() {
            "sage" => Ok(CsvMapping::sage()),
            "cegid" => Ok(CsvMapping::cegid()),
            "quickbooks" => Ok(CsvMapping::quickbooks()),
            other => Err(FecError::input(format!("no CSV preset `{other}` (sage, cegid, quickbooks)"))),
        }
    }

    fn check(&self) -> Result<()> {
        if self.columns.is_empty() {
            return Err(FecError::input("a CSV mapping has at least one column"));
        }
        if !self.separator.is_ascii() || !self.decimal.is_ascii() || self.separator == self.decimal || self.separator == '"' {
            return Err(FecError::input("separator and decimal mark are two different ASCII characters, not `\"`"));
        }
        Ok(())
    }
}

/// One cell of a CSV line before it is written.
enum Cell<'a> {
    Text(&'a str),
    Date(Option<NaiveDate>),
    Amount(Decimal, bool),
}

/// The streaming CSV writer.
pub struct CsvWriter<W: Write> {
    out: W,
    mapping: CsvMapping,
    buf: Vec<u8>,
    field: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    /// A writer into `out`; writes the header line when the mapping asks for one.
    pub fn new(out: W, mapping: CsvMapping) -> Result<CsvWriter<W>> {
        mapping.check()?;
        let mut w = CsvWriter { out, mapping, buf: Vec::with_capacity(64 * 1024), field: Vec::new() };
        if w.mapping.header {
            let headers: Vec<String> = w.mapping.columns.iter().map(|c| c.header.clone()).collect();
            for (i, h) in headers.iter().enumerate() {
                w.field.clear();
                push_text(&mut w.field, h, w.mapping.encoding);
                w.put(i);
            }
            w.end();
        }
        Ok(w)
    }

    /// Appends the current field, quoted when it holds the separator, a quote or a line end.
    fn put(&mut self, i: usize) {
        if i > 0 {
            self.buf.push(self.mapping.separator as u8);
        }
        let sep = self.mapping.separator as u8;
        if self.field.iter().any(|b| *b == sep || *b == b'"' || *b == b'\n' || *b == b'\r') {
            self.buf.push(b'"');
            for &b in &self.field {
                if b == b'"' {
                    self.buf.push(b'"');
                }
                self.buf.push(b);
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(&self.field);
        }
    }

    fn end(&mut self) {
        self.buf.extend_from_slice(if self.mapping.crlf { b"\r\n" } else { b"\n" });
    }

    fn date(&mut self, d: Option<NaiveDate>) {
        if let Some(d) = d {
            let f = match self.mapping.date_format {
                DateFormat::DdMmYyyy => "%d/%m/%Y",
                DateFormat::DdMmYy => "%d%m%y",
                DateFormat::Iso => "%Y-%m-%d",
                DateFormat::YyyyMmDd => "%Y%m%d",
                DateFormat::MmDdYyyy => "%m/%d/%Y",
            };
            self.field.extend_from_slice(d.format(f).to_string().as_bytes());
        }
    }

    fn amount(&mut self, a: Decimal, blank_zero: bool, entry: &str) -> Result<()> {
        if blank_zero && a.is_zero() {
            return Ok(());
        }
        push_amount(&mut self.field, a, self.mapping.decimal as u8)
            .ok_or_else(|| FecError::entry(entry, "an amount has more than two decimals"))
    }

    /// Writes one record.
    pub fn write_record(&mut self, r: &FecRecord) -> Result<()> {
        let enc = self.mapping.encoding;
        let columns = std::mem::take(&mut self.mapping.columns);
        let mut result = Ok(());
        for (i, c) in columns.iter().enumerate() {
            self.field.clear();
            let amount = |a: Decimal| Cell::Amount(a, false);
            let cell = match c.field {
                CsvField::JournalCode => Cell::Text(&r.journal_code),
                CsvField::JournalLabel => Cell::Text(&r.journal_lib),
                CsvField::EntryNumber => Cell::Text(&r.ecriture_num),
                CsvField::EntryDate => Cell::Date(Some(r.ecriture_date)),
                CsvField::Account => Cell::Text(&r.compte_num),
                CsvField::AccountLabel => Cell::Text(&r.compte_lib),
                CsvField::AuxAccount => Cell::Text(&r.comp_aux_num),
                CsvField::AuxLabel => Cell::Text(&r.comp_aux_lib),
                CsvField::AuxOrAccount => Cell::Text(if r.comp_aux_num.is_empty() { &r.compte_num } else { &r.comp_aux_num }),
                CsvField::PieceRef => Cell::Text(&r.piece_ref),
                CsvField::PieceDate => Cell::Date(Some(r.piece_date)),
                CsvField::Label => Cell::Text(&r.ecriture_lib),
                CsvField::Debit => Cell::Amount(r.debit, true),
                CsvField::Credit => Cell::Amount(r.credit, true),
                CsvField::SignedAmount => amount(r.debit - r.credit),
                CsvField::Amount => amount(if r.debit.is_zero() { r.credit } else { r.debit }),
                CsvField::Side => Cell::Text(if r.debit.is_zero() && !r.credit.is_zero() { "C" } else { "D" }),
                CsvField::Letter => Cell::Text(&r.ecriture_let),
                CsvField::LetterDate => Cell::Date(r.date_let),
                CsvField::ValidDate => Cell::Date(Some(r.valid_date)),
                CsvField::CurrencyAmount => r.montant_devise.map_or(Cell::Text(""), amount),
                CsvField::Currency => Cell::Text(&r.idevise),
                CsvField::Constant => Cell::Text(&c.value),
            };
            match cell {
                Cell::Text(s) => push_text(&mut self.field, s, enc),
                Cell::Date(d) => self.date(d),
                Cell::Amount(a, blank_zero) => {
                    if let Err(e) = self.amount(a, blank_zero, &r.ecriture_num) {
                        result = Err(e);
                        break;
                    }
                }
            }
            self.put(i);
        }
        self.mapping.columns = columns;
        result?;
        self.end();
        if self.buf.len() >= 64 * 1024 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes a validated entry's records.
    pub fn write_entry(&mut self, entry: &facturier_core::accounting::entry::JournalEntry) -> Result<()> {
        for r in entry_records(entry)? {
            self.write_record(&r)?;
        }
        Ok(())
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> Result<W> {
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> FecRecord {
        let d = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        FecRecord {
            journal_code: "VT".into(),
            journal_lib: "Ventes".into(),
            ecriture_num: "000001".into(),
            ecriture_date: d,
            compte_num: "411".into(),
            compte_lib: "Clients".into(),
            comp_aux_num: "C0001".into(),
            comp_aux_lib: "Boulangerie; Martin".into(),
            piece_ref: "F001".into(),
            piece_date: d,
            ecriture_lib: "Facture F001".into(),
            debit: Decimal::new(141100, 2),
            credit: Decimal::ZERO,
            ecriture_let: "A".into(),
            date_let: Some(d),
            valid_date: d,
            montant_devise: None,
            idevise: String::new(),
            treasury: None,
        }
    }

    fn write(m: CsvMapping) -> String {
        let mut w = CsvWriter::new(Vec::new(), m).unwrap();
        w.write_record(&record()).unwrap();
        String::from_utf8_lossy(&w.finish().unwrap()).into_owned()
    }

    #[test]
    fn presets() {
        let sage = write(CsvMapping::sage());
        assert!(sage.ends_with("VT;010324;F001;411;C0001;Facture F001;1411,00;;A\r\n"), "{sage}");
        let cegid = write(CsvMapping::cegid());
        assert!(cegid.ends_with("VT;01/03/2024;411;C0001;F001;Facture F001;1411,00;D;000001\r\n"), "{cegid}");
        let qb = write(CsvMapping::quickbooks());
        assert!(qb.ends_with("000001,01/03/2024,411,1411.00,,Facture F001,Boulangerie; Martin\r\n"), "{qb}");
        assert!(CsvMapping::preset("ebp").is_err());
    }

    #[test]
    fn a_user_mapping_quotes_what_it_must() {
        let m = CsvMapping {
            columns: vec![
                col("Tiers", CsvField::AuxLabel),
                col("Montant", CsvField::SignedAmount),
                CsvColumn { header: "Src".into(), field: CsvField::Constant, value: "facturier".into() },
            ],
            separator: ';',
            decimal: ',',
            date_format: DateFormat::Iso,
            encoding: Encoding::Utf8,
            header: false,
            crlf: false,
        };
        assert_eq!(write(m.clone()), "\"Boulangerie; Martin\";1411,00;facturier\n");
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<CsvMapping>(&json).unwrap(), m);
    }
}
