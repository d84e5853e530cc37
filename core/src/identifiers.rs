//! French and EU business identifiers: SIREN, SIRET, intra-EU VAT numbers, IBAN and BIC.
//!
//! Every check is a pure function of a `&str`: it normalises the input (see [`normalize`]),
//! then checks the characters, the length, the layout and the check digits, in that order,
//! and reports the first problem found. None of them panics, whatever the input.

use std::fmt;

/// Why an identifier is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdProblem {
    /// The identifier has the wrong number of characters.
    Length,
    /// The identifier contains characters its format does not allow.
    Characters,
    /// The check digits (Luhn, mod 97, VAT key) do not match.
    Checksum,
    /// The characters are allowed but not laid out as the format requires.
    Format,
    /// A number INSEE never assigns: all zeros (it passes the Luhn key).
    Unassigned,
}

impl IdProblem {
    /// A short English sentence describing the problem.
    pub fn describe(self) -> &'static str {
        match self {
            IdProblem::Length => "the identifier has the wrong number of characters",
            IdProblem::Characters => "the identifier contains characters that are not allowed",
            IdProblem::Checksum => "the identifier's check digits are wrong",
            IdProblem::Format => "the identifier is not in the expected format",
            IdProblem::Unassigned => "the identifier is never assigned (all zeros)",
        }
    }
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Drops the usual separators (ASCII space, NBSP U+00A0, narrow NBSP U+202F, `.`, `-`) and
/// uppercases ASCII letters; other characters are kept as they are, so checks reject them.
pub fn normalize(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '.' | '-')).map(|c| c.to_ascii_uppercase()).collect()
}

/// True when every byte of `s` is an ASCII digit (and `s` is not empty).
fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Luhn (mod 10) check of an all-digit string, as INSEE uses for SIREN and SIRET.
// the digits of a 9- or 14-character identifier: the sum stays far below u32::MAX
#[allow(clippy::arithmetic_side_effects)]
fn luhn(digits: &str) -> bool {
    let mut sum: u32 = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b.wrapping_sub(b'0'));
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// Checks an all-digit identifier of `len` digits with the Luhn key.
fn check_digits_luhn(n: &str, len: usize) -> Result<(), IdProblem> {
    if !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdProblem::Characters);
    }
    if n.len() != len {
        return Err(IdProblem::Length);
    }
    // 000000000 passes the key but is never assigned (issue 12: accepted before)
    if n.bytes().all(|b| b == b'0') {
        return Err(IdProblem::Unassigned);
    }
    if luhn(n) { Ok(()) } else { Err(IdProblem::Checksum) }
}

/// The SIREN of La Poste, whose establishments escape the Luhn key of the SIRET.
const LA_POSTE_SIREN: &str = "356000000";

/// Checks a SIREN: 9 digits with a Luhn key (INSEE, répertoire SIRENE; C. com. R123-221 and
/// R123-237, which require it on every invoice and business paper).
pub fn check_siren(s: &str) -> Result<(), IdProblem> {
    check_digits_luhn(&normalize(s), 9)
}

/// Checks a SIRET: 14 digits (SIREN + 5-digit NIC) with a Luhn key (INSEE; C. com. R123-221
/// and R123-237).
///
/// La Poste exception (documented INSEE practice): the NICs of La Poste (SIREN 356000000)
/// outnumber what the Luhn key allows, so its establishments are valid when the sum of the
/// 14 digits is a multiple of 5; either that rule or the Luhn key is accepted for them.
pub fn check_siret(s: &str) -> Result<(), IdProblem> {
    let n = normalize(s);
    match check_digits_luhn(&n, 14) {
        Err(IdProblem::Checksum) if n.starts_with(LA_POSTE_SIREN) => {
            let sum: u32 = n.bytes().map(|b| u32::from(b.wrapping_sub(b'0'))).sum();
            if sum % 5 == 0 { Ok(()) } else { Err(IdProblem::Checksum) }
        }
        other => other,
    }
}

/// True when the SIRET's first 9 digits are the SIREN (both normalised; the SIREN must be
/// 9 digits). The check digits are not verified here (INSEE: SIRET = SIREN + NIC).
pub fn siret_matches_siren(siret: &str, siren: &str) -> bool {
    let siret = normalize(siret);
    let siren = normalize(siren);
    siren.len() == 9 && all_digits(&siren) && siret.get(..9) == Some(siren.as_str())
}

/// The French VAT key of a 9-digit SIREN: (12 + 3 × (SIREN mod 97)) mod 97
/// (CGI ann. IV art. 286 ter; DGFiP key formula). `None` if `siren` is not 9 digits.
// n mod 97 < 97: the key stays below 400
#[allow(clippy::arithmetic_side_effects)]
fn french_vat_key(siren: &str) -> Option<u64> {
    if siren.len() != 9 || !all_digits(siren) {
        return None;
    }
    let n: u64 = siren.parse().ok()?;
    Some((12 + 3 * (n % 97)) % 97)
}

/// The French intra-EU VAT number of a SIREN: `FR` + 2-digit key + SIREN, the key being
/// (12 + 3 × (SIREN mod 97)) mod 97 (CGI ann. IV art. 286 ter; DGFiP key formula).
/// `None` if the SIREN is invalid.
pub fn french_vat_number(siren: &str) -> Option<String> {
    let n = normalize(siren);
    check_siren(&n).ok()?;
    let key = french_vat_key(&n)?;
    Some(format!("FR{key:02}{n}"))
}

/// Country prefixes of the EU VAT numbers other than France (VIES, Directive 2006/112/EC
/// art. 215: Greece uses `EL`, Northern Ireland `XI`).
const EU_VAT_PREFIXES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT",
    "RO", "SE", "SI", "SK", "XI",
];

/// Checks an intra-EU VAT number (Directive 2006/112/EC art. 214-215; CGI art. 286 ter and
/// CGI ann. IV art. 286 ter for the French key).
///
/// French numbers are `FR` + 2-character key + 9-digit SIREN: the SIREN must pass the Luhn
/// key and an all-digit key must equal (12 + 3 × (SIREN mod 97)) mod 97 (DGFiP formula);
/// keys containing letters (new-style keys) are accepted on format only. Other member states
/// are checked on format only: a VIES prefix followed by 2 to 12 ASCII letters or digits.
pub fn check_vat_number(s: &str) -> Result<(), IdProblem> {
    let n = normalize(s);
    if !n.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(IdProblem::Characters);
    }
    let (Some(prefix), Some(rest)) = (n.get(..2), n.get(2..)) else {
        return Err(IdProblem::Format);
    };
    if prefix == "FR" {
        if rest.len() != 11 {
            return Err(IdProblem::Length);
        }
        let (Some(key), Some(siren)) = (rest.get(..2), rest.get(2..)) else {
            return Err(IdProblem::Format);
        };
        if !all_digits(siren) {
            return Err(IdProblem::Format);
        }
        check_siren(siren)?;
        if all_digits(key) {
            let expected = french_vat_key(siren).ok_or(IdProblem::Format)?;
            if key.parse::<u64>().ok() != Some(expected) {
                return Err(IdProblem::Checksum);
            }
        }
        Ok(())
    } else if EU_VAT_PREFIXES.contains(&prefix) {
        if (2..=12).contains(&rest.len()) { Ok(()) } else { Err(IdProblem::Format) }
    } else {
        Err(IdProblem::Format)
    }
}

/// The SIREN inside a French VAT number (`FR` + 2-character key + 9 digits), normalised;
/// `None` for any other shape. The check digits are not verified: use [`check_vat_number`].
pub fn vat_number_siren(s: &str) -> Option<String> {
    let n = normalize(s);
    if n.len() != 13 || !n.starts_with("FR") {
        return None;
    }
    let key = n.get(2..4)?;
    let siren = n.get(4..)?;
    (key.bytes().all(|b| b.is_ascii_alphanumeric()) && all_digits(siren)).then(|| siren.to_owned())
}

/// IBAN length per country (ISO 13616 / SWIFT IBAN registry), for the SEPA area and the
/// French overseas territories that have their own ISO code.
#[rustfmt::skip]
const IBAN_LENGTHS: [(&str, usize); 49] = [
    ("AD", 24), ("AT", 20), ("BE", 16), ("BG", 22), ("CH", 21), ("CY", 28), ("CZ", 24), ("DE", 22),
    ("DK", 18), ("EE", 20), ("ES", 24), ("FI", 18), ("FR", 27), ("GB", 22), ("GI", 23), ("GR", 27),
    ("HR", 21), ("HU", 28), ("IE", 22), ("IS", 26), ("IT", 27), ("LI", 21), ("LT", 20), ("LU", 20),
    ("LV", 21), ("MC", 27), ("MT", 31), ("NL", 18), ("NO", 15), ("PL", 28), ("PT", 25), ("RO", 24),
    ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("VA", 22),
    // French overseas departments and collectivities: French BBAN, 27 characters.
    ("GF", 27), ("GP", 27), ("MQ", 27), ("RE", 27), ("YT", 27), ("PM", 27), ("BL", 27), ("MF", 27),
    ("NC", 27), ("PF", 27), ("WF", 27), ("TF", 27),
];

/// Checks an IBAN (ISO 13616; ECBS EBS204): 2 country letters, 2 check digits, the length
/// of the country (15 to 34 for countries not in the table), and mod 97 = 1 (ISO 7064
/// MOD 97-10) over the rearranged string, computed with a running remainder.
// the running remainder is below 97 before each step: at most 96 × 100 + 35
#[allow(clippy::arithmetic_side_effects)]
pub fn check_iban(s: &str) -> Result<(), IdProblem> {
    let n = normalize(s);
    if !n.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(IdProblem::Characters);
    }
    if !(15..=34).contains(&n.len()) {
        return Err(IdProblem::Length);
    }
    let (Some(country), Some(check), Some(bban)) = (n.get(..2), n.get(2..4), n.get(4..)) else {
        return Err(IdProblem::Format);
    };
    // Check digits 00, 01 and 99 can never be produced by ISO 7064 MOD 97-10 (98 - r, r in 0..=96).
    if !country.bytes().all(|b| b.is_ascii_uppercase()) || !all_digits(check) || matches!(check, "00" | "01" | "99") {
        return Err(IdProblem::Format);
    }
    if let Some(&(_, len)) = IBAN_LENGTHS.iter().find(|(c, _)| *c == country) {
        if n.len() != len {
            return Err(IdProblem::Length);
        }
    }
    let mut rem: u32 = 0;
    for b in bban.bytes().chain(country.bytes()).chain(check.bytes()) {
        rem = match b {
            b'0'..=b'9' => (rem * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (rem * 100 + u32::from(b - b'A') + 10) % 97,
            _ => return Err(IdProblem::Characters),
        };
    }
    if rem == 1 { Ok(()) } else { Err(IdProblem::Checksum) }
}

/// Checks a BIC (ISO 9362): 8 or 11 characters, namely 4 letters (institution), 2 letters
/// (country), 2 letters or digits (location) and an optional 3-character branch code.
pub fn check_bic(s: &str) -> Result<(), IdProblem> {
    let n = normalize(s);
    if !n.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(IdProblem::Characters);
    }
    if n.len() != 8 && n.len() != 11 {
        return Err(IdProblem::Length);
    }
    let letters = |r: std::ops::Range<usize>| n.get(r).is_some_and(|p| p.bytes().all(|b| b.is_ascii_uppercase()));
    if letters(0..4) && letters(4..6) { Ok(()) } else { Err(IdProblem::Format) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn siren() {
        assert_eq!(check_siren("732829320"), Ok(()));
        assert_eq!(check_siren("732 829 320"), Ok(()));
        assert_eq!(check_siren("732\u{a0}829\u{202f}320"), Ok(()));
        assert_eq!(check_siren("356000000"), Ok(()));
        assert_eq!(check_siren("732829321"), Err(IdProblem::Checksum));
        assert_eq!(check_siren("73282932"), Err(IdProblem::Length));
        assert_eq!(check_siren(""), Err(IdProblem::Length));
        assert_eq!(check_siren("73282932O"), Err(IdProblem::Characters));
        assert_eq!(check_siren("７32829320"), Err(IdProblem::Characters));
    }

    #[test]
    fn siret() {
        assert_eq!(check_siret("73282932000074"), Ok(()));
        assert_eq!(check_siret("732 829 320 00074"), Ok(()));
        assert_eq!(check_siret("73282932000075"), Err(IdProblem::Checksum));
        assert_eq!(check_siret("7328293200007"), Err(IdProblem::Length));
        assert_eq!(check_siret("7328293200007A"), Err(IdProblem::Characters));
        // La Poste head office: digit sum 26, but it passes the Luhn key, also accepted.
        assert_eq!(check_siret("35600000000048"), Ok(()));
        // La Poste establishment valid by the digit-sum rule only (sum 45, Luhn fails).
        assert!(!luhn("35600000049837"));
        assert_eq!(digit_sum("35600000049837"), 45);
        assert_eq!(digit_sum("35600000000048"), 26);
        assert!(luhn("35600000000048"));
        assert_eq!(check_siret("35600000049837"), Ok(()));
        // Neither rule: sum 29, Luhn fails.
        assert_eq!(check_siret("35600000012345"), Err(IdProblem::Checksum));
        // The digit-sum rule is for La Poste only: 73282932000040 has sum 40, fails Luhn.
        assert!(!luhn("73282932000040"));
        assert_eq!(digit_sum("73282932000040"), 40);
        assert_eq!(digit_sum("35600000012345"), 29);
        assert!(!luhn("35600000012345"));
        assert_eq!(check_siret("73282932000040"), Err(IdProblem::Checksum));
    }

    #[test]
    fn siret_and_siren() {
        assert!(siret_matches_siren("732 829 320 00074", "732829320"));
        assert!(!siret_matches_siren("73282932000074", "356000000"));
        assert!(!siret_matches_siren("73282932000074", "7328"));
        assert!(!siret_matches_siren("7328", "732829320"));
        assert!(!siret_matches_siren("éééééééééé", "732829320"));
    }

    #[test]
    fn french_vat() {
        // 732829320 mod 97 = 43; (12 + 3 × 43) mod 97 = 141 mod 97 = 44.
        assert_eq!(french_vat_key("732829320"), Some(44));
        assert_eq!(french_vat_number("732829320").as_deref(), Some("FR44732829320"));
        assert_eq!(french_vat_number("732 829 320").as_deref(), Some("FR44732829320"));
        assert_eq!(french_vat_number("732829321"), None);
        assert_eq!(french_vat_number("abc"), None);
        // 356000000 mod 97 = 9; (12 + 27) mod 97 = 39.
        assert_eq!(french_vat_number("356000000").as_deref(), Some("FR39356000000"));
        assert_eq!(check_vat_number("FR44732829320"), Ok(()));
        assert_eq!(check_vat_number("fr 44 732 829 320"), Ok(()));
        assert_eq!(check_vat_number("FR45732829320"), Err(IdProblem::Checksum));
        assert_eq!(check_vat_number("FR44732829321"), Err(IdProblem::Checksum));
        assert_eq!(check_vat_number("FR4473282932"), Err(IdProblem::Length));
        assert_eq!(check_vat_number("FRAB732829320"), Ok(()));
        assert_eq!(check_vat_number("FRAB732829321"), Err(IdProblem::Checksum));
        assert_eq!(check_vat_number("FR44A32829320"), Err(IdProblem::Format));
        assert_eq!(check_vat_number("FR_4732829320"), Err(IdProblem::Characters));
        assert_eq!(vat_number_siren("FR 44 732829320").as_deref(), Some("732829320"));
        assert_eq!(vat_number_siren("DE123456789"), None);
        assert_eq!(vat_number_siren("FR44"), None);
    }

    #[test]
    fn zero_padded_key() {
        // Find a valid SIREN whose key is below 10 and check the padding.
        let siren = (100_000_000u64..100_010_000)
            .map(|n| n.to_string())
            .find(|s| check_siren(s).is_ok() && french_vat_key(s).is_some_and(|k| k < 10));
        assert!(siren.is_some(), "no SIREN with a one-digit key in range");
        let vat = siren.and_then(|s| french_vat_number(&s)).unwrap_or_default();
        assert_eq!(vat.len(), 13);
        assert_eq!(vat.get(2..3), Some("0"));
        assert_eq!(check_vat_number(&vat), Ok(()));
    }

    #[test]
    fn other_eu_vat() {
        assert_eq!(check_vat_number("DE123456789"), Ok(()));
        assert_eq!(check_vat_number("EL123456789"), Ok(()));
        assert_eq!(check_vat_number("XI123456789"), Ok(()));
        assert_eq!(check_vat_number("NL123456789B01"), Ok(()));
        assert_eq!(check_vat_number("BE0123.456.789"), Ok(()));
        assert_eq!(check_vat_number("ATU12345678"), Ok(()));
        assert_eq!(check_vat_number("GR123456789"), Err(IdProblem::Format));
        assert_eq!(check_vat_number("GB123456789"), Err(IdProblem::Format));
        assert_eq!(check_vat_number("US123456789"), Err(IdProblem::Format));
        assert_eq!(check_vat_number("DE1"), Err(IdProblem::Format));
        assert_eq!(check_vat_number("DE1234567890123"), Err(IdProblem::Format));
        assert_eq!(check_vat_number("D"), Err(IdProblem::Format));
        assert_eq!(check_vat_number(""), Err(IdProblem::Format));
    }

    #[test]
    fn iban() {
        assert_eq!(check_iban("FR7630006000011234567890189"), Ok(()));
        assert_eq!(check_iban("FR76 3000 6000 0112 3456 7890 189"), Ok(()));
        assert_eq!(check_iban("fr76 3000 6000 0112 3456 7890 189"), Ok(()));
        assert_eq!(check_iban("GB82WEST12345698765432"), Ok(()));
        assert_eq!(check_iban("DE89370400440532013000"), Ok(()));
        assert_eq!(check_iban("BE68539007547034"), Ok(()));
        assert_eq!(check_iban("CH9300762011623852957"), Ok(()));
        assert_eq!(check_iban("FR1420041010050500013M02606"), Ok(()));
        assert_eq!(check_iban("FR7630006000011234567890188"), Err(IdProblem::Checksum));
        assert_eq!(check_iban("GB82WEST12345698765423"), Err(IdProblem::Checksum));
        assert_eq!(check_iban("FR763000600001123456789018"), Err(IdProblem::Length));
        assert_eq!(check_iban("FR76"), Err(IdProblem::Length));
        assert_eq!(check_iban("FR76300060000112345678901_9"), Err(IdProblem::Characters));
        assert_eq!(check_iban("1276300060000112345678901890"), Err(IdProblem::Format));
        assert_eq!(check_iban("FRA630006000011234567890189"), Err(IdProblem::Format));
        assert_eq!(check_iban("FR0030006000011234567890189"), Err(IdProblem::Format));
    }

    #[test]
    fn bic() {
        assert_eq!(check_bic("BNPAFRPPXXX"), Ok(()));
        assert_eq!(check_bic("DEUTDEFF"), Ok(()));
        assert_eq!(check_bic("deut de ff"), Ok(()));
        assert_eq!(check_bic("DEUTDEFF500"), Ok(()));
        assert_eq!(check_bic("DEUTDEF"), Err(IdProblem::Length));
        assert_eq!(check_bic("DEUTDEFF5"), Err(IdProblem::Length));
        assert_eq!(check_bic("DEU1DEFF"), Err(IdProblem::Format));
        assert_eq!(check_bic("DEUTD3FF"), Err(IdProblem::Format));
        assert_eq!(check_bic("DEUTDEF_"), Err(IdProblem::Characters));
    }

    #[test]
    fn describe_is_not_empty() {
        for p in [IdProblem::Length, IdProblem::Characters, IdProblem::Checksum, IdProblem::Format] {
            assert!(!p.describe().is_empty());
            assert_eq!(p.to_string(), p.describe());
        }
    }

    fn digit_sum(s: &str) -> u32 {
        s.bytes().map(|b| u32::from(b - b'0')).sum()
    }

    /// Appends the digit that makes `digits` pass the Luhn key.
    fn with_luhn_digit(digits: &str) -> String {
        let found = (0..10).map(|d| format!("{digits}{d}")).find(|s| luhn(s));
        found.unwrap_or_default()
    }

    fn exercise(s: &str) {
        let _ = normalize(s);
        let _ = check_siren(s);
        let _ = check_siret(s);
        let _ = siret_matches_siren(s, s);
        let _ = french_vat_number(s);
        let _ = check_vat_number(s);
        let _ = vat_number_siren(s);
        let _ = check_iban(s);
        let _ = check_bic(s);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn no_panic_any(s in ".*") {
            exercise(&s);
        }

        #[test]
        fn no_panic_digits(s in "[0-9 ]{0,20}") {
            exercise(&s);
        }

        #[test]
        fn no_panic_shaped(s in "(FR|DE|EL|GB|XX|fr)[0-9A-Za-z .\u{a0}\u{202f}-]{0,32}") {
            exercise(&s);
        }

        #[test]
        fn vat_of_valid_siren_is_valid(n in 0u64..100_000_000) {
            let s = with_luhn_digit(&format!("{n:08}"));
            prop_assert_eq!(check_siren(&s), Ok(()));
            let vat = french_vat_number(&s);
            prop_assert!(vat.is_some());
            let vat = vat.unwrap_or_default();
            prop_assert_eq!(check_vat_number(&vat), Ok(()));
            prop_assert_eq!(vat_number_siren(&vat), Some(s));
        }

        #[test]
        fn luhn_siret_is_valid_and_matches(siren in 0u64..1_000_000_000, nic in 0u64..10_000) {
            let siren = format!("{siren:09}");
            let siret = with_luhn_digit(&format!("{siren}{nic:04}"));
            prop_assert_eq!(check_siret(&siret), Ok(()));
            prop_assert!(siret_matches_siren(&siret, &siren));
        }
    }
}
