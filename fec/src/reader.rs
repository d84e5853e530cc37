//! The streaming readers: any FEC flat file (tab or `|`, UTF-8 with or without BOM, ISO 8859-15,
//! ASCII; CR, LF or CRLF; Debit/Credit or Montant/Sens; the 18, 21 or 22 columns and extra ones)
//! and the XML variant, from any software, with the line number in every error.

use std::io::BufRead;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format::{Column, latin9_char, parse_amount, parse_date, parse_number};
use crate::record::{FecRecord, Treasury};
use crate::{FecError, Result};

/// The charset a reader found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Charset {
    /// Only ASCII bytes so far.
    Ascii,
    /// UTF-8 (non-ASCII characters seen).
    Utf8,
    /// ISO 8859-15 (bytes that are not UTF-8 seen).
    Iso8859_15,
}

/// The header line as read: each column's name and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The names as written.
    pub names: Vec<String>,
    /// What each name means (`None` for an extra column).
    pub columns: Vec<Option<Column>>,
    index: [Option<usize>; 24],
}

impl Header {
    fn parse(names: Vec<String>) -> Header {
        let columns: Vec<Option<Column>> = names.iter().map(|n| Column::from_name(n)).collect();
        let mut index = [None; 24];
        for (i, c) in columns.iter().enumerate() {
            if let Some(c) = c {
                if let Some(slot) = Column::ALL.iter().position(|x| x == c).and_then(|k| index.get_mut(k)) {
                    if slot.is_none() {
                        *slot = Some(i);
                    }
                }
            }
        }
        Header { names, columns, index }
    }

    /// The position of `column` in the line, if the header has it.
    pub fn position(&self, column: Column) -> Option<usize> {
        Column::ALL.iter().position(|x| *x == column).and_then(|k| self.index.get(k).copied().flatten())
    }

    /// True when amounts are written as Montant and Sens.
    pub fn montant_sens(&self) -> bool {
        self.position(Column::Montant).is_some() && self.position(Column::Debit).is_none()
    }
}

/// One line of a flat file, split into fields, borrowed from the reader.
pub struct RawLine<'a> {
    /// 1-based line number.
    pub line: u64,
    text: &'a str,
    ranges: &'a [(usize, usize)],
}

impl<'a> RawLine<'a> {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// True for a blank line.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Field `i`, empty when absent.
    pub fn field(&self, i: usize) -> &'a str {
        self.ranges.get(i).and_then(|&(a, b)| self.text.get(a..b)).unwrap_or("")
    }

    /// The whole line.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// The streaming reader of the flat file.
pub struct FlatReader<R: BufRead> {
    input: R,
    line: u64,
    charset: Charset,
    separator: u8,
    header: Header,
    bom: bool,
    raw: Vec<u8>,
    text: String,
    ranges: Vec<(usize, usize)>,
}

/// Reads one line (without its CR, LF or CRLF) into `raw`; false at the end of the input.
fn read_line<R: BufRead>(input: &mut R, raw: &mut Vec<u8>) -> std::io::Result<bool> {
    raw.clear();
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(!raw.is_empty());
        }
        match memchr::memchr2(b'\n', b'\r', available) {
            Some(i) => {
                let cr = available.get(i) == Some(&b'\r');
                raw.extend_from_slice(available.get(..i).unwrap_or_default());
                input.consume(i + 1);
                if cr && input.fill_buf()?.first() == Some(&b'\n') {
                    input.consume(1);
                }
                return Ok(true);
            }
            None => {
                let n = available.len();
                raw.extend_from_slice(available);
                input.consume(n);
            }
        }
    }
}

impl<R: BufRead> FlatReader<R> {
    /// A reader of `input`; reads the header line. Refuses UTF-16, a header without tab or `|`
    /// (A47 A-1 VI 1° c), or both.
    pub fn new(input: R) -> Result<FlatReader<R>> {
        let r = Self::open(input)?;
        match r.separator {
            b'\t' | b'|' => Ok(r),
            other => Err(FecError::Header {
                line: 1,
                message: format!("the separator is `{}`: only tab or `|` are allowed (A47 A-1 VI 1° c)", char::from(other)),
            }),
        }
    }

    /// A reader of `input` with whatever separator the header shows (`;` and `,` included),
    /// for the checker, which reports a refused separator and reads on.
    pub(crate) fn open(mut input: R) -> Result<FlatReader<R>> {
        let start = input.fill_buf()?;
        if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) || start.iter().take(64).any(|b| *b == 0) {
            return Err(FecError::Charset {
                line: 1,
                message: "UTF-16 (or NUL bytes): the FEC is ASCII, ISO 8859-15 or UTF-8 (A47 A-1 XII 1°)".into(),
            });
        }
        let bom = start.starts_with(&[0xEF, 0xBB, 0xBF]);
        if bom {
            input.consume(3);
        }
        let mut r = FlatReader {
            input,
            line: 0,
            charset: if bom { Charset::Utf8 } else { Charset::Ascii },
            separator: b'\t',
            header: Header::parse(Vec::new()),
            bom,
            raw: Vec::new(),
            text: String::new(),
            ranges: Vec::new(),
        };
        if !r.next_text()? {
            return Err(FecError::Header {
                line: 1,
                message: "the file is empty: the first line names the fields (A47 A-1 VII 4°)".into(),
            });
        }
        let tabs = r.text.bytes().filter(|b| *b == b'\t').count();
        let pipes = r.text.bytes().filter(|b| *b == b'|').count();
        r.separator = match (tabs, pipes) {
            (0, 0) => {
                if r.text.contains(';') {
                    b';'
                } else if r.text.contains(',') {
                    b','
                } else {
                    return Err(FecError::Header { line: 1, message: "no separator in the header line (tab or `|`)".into() });
                }
            }
            (_, 0) => b'\t',
            (0, _) => b'|',
            _ => {
                return Err(FecError::Header {
                    line: 1,
                    message: "both tab and `|` in the header: one separator per file (A47 A-1 I 4°)".into(),
                });
            }
        };
        let sep = char::from(r.separator);
        r.header = Header::parse(r.text.split(sep).map(str::to_owned).collect());
        Ok(r)
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The separator byte.
    pub fn separator(&self) -> u8 {
        self.separator
    }

    /// The charset found so far.
    pub fn charset(&self) -> Charset {
        self.charset
    }

    /// True when the file began with a UTF-8 byte-order mark (stripped).
    pub fn had_bom(&self) -> bool {
        self.bom
    }

    /// The number of the last line read.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Reads and decodes the next line into `text`; false at the end.
    fn next_text(&mut self) -> Result<bool> {
        let mut raw = std::mem::take(&mut self.text).into_bytes();
        std::mem::swap(&mut raw, &mut self.raw);
        if !read_line(&mut self.input, &mut self.raw)? {
            return Ok(false);
        }
        self.line += 1;
        let line = self.line;
        if self.charset != Charset::Iso8859_15 {
            match std::str::from_utf8(&self.raw) {
                Ok(s) => {
                    if self.charset == Charset::Ascii && !s.is_ascii() {
                        self.charset = Charset::Utf8;
                    }
                    self.text = String::from_utf8(std::mem::take(&mut self.raw)).unwrap_or_default();
                    return Ok(true);
                }
                Err(_) if self.charset == Charset::Utf8 => {
                    return Err(FecError::Charset {
                        line,
                        message: "bytes that are not UTF-8 in a UTF-8 file: one charset per file (A47 A-1 XII 1°)".into(),
                    });
                }
                Err(_) => self.charset = Charset::Iso8859_15,
            }
        }
        let mut text = String::with_capacity(self.raw.len() + 8);
        for &b in &self.raw {
            if b == 0 {
                return Err(FecError::Charset { line, message: "NUL byte: UTF-16 is not allowed (A47 A-1 XII 1°)".into() });
            }
            match latin9_char(b) {
                Some(c) => text.push(c),
                None => {
                    return Err(FecError::Charset {
                        line,
                        message: format!(
                            "byte 0x{b:02X} is a C1 control in ISO 8859-15 (Windows-1252?): not an allowed charset (A47 A-1 XII 1°)"
                        ),
                    });
                }
            }
        }
        self.text = text;
        Ok(true)
    }

    /// The next line split into fields, `None` at the end.
    pub fn next_raw(&mut self) -> Result<Option<RawLine<'_>>> {
        if !self.next_text()? {
            return Ok(None);
        }
        self.ranges.clear();
        let mut start = 0;
        for i in memchr::memchr_iter(self.separator, self.text.as_bytes()) {
            self.ranges.push((start, i));
            start = i + 1;
        }
        self.ranges.push((start, self.text.len()));
        if self.text.is_empty() {
            self.ranges.clear();
        }
        Ok(Some(RawLine { line: self.line, text: &self.text, ranges: &self.ranges }))
    }

    /// The next record, typed, `None` at the end; blank lines are skipped.
    pub fn next_record(&mut self) -> Result<Option<FecRecord>> {
        let header = self.header.clone();
        let expected = header.names.len();
        loop {
            let Some(raw) = self.next_raw()? else { return Ok(None) };
            if raw.is_empty() {
                continue;
            }
            if raw.len() != expected {
                return Err(FecError::field(raw.line, "", format!("{} fields instead of the {expected} of the header", raw.len())));
            }
            return record_of(&header, &raw).map(Some);
        }
    }
}

impl<R: BufRead> Iterator for FlatReader<R> {
    type Item = Result<FecRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}

/// The typed record of a raw line under `header`.
pub(crate) fn record_of(header: &Header, raw: &RawLine<'_>) -> Result<FecRecord> {
    let line = raw.line;
    let text = |c: Column| header.position(c).map_or("", |i| raw.field(i));
    let date = |c: Column| -> Result<NaiveDate> {
        parse_date(text(c)).ok_or_else(|| FecError::field(line, c.name(), format!("`{}` is not a real date AAAAMMJJ", text(c))))
    };
    let opt_date = |c: Column| -> Result<Option<NaiveDate>> { if text(c).is_empty() { Ok(None) } else { date(c).map(Some) } };
    let amount = |c: Column| -> Result<Decimal> {
        parse_amount(text(c))
            .ok_or_else(|| FecError::field(line, c.name(), format!("`{}` is not an amount (decimal comma, A47 A-1 XII 2°)", text(c))))
    };
    let (debit, credit) = if header.montant_sens() {
        let m = amount(Column::Montant)?;
        match text(Column::Sens) {
            "D" | "d" | "+1" => (m, Decimal::ZERO),
            "C" | "c" | "-1" => (Decimal::ZERO, m),
            other => return Err(FecError::field(line, "Sens", format!("`{other}` is not D, C, +1 or -1 (A47 A-1 X)"))),
        }
    } else {
        (amount(Column::Debit)?, amount(Column::Credit)?)
    };
    let montant_devise = if text(Column::Montantdevise).is_empty() { None } else { Some(amount(Column::Montantdevise)?) };
    let treasury = if header.position(Column::DateRglt).is_some() && !text(Column::DateRglt).is_empty() {
        Some(Treasury {
            date_rglt: date(Column::DateRglt)?,
            mode_rglt: text(Column::ModeRglt).to_owned(),
            nat_op: text(Column::NatOp).to_owned(),
            id_client: text(Column::IdClient).to_owned(),
        })
    } else {
        None
    };
    Ok(FecRecord {
        journal_code: text(Column::JournalCode).to_owned(),
        journal_lib: text(Column::JournalLib).to_owned(),
        ecriture_num: text(Column::EcritureNum).to_owned(),
        ecriture_date: date(Column::EcritureDate)?,
        compte_num: text(Column::CompteNum).to_owned(),
        compte_lib: text(Column::CompteLib).to_owned(),
        comp_aux_num: text(Column::CompAuxNum).to_owned(),
        comp_aux_lib: text(Column::CompAuxLib).to_owned(),
        piece_ref: text(Column::PieceRef).to_owned(),
        piece_date: date(Column::PieceDate)?,
        ecriture_lib: text(Column::EcritureLib).to_owned(),
        debit,
        credit,
        ecriture_let: text(Column::EcritureLet).to_owned(),
        date_let: opt_date(Column::DateLet)?,
        valid_date: date(Column::ValidDate)?,
        montant_devise,
        idevise: text(Column::Idevise).to_owned(),
        treasury,
    })
}

/// Counts the lines of what the XML parser consumed.
struct Lines<R> {
    inner: R,
    newlines: u64,
}

impl<R: std::io::Read> std::io::Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        if let Ok(b) = self.inner.fill_buf() {
            self.newlines += memchr::memchr_iter(b'\n', b.get(..amt).unwrap_or(b)).count() as u64;
        }
        self.inner.consume(amt);
    }
}

/// A date of the XML: `xs:date` or `xs:dateTime` (its date part).
pub(crate) fn xml_date(s: &str) -> Option<NaiveDate> {
    let d = s.trim().get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// An amount of the XML: `xs:float` written as a plain decimal (a comma is tolerated, TCD #24).
pub(crate) fn xml_amount(s: &str) -> Option<Decimal> {
    let s = s.trim();
    parse_number(s, b'.').or_else(|| parse_number(s, b','))
}

/// The fields of one entry and of its current line in the XML.
#[derive(Default)]
struct XmlState {
    journal_code: String,
    journal_lib: String,
    entry: Vec<(String, String)>,
    ligne: Vec<(String, String)>,
    lignes_in_entry: u32,
}

/// Where the parser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Outside,
    Journal,
    Ecriture,
    Ligne,
}

/// The streaming reader of the XML variant: one [`FecRecord`] per `<ligne>`, its entry's fields
/// copied; line numbers in every error.
pub struct XmlReader<R: BufRead> {
    xml: quick_xml::Reader<Lines<R>>,
    buf: Vec<u8>,
    level: Level,
    state: XmlState,
    leaf: Option<String>,
    text: String,
    closing: Option<NaiveDate>,
    schema: Option<String>,
    done: bool,
}

impl<R: BufRead> XmlReader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> XmlReader<R> {
        let mut xml = quick_xml::Reader::from_reader(Lines { inner: input, newlines: 0 });
        xml.config_mut().trim_text(false);
        XmlReader {
            xml,
            buf: Vec::new(),
            level: Level::Outside,
            state: XmlState::default(),
            leaf: None,
            text: String::new(),
            closing: None,
            schema: None,
            done: false,
        }
    }

    /// The current 1-based line.
    pub fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    /// DateCloture, once read.
    pub fn closing(&self) -> Option<NaiveDate> {
        self.closing
    }

    /// The XSD the root names (`xsi:noNamespaceSchemaLocation`), once read.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    fn error(&self, message: impl Into<String>) -> FecError {
        FecError::Xml { line: self.line(), message: message.into() }
    }

    /// The next record, `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<FecRecord>> {
        use quick_xml::events::Event;
        if self.done {
            return Ok(None);
        }
        loop {
            self.buf.clear();
            let event =
                self.xml.read_event_into(&mut self.buf).map_err(|e| FecError::Xml { line: 0, message: format!("not well formed: {e}") });
            let event = match event {
                Ok(e) => e,
                Err(FecError::Xml { message, .. }) => return Err(self.error(message)),
                Err(e) => return Err(e),
            };
            match event {
                Event::Start(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    match (self.level, name.as_str()) {
                        (_, "comptabilite") => {
                            for a in e.attributes().flatten() {
                                if a.key.local_name().as_ref() == b"noNamespaceSchemaLocation" {
                                    self.schema = Some(String::from_utf8_lossy(&a.value).into_owned());
                                }
                            }
                        }
                        (_, "exercice") => {}
                        (Level::Outside, "journal") => {
                            self.level = Level::Journal;
                            self.state.journal_code.clear();
                            self.state.journal_lib.clear();
                        }
                        (Level::Journal, "ecriture") => {
                            self.level = Level::Ecriture;
                            self.state.entry.clear();
                            self.state.lignes_in_entry = 0;
                        }
                        (Level::Ecriture, "ligne") => {
                            self.level = Level::Ligne;
                            self.state.ligne.clear();
                        }
                        _ => {
                            self.leaf = Some(name);
                            self.text.clear();
                        }
                    }
                }
                Event::Text(t) if self.leaf.is_some() => {
                    let s = t.decode().map_err(|e| FecError::Xml { line: self.xml.get_ref().newlines + 1, message: e.to_string() })?;
                    self.text.push_str(&s);
                }
                Event::CData(t) if self.leaf.is_some() => {
                    self.text.push_str(&String::from_utf8_lossy(&t));
                }
                Event::GeneralRef(r) if self.leaf.is_some() => {
                    let line = self.xml.get_ref().newlines + 1;
                    let c = match r.resolve_char_ref().map_err(|e| FecError::Xml { line, message: e.to_string() })? {
                        Some(c) => c,
                        None => match r.as_ref() {
                            b"amp" => '&',
                            b"lt" => '<',
                            b"gt" => '>',
                            b"quot" => '"',
                            b"apos" => '\'',
                            other => {
                                return Err(FecError::Xml {
                                    line,
                                    message: format!("unknown entity &{};", String::from_utf8_lossy(other)),
                                });
                            }
                        },
                    };
                    self.text.push(c);
                }
                Event::Empty(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    self.store(name, String::new());
                }
                Event::End(e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    if let Some(leaf) = self.leaf.take() {
                        let text = std::mem::take(&mut self.text);
                        self.store(leaf, text);
                        continue;
                    }
                    match (self.level, name.as_str()) {
                        (Level::Ligne, "ligne") => {
                            self.level = Level::Ecriture;
                            self.state.lignes_in_entry += 1;
                            return self.record().map(Some);
                        }
                        (Level::Ecriture, "ecriture") => {
                            if self.state.lignes_in_entry < 2 {
                                return Err(self.error("an ecriture has at least two lignes (XSD: minOccurs=2)"));
                            }
                            self.level = Level::Journal;
                        }
                        (Level::Journal, "journal") => self.level = Level::Outside,
                        _ => {}
                    }
                }
                Event::Eof => {
                    self.done = true;
                    if self.level != Level::Outside || self.leaf.is_some() {
                        return Err(self.error("not well formed: the XML ends inside an element"));
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }

    fn store(&mut self, name: String, text: String) {
        match self.level {
            Level::Outside if name == "DateCloture" => self.closing = xml_date(&text),
            Level::Journal if name == "JournalCode" => self.state.journal_code = text,
            Level::Journal if name == "JournalLib" => self.state.journal_lib = text,
            Level::Ecriture => self.state.entry.push((name, text)),
            Level::Ligne => self.state.ligne.push((name, text)),
            _ => {}
        }
    }

    /// The record of the `<ligne>` just closed.
    fn record(&self) -> Result<FecRecord> {
        let get = |name: &str| -> &str {
            self.state
                .ligne
                .iter()
                .rev()
                .chain(self.state.entry.iter().rev())
                .find(|(n, _)| n == name || (name == "CompAuxNum" && n == "CompteAuxNum") || (name == "CompAuxLib" && n == "CompteAuxLib"))
                .map_or("", |(_, v)| v.as_str())
        };
        let date = |name: &str| xml_date(get(name)).ok_or_else(|| self.error(format!("{name}: `{}` is not an xs:date", get(name))));
        let amount = |name: &str| xml_amount(get(name)).ok_or_else(|| self.error(format!("{name}: `{}` is not an amount", get(name))));
        let has = |name: &str| self.state.ligne.iter().any(|(n, _)| n == name);
        let (debit, credit) = if has("Debit") {
            (amount("Debit")?, Decimal::ZERO)
        } else if has("Credit") {
            (Decimal::ZERO, amount("Credit")?)
        } else if has("Montant") {
            let m = amount("Montant")?;
            match get("Sens").trim() {
                "D" | "d" | "+1" => (m, Decimal::ZERO),
                "C" | "c" | "-1" => (Decimal::ZERO, m),
                other => return Err(self.error(format!("Sens `{other}` is not D, C, +1 or -1"))),
            }
        } else {
            return Err(self.error("a ligne has Debit, Credit, or Montant and Sens (XSD)"));
        };
        let opt = |name: &str| if get(name).is_empty() { Ok(None) } else { date(name).map(Some) };
        let treasury = if get("DateRglt").is_empty() {
            None
        } else {
            Some(Treasury {
                date_rglt: date("DateRglt")?,
                mode_rglt: get("ModeRglt").to_owned(),
                nat_op: get("NatOp").to_owned(),
                id_client: get("IdClient").to_owned(),
            })
        };
        Ok(FecRecord {
            journal_code: self.state.journal_code.clone(),
            journal_lib: self.state.journal_lib.clone(),
            ecriture_num: get("EcritureNum").to_owned(),
            ecriture_date: date("EcritureDate")?,
            compte_num: get("CompteNum").to_owned(),
            compte_lib: get("CompteLib").to_owned(),
            comp_aux_num: get("CompAuxNum").to_owned(),
            comp_aux_lib: get("CompAuxLib").to_owned(),
            piece_ref: get("PieceRef").to_owned(),
            piece_date: date("PieceDate")?,
            ecriture_lib: get("EcritureLib").to_owned(),
            debit,
            credit,
            ecriture_let: get("EcritureLet").to_owned(),
            date_let: opt("DateLet")?,
            valid_date: date("ValidDate")?,
            montant_devise: if get("Montantdevise").is_empty() { None } else { Some(amount("Montantdevise")?) },
            idevise: get("Idevise").to_owned(),
            treasury,
        })
    }
}

impl<R: BufRead> Iterator for XmlReader<R> {
    type Item = Result<FecRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}
