//! French formatting of numbers, money, rates, dates and identifiers: `1 234,56 €`, `5,5 %`,
//! `22/11/2026`, `813 883 964`.
//!
//! The primitives [`crate::presentation`] prints labels with, and what the core's own French
//! wordings (the legal mentions) format their figures with, kept below every domain module so
//! that any of them may print a number. Separators: U+202F (narrow no-break space) between
//! digit groups, U+00A0 (no-break space) before `€` and `%` so a value never wraps away from its
//! unit.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Narrow no-break space: the French thousands separator.
pub const THIN: char = '\u{202f}';
/// No-break space: between a number and its unit (`€`, `%`).
pub const NBSP: char = '\u{a0}';

/// Groups the digits of an unsigned integer part by three with [`THIN`].
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len().saturating_mul(2));
    let n = digits.chars().count();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && n.saturating_sub(i) % 3 == 0 {
            out.push(THIN);
        }
        out.push(c);
    }
    out
}

/// Formats `value` with at least `min_dp` and at most `max_dp` decimals, French style.
fn number(value: Decimal, min_dp: u32, max_dp: u32) -> String {
    let v = value.round_dp(max_dp).normalize();
    let v = if v.scale() < min_dp {
        let mut w = v;
        w.rescale(min_dp);
        w
    } else {
        v
    };
    let s = v.to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    if frac.is_empty() { format!("{sign}{}", group(digits)) } else { format!("{sign}{},{frac}", group(digits)) }
}

/// Money: `1 234,56 €` (2 decimals).
pub fn euros(amount: Decimal) -> String {
    format!("{}{NBSP}€", number(amount, 2, 2))
}

/// A unit price: 2 to 6 decimals, `24,50 €`, `0,125 €`.
pub fn unit_price(amount: Decimal) -> String {
    format!("{}{NBSP}€", number(amount, 2, 6))
}

/// An amount in another currency than the euro: `1 234,56 USD`.
pub fn money(amount: Decimal, currency: &str) -> String {
    if currency == "EUR" { euros(amount) } else { format!("{}{NBSP}{currency}", number(amount, 2, 2)) }
}

/// An amount of an interest computation, exact to 6 decimals (at least 2): `18,641096 €`.
pub fn money_precise(amount: Decimal, currency: &str) -> String {
    let unit = if currency == "EUR" { "€" } else { currency };
    format!("{}{NBSP}{unit}", number(amount, 2, 6))
}

/// A number of days: `1 jour`, `40 jours`.
pub fn days(n: i64) -> String {
    format!("{}{NBSP}{}", number(Decimal::from(n), 0, 0), if n.abs() > 1 { "jours" } else { "jour" })
}

/// A rate in percent: `20 %`, `5,5 %`.
pub fn percent(rate: Decimal) -> String {
    format!("{}{NBSP}%", number(rate, 0, 4))
}

/// A quantity: `3,5`, `12`, `1 500`.
pub fn quantity(q: Decimal) -> String {
    number(q, 0, 4)
}

/// A date: `22/11/2026`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// SIREN `813 883 964`, SIRET `813 883 964 00013`; anything else unchanged.
pub fn siren_siret(id: &str) -> String {
    let compact: String = id.chars().filter(|c| !c.is_whitespace()).collect();
    let all_digits = compact.chars().all(|c| c.is_ascii_digit());
    match compact.len() {
        9 if all_digits => format!("{}{NBSP}{}{NBSP}{}", &compact[0..3], &compact[3..6], &compact[6..9]),
        14 if all_digits => format!("{}{NBSP}{}{NBSP}{}{NBSP}{}", &compact[0..3], &compact[3..6], &compact[6..9], &compact[9..14]),
        _ => id.to_owned(),
    }
}

/// An IBAN in groups of four: `FR76 3000 4000 …`.
pub fn iban(iban: &str) -> String {
    let compact: Vec<char> = iban.chars().filter(|c| !c.is_whitespace()).collect();
    compact.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// The French label of a UN/ECE Recommendation 20 unit code; unknown codes are printed as is.
pub fn unit(code: &str) -> String {
    match code {
        "C62" | "H87" | "EA" | "XPP" => "u",
        "HUR" => "h",
        "MIN" => "min",
        "DAY" => "j",
        "WEE" => "sem.",
        "MON" => "mois",
        "ANN" => "an",
        "KGM" => "kg",
        "GRM" => "g",
        "TNE" => "t",
        "MTR" => "m",
        "KTM" => "km",
        "MTK" => "m²",
        "MTQ" => "m³",
        "LTR" => "l",
        "KWH" => "kWh",
        "LS" => "forfait",
        "SET" => "lot",
        "PR" => "paire",
        other => other,
    }
    .to_owned()
}

/// A decimal as the core writes it inside a sentence: every significant decimal, a decimal
/// comma, no digit grouping (`5,5`, `12,15`, `20`); the same text as
/// `value.normalize().to_string().replace('.', ",")`.
pub fn plain_number(value: Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// The French name of a country for an address line (ISO 3166 alpha-2 code); unknown codes
/// are printed as is.
pub fn country_name(code: &str) -> String {
    match code.to_ascii_uppercase().as_str() {
        "DE" => "Allemagne",
        "BE" => "Belgique",
        "ES" => "Espagne",
        "IT" => "Italie",
        "LU" => "Luxembourg",
        "NL" => "Pays-Bas",
        "PT" => "Portugal",
        "CH" => "Suisse",
        "GB" => "Royaume-Uni",
        "US" => "États-Unis",
        "MC" => "Monaco",
        "IE" => "Irlande",
        "AT" => "Autriche",
        _ => return code.to_owned(),
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn money_is_french() {
        assert_eq!(euros(dec!(1234.56)), "1\u{202f}234,56\u{a0}€");
        assert_eq!(euros(dec!(-0.5)), "-0,50\u{a0}€");
        assert_eq!(euros(dec!(1000000)), "1\u{202f}000\u{202f}000,00\u{a0}€");
        assert_eq!(euros(dec!(0)), "0,00\u{a0}€");
        assert_eq!(euros(dec!(999.999)), "1\u{202f}000,00\u{a0}€");
        assert_eq!(unit_price(dec!(24.5)), "24,50\u{a0}€");
        assert_eq!(unit_price(dec!(0.123456)), "0,123456\u{a0}€");
        assert_eq!(money(dec!(12), "USD"), "12,00\u{a0}USD");
        assert_eq!(money_precise(dec!(18.641096), "EUR"), "18,641096\u{a0}€");
        assert_eq!(money_precise(dec!(18.6), "EUR"), "18,60\u{a0}€");
        assert_eq!(money_precise(dec!(1234.5), "USD"), "1\u{202f}234,50\u{a0}USD");
        assert_eq!(
            (days(1), days(0), days(40), days(1200)),
            ("1\u{a0}jour".into(), "0\u{a0}jour".into(), "40\u{a0}jours".into(), "1\u{202f}200\u{a0}jours".into())
        );
    }

    #[test]
    fn rates_quantities_dates() {
        assert_eq!(percent(dec!(20)), "20\u{a0}%");
        assert_eq!(percent(dec!(20.00)), "20\u{a0}%");
        assert_eq!(percent(dec!(5.5)), "5,5\u{a0}%");
        assert_eq!(quantity(dec!(3.5)), "3,5");
        assert_eq!(quantity(dec!(3.50)), "3,5");
        assert_eq!(quantity(dec!(1500)), "1\u{202f}500");
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default()), "02/11/2026");
    }

    #[test]
    fn identifiers() {
        assert_eq!(siren_siret("813883964"), "813\u{a0}883\u{a0}964");
        assert_eq!(siren_siret("81388396400013"), "813\u{a0}883\u{a0}964\u{a0}00013");
        assert_eq!(siren_siret("ABC"), "ABC");
        assert_eq!(iban("FR7630004000031234567890143"), "FR76 3000 4000 0312 3456 7890 143");
        assert_eq!(unit("DAY"), "j");
        assert_eq!(unit("XYZ"), "XYZ");
    }

    #[test]
    fn plain_numbers_are_what_the_core_writes() {
        for v in [dec!(5.5), dec!(12.150), dec!(20), dec!(0.125), dec!(1000)] {
            assert_eq!(plain_number(v), v.normalize().to_string().replace('.', ","));
        }
        assert_eq!(plain_number(dec!(12.150)), "12,15");
    }
}
