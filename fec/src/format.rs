//! The flat file's vocabulary: columns and layouts, separators, charsets, and the exact text of
//! amounts, dates and labels (A47 A-1 VI, VII, VIII, XII).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One column of the FEC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Column {
    /// Journal code.
    JournalCode,
    /// Journal label.
    JournalLib,
    /// Entry number on a continuous sequence.
    EcritureNum,
    /// Booking date.
    EcritureDate,
    /// Account number.
    CompteNum,
    /// Account label.
    CompteLib,
    /// Auxiliary account number.
    CompAuxNum,
    /// Auxiliary account label.
    CompAuxLib,
    /// Piece reference.
    PieceRef,
    /// Piece date.
    PieceDate,
    /// Entry label.
    EcritureLib,
    /// Debit amount.
    Debit,
    /// Credit amount.
    Credit,
    /// Lettering code.
    EcritureLet,
    /// Lettering date.
    DateLet,
    /// Validation date.
    ValidDate,
    /// Amount in foreign currency.
    Montantdevise,
    /// Currency code.
    Idevise,
    /// Settlement date (BA/BNC trésorerie).
    DateRglt,
    /// Settlement mode (BA/BNC trésorerie).
    ModeRglt,
    /// Nature of the operation (BA/BNC trésorerie).
    NatOp,
    /// Customer id (BNC trésorerie).
    IdClient,
    /// Amount (Montant/Sens variant, A47 A-1 VII 2°).
    Montant,
    /// Side: D/C or +1/-1 (Montant/Sens variant).
    Sens,
}

impl Column {
    /// The name in the header line, as the law spells it.
    pub fn name(self) -> &'static str {
        match self {
            Column::JournalCode => "JournalCode",
            Column::JournalLib => "JournalLib",
            Column::EcritureNum => "EcritureNum",
            Column::EcritureDate => "EcritureDate",
            Column::CompteNum => "CompteNum",
            Column::CompteLib => "CompteLib",
            Column::CompAuxNum => "CompAuxNum",
            Column::CompAuxLib => "CompAuxLib",
            Column::PieceRef => "PieceRef",
            Column::PieceDate => "PieceDate",
            Column::EcritureLib => "EcritureLib",
            Column::Debit => "Debit",
            Column::Credit => "Credit",
            Column::EcritureLet => "EcritureLet",
            Column::DateLet => "DateLet",
            Column::ValidDate => "ValidDate",
            Column::Montantdevise => "Montantdevise",
            Column::Idevise => "Idevise",
            Column::DateRglt => "DateRglt",
            Column::ModeRglt => "ModeRglt",
            Column::NatOp => "NatOp",
            Column::IdClient => "IdClient",
            Column::Montant => "Montant",
            Column::Sens => "Sens",
        }
    }

    /// Every column, for looking names up.
    pub const ALL: [Column; 24] = [
        Column::JournalCode,
        Column::JournalLib,
        Column::EcritureNum,
        Column::EcritureDate,
        Column::CompteNum,
        Column::CompteLib,
        Column::CompAuxNum,
        Column::CompAuxLib,
        Column::PieceRef,
        Column::PieceDate,
        Column::EcritureLib,
        Column::Debit,
        Column::Credit,
        Column::EcritureLet,
        Column::DateLet,
        Column::ValidDate,
        Column::Montantdevise,
        Column::Idevise,
        Column::DateRglt,
        Column::ModeRglt,
        Column::NatOp,
        Column::IdClient,
        Column::Montant,
        Column::Sens,
    ];

    /// The column a header name means: case-insensitive, accents dropped, and the XSD's
    /// `CompteAuxNum`/`CompteAuxLib` spellings accepted (as Test Compta Demat does).
    pub fn from_name(name: &str) -> Option<Column> {
        let folded: String = name
            .trim()
            .chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'É' | 'È' => 'e',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let folded = match folded.as_str() {
            "compteauxnum" => "compauxnum",
            "compteauxlib" => "compauxlib",
            other => other,
        };
        Column::ALL.iter().copied().find(|c| c.name().to_ascii_lowercase() == folded)
    }

    /// True for the date columns.
    pub fn is_date(self) -> bool {
        matches!(self, Column::EcritureDate | Column::PieceDate | Column::DateLet | Column::ValidDate | Column::DateRglt)
    }

    /// True for the amount columns.
    pub fn is_amount(self) -> bool {
        matches!(self, Column::Debit | Column::Credit | Column::Montant | Column::Montantdevise)
    }
}

/// The field separator: tab or `|`, one in the whole file (A47 A-1 VI 1° c, I 4°).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    /// Tabulation (the recommended one).
    #[default]
    Tab,
    /// Vertical bar.
    Pipe,
}

impl Separator {
    /// The byte.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Tab => b'\t',
            Separator::Pipe => b'|',
        }
    }
}

/// The charset of a flat file: ASCII, ISO 8859-15 or UTF-8 (A47 A-1 XII 1°); written without BOM.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without byte-order mark.
    #[default]
    Utf8,
    /// ISO 8859-15 (Latin-9): characters it lacks are written `?`.
    Iso8859_15,
}

/// How amounts are written: Debit and Credit columns, or Montant and Sens (A47 A-1 VII 2°).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmountStyle {
    /// `Debit` and `Credit`, `0,00` on the unused side.
    #[default]
    DebitCredit,
    /// `Montant` (positive) and `Sens` (`D` or `C`).
    MontantSens,
}

/// The column set of the taxpayer's regime.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// BIC and IS, commercial accounting (A47 A-1 VII): 18 columns.
    #[default]
    Bic,
    /// BNC and BA keeping commercial accounting (VIII 3°): 18 columns, journal and account may be blank.
    BncBaCommercial,
    /// BA on a cash basis (VIII 5°): 21 columns (+ DateRglt, ModeRglt, NatOp).
    BaTresorerie,
    /// BNC on a cash basis (VIII 7°): 22 columns (+ DateRglt, ModeRglt, NatOp, IdClient).
    BncTresorerie,
}

impl Regime {
    /// The columns of the regime, in the law's order, with `amounts` written as asked.
    pub fn columns(self, amounts: AmountStyle) -> Vec<Column> {
        let mut c = vec![
            Column::JournalCode,
            Column::JournalLib,
            Column::EcritureNum,
            Column::EcritureDate,
            Column::CompteNum,
            Column::CompteLib,
            Column::CompAuxNum,
            Column::CompAuxLib,
            Column::PieceRef,
            Column::PieceDate,
            Column::EcritureLib,
        ];
        match amounts {
            AmountStyle::DebitCredit => c.extend([Column::Debit, Column::Credit]),
            AmountStyle::MontantSens => c.extend([Column::Montant, Column::Sens]),
        }
        c.extend([Column::EcritureLet, Column::DateLet, Column::ValidDate, Column::Montantdevise, Column::Idevise]);
        match self {
            Regime::Bic | Regime::BncBaCommercial => {}
            Regime::BaTresorerie => c.extend([Column::DateRglt, Column::ModeRglt, Column::NatOp]),
            Regime::BncTresorerie => c.extend([Column::DateRglt, Column::ModeRglt, Column::NatOp, Column::IdClient]),
        }
        c
    }

    /// The columns that may not be blank (A47 A-1 VII 1°; VIII 3°, 5°, 7°: "blank if unused").
    pub fn required(self) -> &'static [Column] {
        match self {
            Regime::Bic => &[
                Column::JournalCode,
                Column::JournalLib,
                Column::EcritureNum,
                Column::EcritureDate,
                Column::CompteNum,
                Column::CompteLib,
                Column::PieceRef,
                Column::PieceDate,
                Column::EcritureLib,
                Column::ValidDate,
            ],
            Regime::BncBaCommercial => &[
                Column::EcritureNum,
                Column::EcritureDate,
                Column::CompteLib,
                Column::PieceRef,
                Column::PieceDate,
                Column::EcritureLib,
                Column::ValidDate,
            ],
            Regime::BaTresorerie | Regime::BncTresorerie => &[
                Column::EcritureNum,
                Column::EcritureDate,
                Column::CompteLib,
                Column::PieceRef,
                Column::PieceDate,
                Column::EcritureLib,
                Column::ValidDate,
                Column::DateRglt,
                Column::ModeRglt,
            ],
        }
    }

    /// The name of the official XSD of the regime (DGFiP, 2014-06-05).
    pub fn xsd(self) -> &'static str {
        match self {
            Regime::Bic => "formatA47A-I-VII-1.xsd",
            Regime::BncBaCommercial => "formatA47A-I-VIII-3.xsd",
            Regime::BaTresorerie => "formatA47A-I-VIII-5.xsd",
            Regime::BncTresorerie => "formatA47A-I-VIII-7.xsd",
        }
    }
}

/// Appends `amount` as the FEC writes it: decimal comma, two decimals, no thousands separator,
/// `-` first when negative (A47 A-1 XII 2°). `None` when it has more than two decimals.
pub fn push_amount(out: &mut Vec<u8>, amount: Decimal, decimal: u8) -> Option<()> {
    let mut a = amount;
    if a.scale() != 2 {
        if a.scale() > 2 {
            a = a.normalize();
            if a.scale() > 2 {
                return None;
            }
        }
        a.rescale(2);
    }
    let m = a.mantissa();
    if m < 0 {
        out.push(b'-');
    }
    let abs = m.unsigned_abs();
    // the usual case fits in 64 bits, whose division by 10 is a multiplication
    let mut buf = [0u8; 48];
    let mut i = buf.len();
    let mut n = 0;
    let mut put = |digit: u8, i: &mut usize, n: &mut i32| {
        if *n == 2 {
            *i -= 1;
            buf[*i] = decimal;
        }
        *i -= 1;
        buf[*i] = b'0' + digit;
        *n += 1;
    };
    match u64::try_from(abs) {
        Ok(mut d) => loop {
            put((d % 10) as u8, &mut i, &mut n);
            d /= 10;
            if d == 0 && n >= 3 {
                break;
            }
        },
        Err(_) => {
            let mut d = abs;
            loop {
                put((d % 10) as u8, &mut i, &mut n);
                d /= 10;
                if d == 0 && n >= 3 {
                    break;
                }
            }
        }
    }
    out.extend_from_slice(buf.get(i..)?);
    Some(())
}

/// Appends `date` as `AAAAMMJJ` (A47 A-1 XII 4°).
pub fn push_date(out: &mut Vec<u8>, date: NaiveDate) {
    let y = date.year().clamp(0, 9999) as u32;
    let m = date.month();
    let d = date.day();
    out.extend_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'0' + (d / 10) as u8,
        b'0' + (d % 10) as u8,
    ]);
}

/// `AAAAMMJJ` of a real calendar date, else `None` (A47 A-1 XII 4°).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| b.get(r).map(|x| x.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0')));
    NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(4..6)?, n(6..8)?)
}

/// An amount as the FEC allows it (A47 A-1 XII 2°): digits (zero left-padding allowed), an
/// optional decimal comma, an optional sign as first or last character; no `.`, no thousands
/// separator. An empty field is 0 (as Test Compta Demat reads it). `None` otherwise.
pub fn parse_amount(s: &str) -> Option<Decimal> {
    parse_number(s, b',')
}

/// A number with `decimal` as decimal mark (the XML's `.`), else as [`parse_amount`].
pub fn parse_number(s: &str, decimal: u8) -> Option<Decimal> {
    let mut b = s.as_bytes();
    if b.is_empty() {
        return Some(Decimal::ZERO);
    }
    let mut negative = false;
    match b.first() {
        Some(b'-') => {
            negative = true;
            b = b.get(1..)?;
        }
        Some(b'+') => b = b.get(1..)?,
        _ => match b.last() {
            Some(b'-') => {
                negative = true;
                b = b.get(..b.len() - 1)?;
            }
            Some(b'+') => b = b.get(..b.len() - 1)?,
            _ => {}
        },
    }
    if b.is_empty() {
        return None;
    }
    // 64-bit digits while they fit (18 digits always do), 128-bit beyond
    let mut small: u64 = 0;
    let mut mantissa: Option<i128> = None;
    let mut scale: u32 = 0;
    let mut seen_mark = false;
    let mut digits = 0u32;
    for &c in b {
        if c.is_ascii_digit() {
            let d = c - b'0';
            match &mut mantissa {
                None if digits < 18 => small = small * 10 + u64::from(d),
                None => mantissa = Some(i128::from(small).checked_mul(10)?.checked_add(i128::from(d))?),
                Some(m) => *m = m.checked_mul(10)?.checked_add(i128::from(d))?,
            }
            digits += 1;
            if seen_mark {
                scale += 1;
            }
        } else if c == decimal && !seen_mark {
            seen_mark = true;
        } else {
            return None;
        }
    }
    if digits == 0 || scale > 28 {
        return None;
    }
    match mantissa {
        None => {
            let m = i64::try_from(small).ok()?;
            Some(Decimal::new(if negative { -m } else { m }, scale))
        }
        Some(m) => {
            if m > 79_228_162_514_264_337_593_543_950_335 {
                return None;
            }
            Decimal::try_from_i128_with_scale(if negative { -m } else { m }, scale).ok()
        }
    }
}

/// Bytes that never stay in a field as they are: tab, `|`, CR, LF, and 0xC2 (the first byte of a
/// UTF-8 no-break space).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\t' as usize] = true;
    t[b'|' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t[0xC2] = true;
    t
};

/// True when `s` may need sanitising: eight bytes at a time (a zero byte of `x ^ c` marks a
/// byte equal to `c`), the tail through [`SPECIAL`].
fn may_need_sanitizing(s: &str) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |y: u64| y.wrapping_sub(LO) & !y & HI;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        let found = zero(x ^ (LO * 0x09)) | zero(x ^ (LO * 0x7C)) | zero(x ^ (LO * 0x0D)) | zero(x ^ (LO * 0x0A)) | zero(x ^ (LO * 0xC2));
        if found != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|b| SPECIAL[usize::from(*b)])
}

/// Text as a field may hold it: tab, `|`, CR and LF become spaces (A47 A-1 VI 1°; fec.md §2 7),
/// a no-break space a space; `None` when nothing changes (no allocation).
pub fn sanitize(s: &str) -> Option<String> {
    if !may_need_sanitizing(s) {
        return None;
    }
    let clean: String = s.chars().map(|c| if matches!(c, '\t' | '|' | '\r' | '\n' | '\u{a0}') { ' ' } else { c }).collect();
    if clean == s { None } else { Some(clean) }
}

/// Appends `s` sanitised ([`sanitize`]) and encoded as `encoding`.
pub fn push_field(out: &mut Vec<u8>, s: &str, encoding: Encoding) {
    if encoding == Encoding::Utf8 && !may_need_sanitizing(s) {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    match sanitize(s) {
        Some(clean) => push_text(out, &clean, encoding),
        None => push_text(out, s, encoding),
    }
}

/// The ISO 8859-15 byte of `c`, `None` when Latin-9 lacks it.
pub fn latin9_byte(c: char) -> Option<u8> {
    let u = u32::from(c);
    match c {
        '€' => Some(0xA4),
        'Š' => Some(0xA6),
        'š' => Some(0xA8),
        'Ž' => Some(0xB4),
        'ž' => Some(0xB8),
        'Œ' => Some(0xBC),
        'œ' => Some(0xBD),
        'Ÿ' => Some(0xBE),
        _ if u < 0x80 => Some(u as u8),
        // the eight Latin-1 characters Latin-9 replaced
        _ if matches!(u, 0xA4 | 0xA6 | 0xA8 | 0xB4 | 0xB8 | 0xBC | 0xBD | 0xBE) => None,
        _ if (0xA0..=0xFF).contains(&u) => Some(u as u8),
        _ => None,
    }
}

/// The character of an ISO 8859-15 byte; `None` for the C1 controls 0x80-0x9F (Windows-1252's
/// printable characters there are not Latin-9: A47 A-1 XII 1°).
pub fn latin9_char(b: u8) -> Option<char> {
    Some(match b {
        0xA4 => '€',
        0xA6 => 'Š',
        0xA8 => 'š',
        0xB4 => 'Ž',
        0xB8 => 'ž',
        0xBC => 'Œ',
        0xBD => 'œ',
        0xBE => 'Ÿ',
        0x80..=0x9F => return None,
        b => char::from(b),
    })
}

/// Appends `s` encoded as `encoding`: ISO 8859-15 writes `?` for a character it lacks, after
/// mapping typographic quotes and dashes to their ASCII forms.
pub fn push_text(out: &mut Vec<u8>, s: &str, encoding: Encoding) {
    match encoding {
        Encoding::Utf8 => out.extend_from_slice(s.as_bytes()),
        Encoding::Iso8859_15 => {
            if s.is_ascii() {
                out.extend_from_slice(s.as_bytes());
                return;
            }
            for c in s.chars() {
                let c = match c {
                    '\u{2018}' | '\u{2019}' => '\'',
                    '\u{201c}' | '\u{201d}' => '"',
                    '\u{2013}' | '\u{2014}' => '-',
                    '\u{202f}' => ' ',
                    c => c,
                };
                out.push(latin9_byte(c).unwrap_or(b'?'));
            }
        }
    }
}

/// The Luhn key of a SIREN holds (INSEE: the 9th digit is a Luhn check digit).
pub fn siren_key_ok(siren: &str) -> bool {
    siren.len() == 9
        && siren.bytes().all(|b| b.is_ascii_digit())
        && siren.bytes().rev().enumerate().fold(0u32, |acc, (i, b)| {
            let d = u32::from(b - b'0');
            acc + if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        }) % 10
            == 0
}

/// The DGFiP file name `SirenFECAAAAMMJJ.txt` (A47 A-1 IX), AAAAMMJJ the closing date; refused
/// unless `siren` is nine digits.
pub fn file_name(siren: &str, closing: NaiveDate) -> crate::Result<String> {
    let siren = siren.trim();
    if siren.len() != 9 || !siren.bytes().all(|b| b.is_ascii_digit()) {
        return Err(crate::FecError::input(format!("`{siren}` is not a SIREN (nine digits)")));
    }
    let mut d = Vec::with_capacity(8);
    push_date(&mut d, closing);
    Ok(format!("{siren}FEC{}.txt", String::from_utf8_lossy(&d)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn amount(d: Decimal) -> String {
        let mut v = Vec::new();
        push_amount(&mut v, d, b',').unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn amounts_are_written_with_a_comma_and_two_decimals() {
        assert_eq!(amount(dec!(1411)), "1411,00");
        assert_eq!(amount(dec!(0)), "0,00");
        assert_eq!(amount(dec!(0.05)), "0,05");
        assert_eq!(amount(dec!(-12.5)), "-12,50");
        assert_eq!(amount(dec!(1234567.890)), "1234567,89");
        assert!(push_amount(&mut Vec::new(), dec!(1.234), b',').is_none());
    }

    #[test]
    fn amounts_are_read_as_the_law_allows() {
        assert_eq!(parse_amount("000000000001200,00"), Some(dec!(1200.00)));
        assert_eq!(parse_amount("12,5-"), Some(dec!(-12.5)));
        assert_eq!(parse_amount("+3"), Some(dec!(3)));
        assert_eq!(parse_amount(""), Some(Decimal::ZERO));
        assert_eq!(parse_amount("1234567890123456789012,34"), Some(dec!(1234567890123456789012.34)));
        assert_eq!(parse_amount("-999999999999999999,99"), Some(dec!(-999999999999999999.99)));
        assert_eq!(parse_amount("99999999999999999999999999999999"), None);
        for bad in ["12.50", "1 200,00", "1,2,3", "-", "12,-5", "abc", ","] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_are_real_and_compact() {
        assert_eq!(parse_date("20240229"), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(parse_date("20230229"), None);
        assert_eq!(parse_date("2024-02-29"), None);
        let mut v = Vec::new();
        push_date(&mut v, NaiveDate::from_ymd_opt(2024, 4, 10).unwrap());
        assert_eq!(v, b"20240410");
    }

    #[test]
    fn names_and_keys() {
        assert!(siren_key_ok("813883964"));
        assert!(!siren_key_ok("813883965"));
        assert_eq!(file_name("813883964", NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()).unwrap(), "813883964FEC20241231.txt");
        assert!(file_name("81388396", NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()).is_err());
        assert_eq!(Column::from_name("ÉcritureDate"), Some(Column::EcritureDate));
        assert_eq!(Column::from_name("compteauxnum"), Some(Column::CompAuxNum));
    }

    #[test]
    fn latin9_round_trips() {
        for c in ['€', 'é', 'Œ', 'a', 'Ÿ', 'ÿ'] {
            assert_eq!(latin9_byte(c).and_then(latin9_char), Some(c));
        }
        assert_eq!(latin9_byte('¤'), None);
        assert_eq!(latin9_char(0x80), None);
    }
}
