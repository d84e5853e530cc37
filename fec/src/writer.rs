//! The streaming writers: the flat file and the XML variant, entries one by one into any
//! `io::Write`, in constant memory (a 64 KiB buffer and the sums of the entry being written).
//!
//! The flat file (A47 A-1 VI 1°, VII, XII): tab or `|`, UTF-8 without BOM or ISO 8859-15, CRLF
//! after every record, the header line first, decimal comma, no thousands separator, `AAAAMMJJ`
//! dates, text sanitised (no separator, CR or LF inside a field). The writer refuses what the law
//! refuses: an entry that does not balance, an entry not validated, validation dates going back,
//! opening entries after the others, an amount with more than two decimals.

use std::io::Write;

use chrono::NaiveDate;
use facturier_core::accounting::entry::JournalEntry;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format::{AmountStyle, Column, Encoding, Regime, Separator, push_amount, push_date, push_field, sanitize};
use crate::record::{FecRecord, entry_records};
use crate::{FecError, Result};

const FLUSH_AT: usize = 64 * 1024;

fn default_opening() -> String {
    "AN".to_owned()
}

/// How a FEC is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteOptions {
    /// Tab (default) or `|`.
    #[serde(default)]
    pub separator: Separator,
    /// UTF-8 (default) or ISO 8859-15; the XML is always UTF-8 (Xerces refuses ISO 8859-15, TCD #1).
    #[serde(default)]
    pub encoding: Encoding,
    /// Debit/Credit (default) or Montant/Sens.
    #[serde(default)]
    pub amounts: AmountStyle,
    /// The column set: BIC/IS (default), BNC/BA commercial, BA or BNC trésorerie.
    #[serde(default)]
    pub regime: Regime,
    /// The journal code of opening entries (à-nouveaux), written first: `AN` by default.
    #[serde(default = "default_opening")]
    pub opening_journal: String,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            separator: Separator::Tab,
            encoding: Encoding::Utf8,
            amounts: AmountStyle::DebitCredit,
            regime: Regime::Bic,
            opening_journal: default_opening(),
        }
    }
}

/// The entry being written: its number and sums.
struct Current {
    num: String,
    debit: Decimal,
    credit: Decimal,
}

/// What both writers check while streaming: balance per entry, order of validation dates.
struct Order {
    opening_journal: String,
    current: Option<Current>,
    last_valid: Option<NaiveDate>,
    past_opening: bool,
    written: u64,
    spare: Option<String>,
}

impl Order {
    fn new(opening_journal: &str) -> Order {
        Order { opening_journal: opening_journal.to_owned(), current: None, last_valid: None, past_opening: false, written: 0, spare: None }
    }

    /// Checks `r` against the records before it; true when it starts a new entry.
    fn next(&mut self, r: &FecRecord) -> Result<bool> {
        let new_entry = self.current.as_ref().is_none_or(|c| c.num != r.ecriture_num);
        if new_entry {
            self.close()?;
            let opening = r.journal_code == self.opening_journal;
            if opening && self.past_opening {
                return Err(FecError::entry(&r.ecriture_num, "opening entries come first (A47 A-1 VII 3°)"));
            }
            if !opening {
                self.past_opening = true;
                if self.last_valid.is_some_and(|l| r.valid_date < l) {
                    return Err(FecError::entry(
                        &r.ecriture_num,
                        format!("ValidDate {} goes back: the FEC is sorted by validation date (A47 A-1 VII 1°)", r.valid_date),
                    ));
                }
                self.last_valid = Some(r.valid_date);
            }
            let mut num = self.spare.take().unwrap_or_default();
            num.clear();
            num.push_str(&r.ecriture_num);
            self.current = Some(Current { num, debit: Decimal::ZERO, credit: Decimal::ZERO });
        }
        if let Some(c) = &mut self.current {
            c.debit = c.debit.checked_add(r.debit).ok_or_else(|| FecError::entry(&c.num, "amounts overflow"))?;
            c.credit = c.credit.checked_add(r.credit).ok_or_else(|| FecError::entry(&c.num, "amounts overflow"))?;
        }
        self.written += 1;
        Ok(new_entry)
    }

    /// Refuses the entry being written unless it balances.
    fn close(&mut self) -> Result<()> {
        if let Some(c) = self.current.take() {
            if c.debit != c.credit {
                return Err(FecError::entry(&c.num, format!("does not balance: debits {} ≠ credits {}", c.debit, c.credit)));
            }
            self.spare = Some(c.num);
        }
        Ok(())
    }
}

/// The streaming writer of the flat file.
pub struct FecWriter<W: Write> {
    out: W,
    options: WriteOptions,
    columns: Vec<Column>,
    buf: Vec<u8>,
    order: Order,
}

impl<W: Write> FecWriter<W> {
    /// A writer into `out`; writes the header line.
    pub fn new(out: W, options: WriteOptions) -> Result<FecWriter<W>> {
        let columns = options.regime.columns(options.amounts);
        let mut w =
            FecWriter { out, order: Order::new(&options.opening_journal), options, columns, buf: Vec::with_capacity(FLUSH_AT + 4096) };
        let sep = w.options.separator.byte();
        for (i, c) in w.columns.iter().enumerate() {
            if i > 0 {
                w.buf.push(sep);
            }
            w.buf.extend_from_slice(c.name().as_bytes());
        }
        w.buf.extend_from_slice(b"\r\n");
        Ok(w)
    }

    /// Writes a validated entry (refused unless it balances).
    pub fn write_entry(&mut self, entry: &JournalEntry) -> Result<()> {
        entry.check_balance().map_err(|e| FecError::entry(&entry.id, e.to_string()))?;
        for r in entry_records(entry)? {
            self.write_record(&r)?;
        }
        Ok(())
    }

    /// Writes one record; the records of an entry are consecutive (same EcritureNum).
    pub fn write_record(&mut self, r: &FecRecord) -> Result<()> {
        self.order.next(r)?;
        let sep = self.options.separator.byte();
        let enc = self.options.encoding;
        let regime = self.options.regime;
        if matches!(regime, Regime::BaTresorerie | Regime::BncTresorerie) && r.treasury.is_none() {
            return Err(FecError::entry(&r.ecriture_num, "the trésorerie layouts need DateRglt and ModeRglt (A47 A-1 VIII 5°, 7°)"));
        }
        let buf = &mut self.buf;
        let text = |buf: &mut Vec<u8>, s: &str| push_field(buf, s, enc);
        let bad_amount = || FecError::entry(&r.ecriture_num, "an amount has more than two decimals");
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                buf.push(sep);
            }
            match c {
                Column::JournalCode => text(buf, &r.journal_code),
                Column::JournalLib => text(buf, &r.journal_lib),
                Column::EcritureNum => text(buf, &r.ecriture_num),
                Column::EcritureDate => push_date(buf, r.ecriture_date),
                Column::CompteNum => text(buf, &r.compte_num),
                Column::CompteLib => text(buf, &r.compte_lib),
                Column::CompAuxNum => text(buf, &r.comp_aux_num),
                Column::CompAuxLib => text(buf, &r.comp_aux_lib),
                Column::PieceRef => text(buf, &r.piece_ref),
                Column::PieceDate => push_date(buf, r.piece_date),
                Column::EcritureLib => text(buf, &r.ecriture_lib),
                Column::Debit => push_amount(buf, r.debit, b',').ok_or_else(bad_amount)?,
                Column::Credit => push_amount(buf, r.credit, b',').ok_or_else(bad_amount)?,
                Column::Montant => push_amount(buf, if r.debit.is_zero() { r.credit } else { r.debit }, b',').ok_or_else(bad_amount)?,
                Column::Sens => buf.push(if r.debit.is_zero() && !r.credit.is_zero() { b'C' } else { b'D' }),
                Column::EcritureLet => text(buf, &r.ecriture_let),
                Column::DateLet => {
                    if let Some(d) = r.date_let {
                        push_date(buf, d);
                    }
                }
                Column::ValidDate => push_date(buf, r.valid_date),
                Column::Montantdevise => {
                    if let Some(a) = r.montant_devise {
                        push_amount(buf, a, b',').ok_or_else(bad_amount)?;
                    }
                }
                Column::Idevise => text(buf, &r.idevise),
                Column::DateRglt => {
                    if let Some(t) = &r.treasury {
                        push_date(buf, t.date_rglt);
                    }
                }
                Column::ModeRglt => text(buf, r.treasury.as_ref().map_or("", |t| t.mode_rglt.as_str())),
                Column::NatOp => text(buf, r.treasury.as_ref().map_or("", |t| t.nat_op.as_str())),
                Column::IdClient => text(buf, r.treasury.as_ref().map_or("", |t| t.id_client.as_str())),
            }
        }
        buf.extend_from_slice(b"\r\n");
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Records written so far.
    pub fn records(&self) -> u64 {
        self.order.written
    }

    /// Checks the last entry balances, flushes, and returns the output.
    pub fn finish(mut self) -> Result<W> {
        self.order.close()?;
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Escapes XML text (`&`, `<`, `>`, `"`, `'`) into `out`.
fn push_xml(out: &mut Vec<u8>, s: &str) {
    let s = sanitize(s).unwrap_or_else(|| s.to_owned());
    for b in s.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\'' => out.extend_from_slice(b"&apos;"),
            b => out.push(b),
        }
    }
}

fn element(out: &mut Vec<u8>, name: &str, value: &str) {
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    out.push(b'>');
    push_xml(out, value);
    out.extend_from_slice(b"</");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b">");
}

fn xml_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn xml_amount(a: Decimal) -> Option<String> {
    let mut v = Vec::new();
    push_amount(&mut v, a, b'.')?;
    String::from_utf8(v).ok()
}

/// The streaming writer of the XML variant (A47 A-1 VI 2°), valid against the DGFiP's XSD of the
/// regime: `comptabilite/exercice(DateCloture, journal+(…, ecriture*(…, ligne{2,})))`, dates
/// `AAAA-MM-JJ`, amounts with a dot (`xs:float`), UTF-8. A new `<journal>` opens whenever the
/// journal changes between consecutive entries. Lettering is per line here, so each lettered
/// `<ligne>` carries its own `EcritureLet` and `DateLet` after its amount (the XSD's `xs:any`);
/// the entry-level ones are written only when every line of the entry shares them.
pub struct XmlWriter<W: Write> {
    out: W,
    options: WriteOptions,
    buf: Vec<u8>,
    order: Order,
    open_journal: Option<String>,
    pending: Vec<FecRecord>,
}

impl<W: Write> XmlWriter<W> {
    /// A writer into `out` for the fiscal year closing on `closing`; writes the prologue.
    pub fn new(out: W, options: WriteOptions, closing: NaiveDate) -> Result<XmlWriter<W>> {
        let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
        buf.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
        buf.extend_from_slice(b"<comptabilite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"");
        buf.extend_from_slice(options.regime.xsd().as_bytes());
        buf.extend_from_slice(b"\">\r\n<exercice>\r\n");
        element(&mut buf, "DateCloture", &xml_date(closing));
        buf.extend_from_slice(b"\r\n");
        Ok(XmlWriter { out, order: Order::new(&options.opening_journal), options, buf, open_journal: None, pending: Vec::new() })
    }

    /// Writes a validated entry (refused unless it balances).
    pub fn write_entry(&mut self, entry: &JournalEntry) -> Result<()> {
        entry.check_balance().map_err(|e| FecError::entry(&entry.id, e.to_string()))?;
        for r in entry_records(entry)? {
            self.write_record(&r)?;
        }
        Ok(())
    }

    /// Writes one record; the records of an entry are consecutive (same EcritureNum).
    pub fn write_record(&mut self, r: &FecRecord) -> Result<()> {
        if self.order.next(r)? {
            self.flush_entry()?;
        }
        self.pending.push(r.clone());
        Ok(())
    }

    fn flush_entry(&mut self) -> Result<()> {
        let lines = std::mem::take(&mut self.pending);
        let Some(first) = lines.first() else { return Ok(()) };
        let buf = &mut self.buf;
        if self.open_journal.as_deref() != Some(first.journal_code.as_str()) {
            if self.open_journal.is_some() {
                buf.extend_from_slice(b"</journal>\r\n");
            }
            buf.extend_from_slice(b"<journal>");
            element(buf, "JournalCode", &first.journal_code);
            element(buf, "JournalLib", &first.journal_lib);
            buf.extend_from_slice(b"\r\n");
            self.open_journal = Some(first.journal_code.clone());
        }
        let shared_letter = lines.iter().all(|l| l.ecriture_let == first.ecriture_let && l.date_let == first.date_let);
        buf.extend_from_slice(b"<ecriture>");
        element(buf, "EcritureNum", &first.ecriture_num);
        element(buf, "EcritureDate", &xml_date(first.ecriture_date));
        element(buf, "EcritureLib", &first.ecriture_lib);
        element(buf, "PieceRef", &first.piece_ref);
        element(buf, "PieceDate", &xml_date(first.piece_date));
        if shared_letter && !first.ecriture_let.is_empty() {
            element(buf, "EcritureLet", &first.ecriture_let);
            if let Some(d) = first.date_let {
                element(buf, "DateLet", &xml_date(d));
            }
        }
        element(buf, "ValidDate", &xml_date(first.valid_date));
        if matches!(self.options.regime, Regime::BaTresorerie | Regime::BncTresorerie) {
            let Some(t) = &first.treasury else {
                return Err(FecError::entry(
                    &first.ecriture_num,
                    "the trésorerie layouts need DateRglt and ModeRglt (A47 A-1 VIII 5°, 7°)",
                ));
            };
            element(buf, "DateRglt", &xml_date(t.date_rglt));
            element(buf, "ModeRglt", &t.mode_rglt);
            if !t.nat_op.is_empty() {
                element(buf, "NatOp", &t.nat_op);
            }
            if self.options.regime == Regime::BncTresorerie && !t.id_client.is_empty() {
                element(buf, "IdClient", &t.id_client);
            }
        }
        buf.extend_from_slice(b"\r\n");
        let bad_amount = || FecError::entry(&first.ecriture_num, "an amount has more than two decimals");
        for l in &lines {
            buf.extend_from_slice(b"<ligne>");
            element(buf, "CompteNum", &l.compte_num);
            element(buf, "CompteLib", &l.compte_lib);
            if !l.comp_aux_num.is_empty() {
                element(buf, "CompAuxNum", &l.comp_aux_num);
            }
            if !l.comp_aux_lib.is_empty() {
                element(buf, "CompAuxLib", &l.comp_aux_lib);
            }
            if let Some(a) = l.montant_devise {
                element(buf, "Montantdevise", &xml_amount(a).ok_or_else(bad_amount)?);
            }
            if !l.idevise.is_empty() {
                element(buf, "Idevise", &l.idevise);
            }
            let credit_side = l.debit.is_zero() && !l.credit.is_zero();
            let amount = if credit_side { l.credit } else { l.debit };
            let text = xml_amount(amount).ok_or_else(bad_amount)?;
            match self.options.amounts {
                AmountStyle::DebitCredit => element(buf, if credit_side { "Credit" } else { "Debit" }, &text),
                AmountStyle::MontantSens => {
                    element(buf, "Montant", &text);
                    element(buf, "Sens", if credit_side { "C" } else { "D" });
                }
            }
            if !shared_letter && !l.ecriture_let.is_empty() {
                element(buf, "EcritureLet", &l.ecriture_let);
                if let Some(d) = l.date_let {
                    element(buf, "DateLet", &xml_date(d));
                }
            }
            if l.ecriture_lib != first.ecriture_lib {
                element(buf, "EcritureLib", &l.ecriture_lib);
            }
            buf.extend_from_slice(b"</ligne>\r\n");
        }
        buf.extend_from_slice(b"</ecriture>\r\n");
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Closes the document, flushes, and returns the output.
    pub fn finish(mut self) -> Result<W> {
        self.order.close()?;
        self.flush_entry()?;
        if self.open_journal.is_some() {
            self.buf.extend_from_slice(b"</journal>\r\n");
        }
        self.buf.extend_from_slice(b"</exercice>\r\n</comptabilite>\r\n");
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes validated `entries`, already in FEC order ([`crate::sort_entries`]), as a flat FEC into
/// `out`; returns the output and the number of records written.
pub fn write_flat<'a, W: Write>(out: W, options: WriteOptions, entries: impl IntoIterator<Item = &'a JournalEntry>) -> Result<(W, u64)> {
    let mut w = FecWriter::new(out, options)?;
    for e in entries {
        w.write_entry(e)?;
    }
    let n = w.records();
    Ok((w.finish()?, n))
}

/// Writes validated `entries`, already in FEC order, as the XML FEC of the fiscal year closing on
/// `closing` into `out`; returns the output and the number of records written.
pub fn write_xml<'a, W: Write>(
    out: W,
    options: WriteOptions,
    closing: NaiveDate,
    entries: impl IntoIterator<Item = &'a JournalEntry>,
) -> Result<(W, u64)> {
    let mut w = XmlWriter::new(out, options, closing)?;
    let mut n = 0;
    for e in entries {
        w.write_entry(e)?;
        n += e.lines.len() as u64;
    }
    Ok((w.finish()?, n))
}
