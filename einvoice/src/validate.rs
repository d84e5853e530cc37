//! The EN 16931 business rules, recomputed natively with exact decimals, and the French BR-FR
//! rules of the FNFE digest (shared/spec/facturx.md §5–6). The sender's totals are never
//! trusted: each is compared with the recomputation and every difference is a finding.
//!
//! Rule ids are those of the CEN EN 16931 validation artefacts (1.3.x) and of the FNFE BR-FR
//! Flux 2 schematron; locations are XPath-like paths over the semantic model
//! (`/BG-25[2]/BT-131`), the same whichever syntax the invoice came in.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::cii::Profile;
use crate::model::{AllowanceCharge, Party, ReceivedInvoice};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The invoice breaks the rule as the official artefacts apply it.
    Error,
    /// A difference the official artefacts tolerate or do not check (a PEPPOL rule, a VAT
    /// amount within their one-unit tolerance), reported because the sender's figures are never trusted.
    Warning,
}

/// One broken rule: its id, where, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id, e.g. `BR-CO-15`, `BR-S-08`, `BR-FR-10`.
    pub rule: String,
    /// Error or warning.
    pub level: Level,
    /// XPath-like location in the semantic model, e.g. `/BG-22/BT-112`.
    pub location: String,
    /// What is wrong, with the stated and recomputed values where it is arithmetic.
    pub message: String,
}

/// `rule: message` of each finding, joined, for error messages.
pub fn summary(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("{} at {}: {}", f.rule, f.location, f.message)).collect::<Vec<_>>().join("; ")
}

/// Whether a rule is one of the French BR-FR rules (FNFE), as opposed to EN 16931 itself.
pub fn is_french_rule(rule: &str) -> bool {
    rule.starts_with("BR-FR-")
}

struct Out(Vec<Finding>);

impl Out {
    fn push(&mut self, rule: &str, location: impl Into<String>, message: impl Into<String>) {
        self.0.push(Finding { rule: rule.to_owned(), level: Level::Error, location: location.into(), message: message.into() });
    }

    fn warn(&mut self, rule: &str, location: impl Into<String>, message: impl Into<String>) {
        self.0.push(Finding { rule: rule.to_owned(), level: Level::Warning, location: location.into(), message: message.into() });
    }
}

fn round2(x: Decimal) -> Decimal {
    facturier_core::money::round2(x)
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn blank_opt(s: Option<&str>) -> bool {
    s.is_none_or(blank)
}

/// The VAT categories of UNTDID 5305 that EN 16931 allows (BR-CL-17).
const CATEGORIES: &[&str] = &["S", "Z", "E", "AE", "K", "G", "O", "L", "M"];
/// The invoice type codes of the EN 16931 code list (UNTDID 1001 subset, BR-CL-01).
const TYPE_CODES: &[&str] = &[
    "71", "80", "81", "82", "84", "102", "130", "202", "203", "204", "211", "218", "219", "261", "262", "295", "296", "308", "325", "326",
    "331", "380", "381", "382", "383", "384", "385", "386", "387", "388", "389", "390", "393", "394", "395", "396", "420", "456", "457",
    "458", "471", "472", "473", "500", "501", "502", "503", "527", "532", "553", "575", "623", "633", "751", "780", "817", "870", "875",
    "876", "877", "935",
];
/// Credit note type codes (UNTDID 1001).
const CREDIT_NOTE_CODES: &[&str] = &["81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "502", "503", "532"];
/// The payment means codes of UNTDID 4461 most used; others are accepted when numeric or ZZZ (BR-CL-16).
fn payment_means_known(code: &str) -> bool {
    code == "ZZZ" || (!code.is_empty() && code.len() <= 3 && code.bytes().all(|b| b.is_ascii_digit()))
}
/// FNFE BR-FR-04: the type codes allowed in France.
const FR_TYPE_CODES: &[&str] =
    &["380", "389", "393", "501", "386", "500", "384", "471", "472", "473", "261", "262", "381", "396", "502", "503"];
/// FNFE BR-FR-08: the business processes (cadres de facturation).
const FR_PROCESSES: &[&str] =
    &["B1", "S1", "M1", "B2", "S2", "M2", "B4", "S4", "M4", "S5", "S6", "B7", "S7", "B8", "S8", "M8", "B9", "S9", "M9"];
/// FNFE BR-FR-15: the VAT categories allowed in France.
const FR_CATEGORIES: &[&str] = &["S", "E", "AE", "K", "G", "O", "Z"];
/// FNFE BR-FR-16: the VAT rates allowed (percent).
const FR_RATES: &[&str] = &["0", "0.9", "1.05", "1.75", "2.1", "5.5", "7", "8.5", "9.2", "9.6", "10", "13", "19.6", "20", "20.6"];
/// FNFE BR-FR-20: the values of the BAR note.
const FR_BAR: &[&str] = &["B2B", "B2BINT", "B2C", "B2CINT", "OUTOFSCOPE", "ARCHIVEONLY"];

/// The profile an invoice declares (BT-24), EN 16931 when unknown (a UBL or XRechnung invoice).
fn profile_of(inv: &ReceivedInvoice) -> Profile {
    Profile::from_urn(&inv.specification).unwrap_or(Profile::En16931)
}

/// Every finding of the EN 16931 and BR-FR rules on `inv`, in a stable order (document, parties,
/// lines, allowances, VAT, totals, French rules).
pub fn validate(inv: &ReceivedInvoice) -> Vec<Finding> {
    let mut o = Out(Vec::new());
    let profile = profile_of(inv);
    header(inv, profile, &mut o);
    parties(inv, profile, &mut o);
    lines(inv, profile, &mut o);
    allowances(inv, &mut o);
    arithmetic(inv, profile, &mut o);
    if inv.seller.address.country == "FR" {
        french(inv, &mut o);
    }
    o.0
}

fn header(inv: &ReceivedInvoice, profile: Profile, o: &mut Out) {
    if blank(&inv.specification) {
        o.push("BR-01", "/BT-24", "the specification identifier is missing");
    }
    if blank(&inv.number) {
        o.push("BR-02", "/BT-1", "the invoice number is missing");
    }
    if inv.issue_date.is_none() {
        o.push("BR-03", "/BT-2", "the issue date is missing");
    }
    if blank(&inv.type_code) {
        o.push("BR-04", "/BT-3", "the type code is missing");
    } else if !TYPE_CODES.contains(&inv.type_code.as_str()) {
        o.push("BR-CL-01", "/BT-3", format!("`{}` is not an UNTDID 1001 invoice type code", inv.type_code));
    }
    if blank(&inv.currency) {
        o.push("BR-05", "/BT-5", "the invoice currency is missing");
    } else if iso_currency::Currency::from_code(&inv.currency).is_none() {
        o.push("BR-CL-04", "/BT-5", format!("`{}` is not an ISO 4217 currency", inv.currency));
    }
    if let Some(c) = &inv.tax_currency {
        if iso_currency::Currency::from_code(c).is_none() {
            o.push("BR-CL-05", "/BT-6", format!("`{c}` is not an ISO 4217 currency"));
        }
    }
    if let Some(p) = &inv.period {
        if let (Some(s), Some(e)) = (p.start, p.end) {
            if e < s {
                o.push("BR-29", "/BG-14/BT-74", "the period ends before it starts");
            }
        }
    }
    let p = &inv.payment;
    if let Some(code) = &p.means_code {
        if !payment_means_known(code) {
            o.push("BR-CL-16", "/BG-16/BT-81", format!("`{code}` is not an UNTDID 4461 code"));
        }
        if (code == "30" || code == "58") && blank_opt(p.iban.as_deref()) {
            o.push("BR-61", "/BG-16/BG-17/BT-84", "a credit transfer names the payee account");
        }
    } else if profile > Profile::Minimum && (p.iban.is_some() || p.mandate.is_some()) {
        o.push("BR-49", "/BG-16/BT-81", "payment instructions carry a payment means code");
    }
}

fn party(p: &Party, who: &str, bg: &str, profile: Profile, o: &mut Out) {
    let (name_rule, addr_rule, country_rule, ea_rule) =
        if who == "seller" { ("BR-06", "BR-08", "BR-09", "BR-62") } else { ("BR-07", "BR-10", "BR-11", "BR-63") };
    if blank(&p.name) {
        o.push(name_rule, format!("/{bg}/name"), format!("the {who}'s name is missing"));
    }
    if profile > Profile::Minimum || who == "seller" {
        if blank(&p.address.country) {
            o.push(country_rule, format!("/{bg}/address/country"), format!("the {who}'s country is missing"));
            if profile > Profile::Minimum {
                o.push(addr_rule, format!("/{bg}/address"), format!("the {who}'s postal address is missing"));
            }
        } else if p.address.country.len() != 2 || p.address.country.parse::<iso_country::Country>().is_err() {
            o.push("BR-CL-14", format!("/{bg}/address/country"), format!("`{}` is not an ISO 3166-1 alpha-2 code", p.address.country));
        }
    }
    if let Some(e) = &p.electronic_address {
        if blank_opt(e.scheme.as_deref()) {
            o.push(ea_rule, format!("/{bg}/electronic_address"), format!("the {who}'s electronic address has no scheme"));
        }
    }
    if let Some(v) = &p.vat_number {
        let prefix_ok = v.len() > 2 && v.get(..2).is_some_and(|c| c.bytes().all(|b| b.is_ascii_uppercase()));
        if !prefix_ok {
            o.push("BR-CO-09", format!("/{bg}/vat_number"), format!("`{v}` does not start with a country prefix"));
        }
    }
}

fn parties(inv: &ReceivedInvoice, profile: Profile, o: &mut Out) {
    party(&inv.seller, "seller", "BG-4", profile, o);
    party(&inv.buyer, "buyer", "BG-7", profile, o);
    let s = &inv.seller;
    if profile > Profile::Minimum && s.ids.is_empty() && s.legal_id.is_none() && s.vat_number.is_none() {
        o.push("BR-CO-26", "/BG-4", "the seller has an identifier, a legal registration or a VAT number");
    }
}

fn lines(inv: &ReceivedInvoice, profile: Profile, o: &mut Out) {
    if inv.lines.is_empty() {
        if profile >= Profile::Basic {
            o.push("BR-16", "/BG-25", "an invoice has at least one line");
        }
        return;
    }
    for (i, l) in inv.lines.iter().enumerate() {
        let at = format!("/BG-25[{}]", i.saturating_add(1));
        if blank(&l.id) {
            o.push("BR-21", format!("{at}/BT-126"), "the line has no identifier");
        }
        if blank(&l.unit) {
            o.push("BR-23", format!("{at}/BT-130"), "the line has no unit of measure");
        } else if !(1..=3).contains(&l.unit.len()) || !l.unit.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            o.push("BR-CL-23", format!("{at}/BT-130"), format!("`{}` is not a UN/ECE Rec 20/21 code", l.unit));
        }
        if blank(&l.name) {
            o.push("BR-25", format!("{at}/BT-153"), "the item has no name");
        }
        if l.net_price < Decimal::ZERO {
            o.push("BR-27", format!("{at}/BT-146"), "the item net price is negative");
        }
        if l.gross_price.is_some_and(|g| g < Decimal::ZERO) {
            o.push("BR-28", format!("{at}/BT-148"), "the item gross price is negative");
        }
        if blank(&l.vat_category) {
            o.push("BR-CO-04", format!("{at}/BT-151"), "the line has no VAT category");
        } else if !CATEGORIES.contains(&l.vat_category.as_str()) {
            o.push("BR-CL-17", format!("{at}/BT-151"), format!("`{}` is not a VAT category code", l.vat_category));
        }
        category_rate(&l.vat_category, l.vat_rate, &format!("{at}/BT-152"), "05", o);
        if let Some(p) = &l.period {
            if let (Some(s), Some(e)) = (p.start, p.end) {
                if e < s {
                    o.push("BR-30", format!("{at}/BG-26/BT-135"), "the line period ends before it starts");
                }
            }
        }
        for (k, a) in l.allowances.iter().enumerate() {
            if blank_opt(a.reason.as_deref()) && blank_opt(a.reason_code.as_deref()) {
                o.push("BR-42", format!("{at}/BG-27[{}]", k.saturating_add(1)), "a line allowance has a reason or a reason code");
            }
            decimals(a.amount, "BR-DEC-24", &format!("{at}/BG-27[{}]/BT-136", k.saturating_add(1)), o);
        }
        for (k, c) in l.charges.iter().enumerate() {
            if blank_opt(c.reason.as_deref()) && blank_opt(c.reason_code.as_deref()) {
                o.push("BR-44", format!("{at}/BG-28[{}]", k.saturating_add(1)), "a line charge has a reason or a reason code");
            }
            decimals(c.amount, "BR-DEC-27", &format!("{at}/BG-28[{}]/BT-141", k.saturating_add(1)), o);
        }
        decimals(l.net_amount, "BR-DEC-23", &format!("{at}/BT-131"), o);
        if l.parent_id.is_none() {
            // PEPPOL-EN16931-R120: BT-131 = BT-129 × (BT-146 ÷ BT-149) − Σ BT-136 + Σ BT-141
            if let Some(net) = line_net(l) {
                if net != l.net_amount {
                    // a PEPPOL rule, not checked by the CEN artefacts: a warning
                    o.warn(
                        "PEPPOL-EN16931-R120",
                        format!("{at}/BT-131"),
                        format!("stated line net {} differs from quantity × price − allowances + charges = {net}", l.net_amount),
                    );
                }
            }
        }
    }
}

/// round2(quantity × net price ÷ base quantity − Σ allowances + Σ charges), `None` on overflow.
fn line_net(l: &crate::model::InvoiceLine) -> Option<Decimal> {
    let mut x = l.quantity.checked_mul(l.net_price)?;
    if let Some(b) = l.base_quantity.filter(|b| !b.is_zero()) {
        x = x.checked_div(b)?;
    }
    for a in &l.allowances {
        x = x.checked_sub(a.amount)?;
    }
    for c in &l.charges {
        x = x.checked_add(c.amount)?;
    }
    Some(round2(x))
}

/// The rate rules of a category: S positive (BR-S-05), Z/E/AE/K/G zero (BR-x-05), O none (BR-O-05).
fn category_rate(category: &str, rate: Option<Decimal>, at: &str, n: &str, o: &mut Out) {
    match (category, rate) {
        ("S", Some(r)) if r <= Decimal::ZERO => o.push(&format!("BR-S-{n}"), at, "a standard rate is above zero"),
        ("S", None) => o.push(&format!("BR-S-{n}"), at, "a standard-rated item states its rate"),
        ("Z" | "E" | "AE" | "K" | "G", Some(r)) if !r.is_zero() => {
            o.push(&format!("BR-{category}-{n}"), at, format!("category {category} has a 0 % rate"))
        }
        ("O", Some(_)) => o.push(&format!("BR-O-{n}"), at, "category O (not subject to VAT) states no rate"),
        _ => {}
    }
}

fn decimals(x: Decimal, rule: &str, at: &str, o: &mut Out) {
    if x.normalize().scale() > 2 {
        o.push(rule, at, format!("{x} has more than 2 decimals"));
    }
}

fn allowances(inv: &ReceivedInvoice, o: &mut Out) {
    let check = |list: &[AllowanceCharge], bg: &str, rules: [&str; 3], dec: &str, o: &mut Out| {
        for (k, a) in list.iter().enumerate() {
            let at = format!("/{bg}[{}]", k.saturating_add(1));
            if a.vat_category.is_none() {
                o.push(rules[1], format!("{at}/vat_category"), "a document allowance or charge has a VAT category");
            }
            if blank_opt(a.reason.as_deref()) && blank_opt(a.reason_code.as_deref()) {
                o.push(rules[2], &at, "a document allowance or charge has a reason or a reason code");
            }
            if let Some(c) = &a.vat_category {
                category_rate(c, a.vat_rate, &format!("{at}/vat_rate"), if bg == "BG-20" { "06" } else { "07" }, o);
            }
            decimals(a.amount, dec, &format!("{at}/amount"), o);
        }
    };
    check(&inv.allowances, "BG-20", ["BR-31", "BR-32", "BR-33"], "BR-DEC-01", o);
    check(&inv.charges, "BG-21", ["BR-36", "BR-37", "BR-38"], "BR-DEC-05", o);
}

type Group = (String, Decimal);

fn group_key(category: &str, rate: Option<Decimal>) -> Group {
    (category.to_owned(), rate.unwrap_or_default().normalize())
}

fn compare(rule: &str, at: &str, what: &str, stated: Decimal, computed: Decimal, o: &mut Out) {
    if stated != computed {
        o.push(rule, at, format!("stated {what} {stated} differs from the recomputed {computed}"));
    }
}

/// BR-CO-17: the VAT of a group is round2(basis × rate / 100). A difference below one currency
/// unit is a warning (currencies without cents, such as HUF, round the VAT to the unit, and the
/// CEN examples carry such invoices); one unit or more is an error (the CEN unit tests).
fn vat_amount(rule: &str, at: &str, stated: Decimal, exact: Decimal, o: &mut Out) {
    if stated == exact {
        return;
    }
    let at = format!("{at}/BT-117");
    if (stated - exact).abs() < Decimal::ONE {
        o.warn(rule, at, format!("stated VAT amount {stated} differs from the exact {exact} by less than one unit"));
    } else {
        o.push(rule, at, format!("stated VAT amount {stated} differs from the recomputed {exact}"));
    }
}

fn sum<'a>(xs: impl Iterator<Item = &'a Decimal>) -> Decimal {
    xs.fold(Decimal::ZERO, |a, b| a.saturating_add(*b))
}

fn arithmetic(inv: &ReceivedInvoice, profile: Profile, o: &mut Out) {
    let t = &inv.totals;
    let top: Vec<&crate::model::InvoiceLine> = inv.lines.iter().filter(|l| l.parent_id.is_none()).collect();
    let allowance_sum = sum(inv.allowances.iter().map(|a| &a.amount));
    let charge_sum = sum(inv.charges.iter().map(|a| &a.amount));
    for (x, rule, at) in [
        (t.line_total, "BR-DEC-09", "/BG-22/BT-106"),
        (t.allowance_total, "BR-DEC-10", "/BG-22/BT-107"),
        (t.charge_total, "BR-DEC-11", "/BG-22/BT-108"),
        (Some(t.tax_basis_total), "BR-DEC-12", "/BG-22/BT-109"),
        (t.vat_total, "BR-DEC-13", "/BG-22/BT-110"),
        (t.vat_total_tax_currency, "BR-DEC-15", "/BG-22/BT-111"),
        (Some(t.grand_total), "BR-DEC-14", "/BG-22/BT-112"),
        (t.prepaid, "BR-DEC-16", "/BG-22/BT-113"),
        (t.rounding, "BR-DEC-17", "/BG-22/BT-114"),
        (Some(t.due), "BR-DEC-18", "/BG-22/BT-115"),
    ] {
        if let Some(x) = x {
            decimals(x, rule, at, o);
        }
    }
    // BR-CO-10..13 need the lines and BT-106 (not in MINIMUM)
    if !top.is_empty() {
        let lines_sum = sum(top.iter().map(|l| &l.net_amount));
        match t.line_total {
            Some(x) => compare("BR-CO-10", "/BG-22/BT-106", "sum of line nets", x, lines_sum, o),
            None => o.push("BR-12", "/BG-22/BT-106", "the sum of line net amounts is missing"),
        }
    }
    match t.allowance_total {
        Some(x) => compare("BR-CO-11", "/BG-22/BT-107", "sum of allowances", x, allowance_sum, o),
        None if !inv.allowances.is_empty() => o.push("BR-CO-11", "/BG-22/BT-107", "allowances are given but not their sum"),
        None => {}
    }
    match t.charge_total {
        Some(x) => compare("BR-CO-12", "/BG-22/BT-108", "sum of charges", x, charge_sum, o),
        None if !inv.charges.is_empty() => o.push("BR-CO-12", "/BG-22/BT-108", "charges are given but not their sum"),
        None => {}
    }
    if let Some(lt) = t.line_total {
        let computed = lt.saturating_sub(t.allowance_total.unwrap_or_default()).saturating_add(t.charge_total.unwrap_or_default());
        compare("BR-CO-13", "/BG-22/BT-109", "total without VAT", t.tax_basis_total, computed, o);
    }
    let vat_sum = sum(inv.vat_breakdown.iter().map(|g| &g.vat));
    if profile > Profile::Minimum {
        if inv.vat_breakdown.is_empty() {
            o.push("BR-CO-18", "/BG-23", "an invoice has at least one VAT breakdown");
        }
        match t.vat_total {
            Some(x) => compare("BR-CO-14", "/BG-22/BT-110", "total VAT", x, vat_sum, o),
            None if !vat_sum.is_zero() => o.push("BR-CO-14", "/BG-22/BT-110", "the total VAT is missing"),
            None => {}
        }
    }
    let vat = t.vat_total.unwrap_or(vat_sum);
    compare("BR-CO-15", "/BG-22/BT-112", "total with VAT", t.grand_total, t.tax_basis_total.saturating_add(vat), o);
    let due = t.grand_total.saturating_sub(t.prepaid.unwrap_or_default()).saturating_add(t.rounding.unwrap_or_default());
    compare("BR-CO-16", "/BG-22/BT-115", "amount due", t.due, due, o);

    // the VAT breakdown, group by group (BR-CO-17, BR-x-08/09/10)
    let mut computed: BTreeMap<Group, Decimal> = BTreeMap::new();
    for l in &top {
        let g = computed.entry(group_key(&l.vat_category, l.vat_rate)).or_default();
        *g = g.saturating_add(l.net_amount);
    }
    for a in &inv.allowances {
        if let Some(c) = &a.vat_category {
            let g = computed.entry(group_key(c, a.vat_rate)).or_default();
            *g = g.saturating_sub(a.amount);
        }
    }
    for a in &inv.charges {
        if let Some(c) = &a.vat_category {
            let g = computed.entry(group_key(c, a.vat_rate)).or_default();
            *g = g.saturating_add(a.amount);
        }
    }
    let mut stated: BTreeMap<Group, usize> = BTreeMap::new();
    for (i, g) in inv.vat_breakdown.iter().enumerate() {
        let at = format!("/BG-23[{}]", i.saturating_add(1));
        decimals(g.basis, "BR-DEC-19", &format!("{at}/BT-116"), o);
        decimals(g.vat, "BR-DEC-20", &format!("{at}/BT-117"), o);
        if !CATEGORIES.contains(&g.category.as_str()) {
            o.push("BR-CL-17", format!("{at}/BT-118"), format!("`{}` is not a VAT category code", g.category));
            // BR-CO-17 applies whatever the category
            if let Some(e) = g.rate.and_then(|r| g.basis.checked_mul(r)).and_then(|x| x.checked_div(Decimal::ONE_HUNDRED)).map(round2) {
                vat_amount("BR-CO-17", &at, g.vat, e, o);
            }
            continue;
        }
        let key = group_key(&g.category, g.rate);
        if stated.insert(key.clone(), i).is_some() {
            o.push(&format!("BR-{}-08", g.category), &at, "one VAT breakdown per category and rate");
        }
        let c = &g.category;
        if c == "O" && g.rate.is_some_and(|r| r.is_zero()) {
            o.warn("BR-O-05", format!("{at}/BT-119"), "category O states no rate (0 % given)");
        } else {
            category_rate(c, g.rate, &format!("{at}/BT-119"), "05", o);
        }
        // BR-CO-17 / BR-S-09: VAT = round2(basis × rate / 100); other categories: 0 (BR-x-09)
        let expected = match c.as_str() {
            "S" | "L" | "M" => g.rate.and_then(|r| g.basis.checked_mul(r)).and_then(|x| x.checked_div(Decimal::ONE_HUNDRED)).map(round2),
            _ => Some(Decimal::ZERO),
        };
        if let Some(e) = expected {
            let rule = if c == "S" { "BR-CO-17".to_owned() } else { format!("BR-{c}-09") };
            if c == "S" {
                // BR-CO-17 for every group, BR-S-09 for the standard rate: the same computation
                vat_amount(&rule, &at, g.vat, e, o);
                vat_amount("BR-S-09", &at, g.vat, e, o);
            } else {
                compare(&rule, &format!("{at}/BT-117"), "VAT amount", g.vat, e, o);
            }
        }
        if !top.is_empty() || profile >= Profile::Basic {
            let basis = computed.get(&key).copied().unwrap_or_default();
            compare(&format!("BR-{c}-08"), &format!("{at}/BT-116"), "taxable amount", g.basis, basis, o);
        }
        let has_reason = !blank_opt(g.exemption_reason.as_deref()) || !blank_opt(g.exemption_code.as_deref());
        match c.as_str() {
            "E" | "AE" | "K" | "G" | "O" if !has_reason => {
                o.push(&format!("BR-{c}-10"), &at, format!("category {c} states an exemption reason or VATEX code"));
            }
            "S" | "Z" if has_reason => o.push(&format!("BR-{c}-10"), &at, format!("category {c} states no exemption reason")),
            _ => {}
        }
        if let Some(code) = &g.exemption_code {
            if !code.to_ascii_uppercase().starts_with("VATEX-") {
                o.push("BR-CL-22", format!("{at}/BT-121"), format!("`{code}` is not a VATEX code"));
            }
        }
    }
    for (key, basis) in &computed {
        if !stated.contains_key(key) {
            o.push(
                &format!("BR-{}-08", key.0),
                "/BG-23",
                format!("no VAT breakdown for category {} at {} % (lines and allowances give a basis of {basis})", key.0, key.1),
            );
        }
    }
    // the VAT identifiers the categories need (BR-S-02, BR-AE-02, BR-K-02, BR-G-02)
    let has = |c: &str| top.iter().any(|l| l.vat_category == c) || inv.vat_breakdown.iter().any(|g| g.category == c);
    let seller_taxed = inv.seller.vat_number.is_some() || inv.seller.tax_registration.is_some();
    for c in ["S", "E", "AE", "K", "G"] {
        // BT-31 or BT-32 (BT-63, the tax representative, is not modelled); K and G need BT-31 itself
        let ok = if matches!(c, "S" | "E" | "AE") { seller_taxed } else { inv.seller.vat_number.is_some() };
        if has(c) && !ok && profile > Profile::Minimum {
            o.push(&format!("BR-{c}-02"), "/BG-4/BT-31", format!("category {c} needs the seller's VAT identifier or tax registration"));
        }
    }
    for c in ["AE", "K"] {
        if has(c) && inv.buyer.vat_number.is_none() && inv.buyer.legal_id.is_none() {
            o.push(&format!("BR-{c}-02"), "/BG-7/BT-48", format!("category {c} needs the buyer's VAT identifier"));
        }
    }
}

fn french_id_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-_/".contains(&b))
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// The FNFE BR-FR rules (Flux 2), applied to a French seller's invoice.
fn french(inv: &ReceivedInvoice, o: &mut Out) {
    if inv.number.chars().count() > 35 || !french_id_chars(&inv.number) {
        o.push("BR-FR-01", "/BT-1", "the number has at most 35 characters among A-Z a-z 0-9 + - _ /");
    }
    for r in &inv.preceding_invoices {
        if r.number.chars().count() > 35 || !french_id_chars(&r.number) {
            o.push("BR-FR-02", "/BG-3/BT-25", "a preceding invoice number has at most 35 characters among A-Z a-z 0-9 + - _ /");
        }
    }
    for (d, at) in [(inv.issue_date, "/BT-2"), (inv.due_date, "/BT-9"), (inv.delivery_date, "/BT-72")] {
        if let Some(d) = d {
            if !(2000..=2099).contains(&chrono::Datelike::year(&d)) {
                o.push("BR-FR-03", at, "a date's year is between 2000 and 2099");
            }
        }
    }
    if !FR_TYPE_CODES.contains(&inv.type_code.as_str()) {
        o.push("BR-FR-04", "/BT-3", format!("type code {} is not allowed in France", inv.type_code));
    }
    let credit = CREDIT_NOTE_CODES.contains(&inv.type_code.as_str());
    // FNFE BR-FR-05: PMT, PMD and AAB on every document (the Flux 2 schematron asserts it unconditionally)
    let bar = inv.notes.iter().find(|n| n.subject.as_deref() == Some("BAR")).map(|n| n.text.trim());
    for code in ["PMT", "PMD", "AAB", "TXD", "BAR"] {
        let n = inv.notes.iter().filter(|x| x.subject.as_deref() == Some(code)).count();
        if n > 1 {
            o.push("BR-FR-06", "/BG-1", format!("the {code} note appears {n} times, at most once"));
        }
        if n == 0 && ["PMT", "PMD", "AAB"].contains(&code) {
            o.push("BR-FR-05", "/BG-1", format!("the {code} note (legal mention) is missing"));
        }
    }
    match inv.business_process.as_deref() {
        None => o.push("BR-FR-08", "/BT-23", "the business process (cadre de facturation) is missing"),
        Some(p) if !FR_PROCESSES.contains(&p) => o.push("BR-FR-08", "/BT-23", format!("`{p}` is not a French business process")),
        _ => {}
    }
    for (p, bg) in [(&inv.seller, "BG-4"), (&inv.buyer, "BG-7")] {
        for i in p.ids.iter().filter(|i| i.scheme.as_deref() == Some("0009")) {
            let siren = p.siren().unwrap_or_default();
            if !digits(&i.id, 14) || (!siren.is_empty() && !i.id.starts_with(siren)) {
                o.push("BR-FR-09", format!("/{bg}/BT-29"), format!("SIRET `{}` has 14 digits and starts with the SIREN", i.id));
            }
        }
    }
    match &inv.seller.legal_id {
        Some(l) if l.scheme.as_deref() == Some("0002") && digits(&l.id, 9) => {}
        Some(l) => o.push("BR-FR-10", "/BG-4/BT-30", format!("the seller's SIREN `{}` has 9 digits and scheme 0002", l.id)),
        None => o.push("BR-FR-10", "/BG-4/BT-30", "the seller's SIREN (scheme 0002) is missing"),
    }
    // BR-FR-21: the buyer's address of a B2B invoice; BR-FR-22: the seller's of a self-billed one
    let b2b = bar == Some("B2B") || (bar.is_none() && inv.buyer.legal_id.is_some());
    let self_billed = ["389", "501", "500", "471", "473", "261", "502"].contains(&inv.type_code.as_str());
    if bar == Some("B2B") && inv.buyer.legal_id.is_none() {
        o.push("BR-FR-11", "/BG-7/BT-47", "a B2B invoice gives the buyer's SIREN");
    }
    if let Some(b) = bar {
        if !FR_BAR.contains(&b) {
            o.push("BR-FR-20", "/BG-1", format!("BAR `{b}` is not one of {}", FR_BAR.join(", ")));
        }
    }
    for (p, rule, rule_fr, at) in
        [(&inv.buyer, "BR-FR-12", "BR-FR-21", "/BG-7/BT-49"), (&inv.seller, "BR-FR-13", "BR-FR-22", "/BG-4/BT-34")]
    {
        match &p.electronic_address {
            None => o.push(rule, at, "the electronic address is missing"),
            Some(e) => {
                if e.id.chars().count() > 125 || !e.id.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-_/.@".contains(&b)) {
                    o.push("BR-FR-23", at, "an electronic address has at most 125 characters among A-Z a-z 0-9 + - _ / . @");
                }
                let siren = p.siren();
                let applies = if rule == "BR-FR-12" { b2b } else { self_billed };
                if applies && (e.scheme.as_deref() != Some("0225") || siren.is_none_or(|s| !e.id.starts_with(s))) {
                    o.push(rule_fr, at, "the electronic address has scheme 0225 and starts with the party's SIREN");
                }
            }
        }
    }
    for (i, l) in inv.lines.iter().enumerate() {
        if !FR_CATEGORIES.contains(&l.vat_category.as_str()) {
            o.push(
                "BR-FR-15",
                format!("/BG-25[{}]/BT-151", i.saturating_add(1)),
                format!("category {} is not allowed in France", l.vat_category),
            );
        }
    }
    for (i, g) in inv.vat_breakdown.iter().enumerate() {
        let at = format!("/BG-23[{}]", i.saturating_add(1));
        if !FR_CATEGORIES.contains(&g.category.as_str()) {
            o.push("BR-FR-15", format!("{at}/BT-118"), format!("category {} is not allowed in France", g.category));
        }
        if let Some(r) = g.rate {
            if !FR_RATES.contains(&r.normalize().to_string().as_str()) {
                o.push("BR-FR-16", format!("{at}/BT-119"), format!("{r} % is not a French VAT rate"));
            }
        }
    }
    if inv.type_code == "384" && inv.preceding_invoices.len() != 1 {
        o.push("BR-FR-CO-04", "/BG-3", "a corrective invoice references exactly one preceding invoice");
    }
    if credit && inv.preceding_invoices.is_empty() {
        o.push("BR-FR-CO-05", "/BG-3", "a credit note references the invoice it corrects");
    }
    let paid = matches!(inv.business_process.as_deref(), Some("B2" | "S2" | "M2"));
    if let (Some(due), Some(issue)) = (inv.due_date, inv.issue_date) {
        if due < issue && !paid && !["386", "500", "503"].contains(&inv.type_code.as_str()) {
            o.push("BR-FR-CO-07", "/BT-9", "the due date is not before the issue date");
        }
    }
    if paid {
        let t = &inv.totals;
        if t.prepaid != Some(t.grand_total) || !t.due.is_zero() || inv.due_date.is_none() {
            o.push("BR-FR-CO-09", "/BG-22", "an invoice already paid has BT-113 = BT-112, BT-115 = 0 and a due date");
        }
    }
    if inv.currency != "EUR" && (inv.tax_currency.as_deref() != Some("EUR") || inv.totals.vat_total_tax_currency.is_none()) {
        o.push("BR-FR-CO-12", "/BT-6", "an invoice in another currency gives BT-6 = EUR and the VAT total in euros (BT-111)");
    }
}
