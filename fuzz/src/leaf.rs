//! The leaves of generated documents: texts, decimals, dates and days, each mostly a plausible
//! value (so that the fuzzer reaches the deep code) and sometimes a hostile one (so that it
//! tries the edges: huge and malformed decimals, long and invisible texts, control characters,
//! dates outside any sensible range, shapes outside the published grammar).
//!
//! Every leaf is decided by a first byte: below [`PLAIN`] the value is an ordinary one of the
//! field, at or above it a hostile one. An exhausted input reads as zeros, so the shortest
//! input is a plain document.

use arbitrary::{Arbitrary, Result, Unstructured};
use facturier_core::NaiveDate;
use serde_json::Value;

/// The longest text a leaf makes (bytes): long enough to find work that grows with text, short
/// enough to keep thousands of runs a second.
pub const MAX_LONG: usize = 256 << 10;

/// Bytes below this select a plain value.
pub const PLAIN: u8 = 192;

/// A fixed list of plausible values for a field.
pub trait Pool {
    /// The values.
    const VALUES: &'static [&'static str];
}

/// Declares pools: `pool!(Name = ["a", "b"]);`.
#[macro_export]
macro_rules! pool {
    ($($name:ident = [$($v:expr),* $(,)?];)*) => {$(
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[doc = concat!("Plain values of `", stringify!($name), "`.")]
        pub struct $name;
        impl $crate::leaf::Pool for $name {
            const VALUES: &'static [&'static str] = &[$($v),*];
        }
    )*};
}

/// One of `values`, by the next byte.
pub fn pick<'a>(u: &mut Unstructured<'_>, values: &[&'a str]) -> Result<&'a str> {
    let i = usize::from(u8::arbitrary(u)?);
    Ok(values.get(i % values.len().max(1)).copied().unwrap_or(""))
}

/// Texts that look like markup of the templates (Typst), of JSON, of HTML or of a shell.
pub const MARKUP: &[&str] = &[
    "#import \"x\"",
    "]",
    "[",
    "$x$",
    "<a>",
    "@ref",
    "*_",
    "#{panic()}",
    "\\u{41} // /* ` =",
    "#set text(red) ] [",
    "#lorem(5000)",
    "\\",
    "\"",
    "{\"a\":1}",
    "<script>alert(1)</script>",
    "$(rm -rf /)",
    "%s%n",
    "../../etc/passwd",
];

/// Strings made only of invisible characters: spaces, zero-width, bidi controls, BOM.
pub const INVISIBLE: &[&str] =
    &["\u{200b}", "\u{200b}\u{200c}\u{200d}", "\u{202e}\u{200f}", "\u{feff}", "\u{2060}", "\u{a0}\u{202f}", "\u{3000}", "\u{2028}\u{2029}"];

/// Texts whose Unicode is unusual: combining marks (not NFC), right-to-left, astral planes.
pub const ODD_UNICODE: &[&str] = &[
    "e\u{301}cole",
    "A\u{30a}ngstro\u{308}m",
    "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",
    "\u{1f600}\u{1f44d}\u{1f3fd}",
    "\u{1d400}\u{1d401}",
    "Z\u{335}\u{30d}\u{31b}a\u{336}l\u{337}g\u{338}o",
    "\u{fdfd}",
    "\u{e000}",
    "\u{10ffff}",
    "ﬁ ﬂ Ǆ ß",
];

/// A text: a plain value of `P`, or a hostile one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<P>(pub String, std::marker::PhantomData<P>);

impl<P> Text<P> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'a, P: Pool> Arbitrary<'a> for Text<P> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let sel = u8::arbitrary(u)?;
        let s = if sel < PLAIN { pick(u, P::VALUES)?.to_owned() } else { hostile_text(u, sel, P::VALUES)? };
        Ok(Text(s, std::marker::PhantomData))
    }
}

/// A hostile text, `sel` being at or above [`PLAIN`].
pub fn hostile_text(u: &mut Unstructured<'_>, sel: u8, plain: &[&str]) -> Result<String> {
    Ok(match sel % 9 {
        0 => String::arbitrary(u)?,
        1 => pick(u, MARKUP)?.to_owned(),
        2 => {
            // a plain value with a control character (C0, DEL, C1) inserted
            let mut s = pick(u, plain)?.to_owned();
            let c = match u8::arbitrary(u)? % 36 {
                n @ 0..=31 => char::from(n),
                32 => '\u{7f}',
                33 => '\u{85}',
                34 => '\u{9b}',
                _ => '\u{0}',
            };
            let at = s.char_indices().map(|(i, _)| i).nth(usize::from(u8::arbitrary(u)?) % (s.chars().count() + 1)).unwrap_or(s.len());
            s.insert(at, c);
            s
        }
        3 => pick(u, INVISIBLE)?.repeat(usize::from(u8::arbitrary(u)? % 4) + 1),
        4 => {
            // long: a unit repeated up to 65 535 times, at most 256 KiB
            let unit = if bool::arbitrary(u)? { pick(u, plain)?.to_owned() } else { String::arbitrary(u)? };
            let times = usize::from(u16::arbitrary(u)?);
            let unit = if unit.is_empty() { "x".to_owned() } else { unit };
            unit.repeat(times.min(MAX_LONG / unit.len()).max(1))
        }
        5 => String::new(),
        6 => " ".repeat(usize::from(u8::arbitrary(u)? % 8) + 1),
        7 => pick(u, ODD_UNICODE)?.to_owned(),
        _ => {
            // a plain value with hostile company: markup, padding, another case
            let s = pick(u, plain)?;
            match u8::arbitrary(u)? % 5 {
                0 => format!(" {s} "),
                1 => s.to_lowercase(),
                2 => format!("{s}{}", pick(u, MARKUP)?),
                3 => s.replace(' ', "\t"),
                _ => format!("{s}\n{s}"),
            }
        }
    })
}

/// Decimals outside the published grammar `^-?[0-9]+(\.[0-9]+)?$`, or at the edges of the
/// range of exact decimals (28 digits).
pub const ODD_DECIMALS: &[&str] = &[
    "1e3",
    "1E+2",
    "+5",
    ".5",
    "5.",
    "1_000",
    "1 000",
    "1,5",
    "-0",
    "-0.00",
    "0x10",
    "NaN",
    "Infinity",
    "-",
    "",
    " 1",
    "1 ",
    "١٢",
    "00012.50",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "79228162514264337593543950336",
    "7922816251426433759354395033.5",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "1.00000000000000000000000000001",
    "123456789012345678901234567890",
    "99999999999999999999999999999999999999999",
    "1E+999999999",
    "1e-999999999",
    "0.1000000000000000055511151231257827021181583404541015625",
];

/// A decimal as JSON: a plain string of `P`, or a hostile value (odd string, huge, integer,
/// binary float, wrong type).
#[derive(Debug, Clone, PartialEq)]
pub struct Dec<P>(pub Value, std::marker::PhantomData<P>);

impl<P> Dec<P> {
    /// A given value.
    pub fn new(v: Value) -> Self {
        Dec(v, std::marker::PhantomData)
    }
}

impl<'a, P: Pool> Arbitrary<'a> for Dec<P> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let sel = u8::arbitrary(u)?;
        let v = if sel < PLAIN { Value::from(pick(u, P::VALUES)?) } else { hostile_decimal(u, sel, P::VALUES)? };
        Ok(Dec(v, std::marker::PhantomData))
    }
}

/// A hostile decimal, `sel` being at or above [`PLAIN`].
pub fn hostile_decimal(u: &mut Unstructured<'_>, sel: u8, plain: &[&str]) -> Result<Value> {
    Ok(match sel % 8 {
        0 => Value::from(pick(u, ODD_DECIMALS)?),
        1 => {
            // any 96-bit mantissa at any scale, as the string rust_decimal writes
            let m = i128::arbitrary(u)? % (1i128 << 96);
            let scale = u32::from(u8::arbitrary(u)? % 29);
            Value::from(facturier_core::Decimal::try_from_i128_with_scale(m, scale).map(|d| d.to_string()).unwrap_or_default())
        }
        2 => Value::from(i64::arbitrary(u)?),
        3 => Value::from(u64::arbitrary(u)?),
        4 => serde_json::json!(1.5),
        5 => {
            // a plain value made negative, or scaled far past its field's decimals
            let s = pick(u, plain)?;
            if bool::arbitrary(u)? {
                Value::from(format!("-{s}"))
            } else {
                Value::from(format!("{s}.{}", "0".repeat(usize::from(u8::arbitrary(u)? % 32) + 1)))
            }
        }
        6 => match u8::arbitrary(u)? % 4 {
            0 => Value::Null,
            1 => Value::Bool(true),
            2 => serde_json::json!([]),
            _ => serde_json::json!({}),
        },
        _ => Value::from(String::arbitrary(u)?),
    })
}

/// The day around which plain dates fall: the examples are of 2026.
pub fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
}

/// Dates chrono reads that no invoice should carry, and date shapes outside `YYYY-MM-DD`.
pub const ODD_DATES: &[&str] = &[
    "0000-01-01",
    "0001-01-01",
    "1899-12-31",
    "1970-01-01",
    "2099-12-31",
    "2100-01-01",
    "9999-12-31",
    "+10000-01-01",
    "+262142-12-31",
    "-262143-01-01",
    "-0001-12-31",
    "2026-1-5",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-12-32",
    "2026-W01-1",
    "2026-001",
    "2026-01-01T00:00:00",
    "2026-01-01Z",
    " 2026-01-01",
    "20260101",
    "01/02/2026",
    "",
];

/// A day for an operation (issue date, as-of date): mostly within two years of [`anchor`],
/// sometimes anywhere chrono can count, sometimes at its very edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate);

impl<'a> Arbitrary<'a> for Day {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let sel = u8::arbitrary(u)?;
        let a = anchor();
        let d = if sel < PLAIN {
            let off = i64::from(i8::arbitrary(u)?) * 4;
            a.checked_add_signed(chrono::TimeDelta::days(off)).unwrap_or(a)
        } else if sel < 240 {
            let off = i64::from(i32::arbitrary(u)?);
            a.checked_add_signed(chrono::TimeDelta::days(off)).unwrap_or(a)
        } else {
            match sel % 6 {
                0 => NaiveDate::MIN,
                1 => NaiveDate::MAX,
                2 => NaiveDate::from_ymd_opt(0, 1, 1).unwrap_or(a),
                3 => NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(a),
                4 => NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(a),
                _ => NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or(a),
            }
        };
        Ok(Day(d))
    }
}

/// A date as JSON: a plain [`Day`] written `YYYY-MM-DD`, or a hostile shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Date(pub Value);

impl<'a> Arbitrary<'a> for Date {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let sel = u8::arbitrary(u)?;
        Ok(Date(if sel < PLAIN {
            Value::from(Day::arbitrary(u)?.0.to_string())
        } else {
            match sel % 4 {
                0 | 1 => Value::from(pick(u, ODD_DATES)?),
                2 => Value::from(format!("{:04}-{:02}-{:02}", i32::arbitrary(u)?, u8::arbitrary(u)?, u8::arbitrary(u)?)),
                _ => Value::from(String::arbitrary(u)?),
            }
        }))
    }
}

/// Mostly `Some`: an optional field a plausible document has.
#[derive(Debug, Clone, PartialEq)]
pub struct Often<T>(pub Option<T>);

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Often<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Often(if u8::arbitrary(u)? < 224 { Some(T::arbitrary(u)?) } else { None }))
    }
}

/// Mostly `None`: an optional field a plain document lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Seldom<T>(pub Option<T>);

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Seldom<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Seldom(if u8::arbitrary(u)? >= 224 { Some(T::arbitrary(u)?) } else { None }))
    }
}

/// A short list: at most `N` generated elements (the fuzzer's input bounds it too).
#[derive(Debug, Clone, PartialEq)]
pub struct Few<T, const N: usize>(pub Vec<T>);

impl<'a, T: Arbitrary<'a>, const N: usize> Arbitrary<'a> for Few<T, N> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = usize::from(u8::arbitrary(u)?) % (N + 1);
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            if u.is_empty() {
                break;
            }
            v.push(T::arbitrary(u)?);
        }
        Ok(Few(v))
    }
}
