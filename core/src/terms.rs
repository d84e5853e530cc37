//! Payment terms: the due date they give and the legal caps on payment periods.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Result, Rule, Violation};
use crate::party::{Buyer, BuyerKind};

/// Payment terms agreed with the buyer. JSON: `{"type": "net_days", "days": 30}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PaymentTerms {
    /// "À réception": due on the issue date.
    OnReceipt,
    /// N days from the issue date ("N jours date de facture"); 0 days means on receipt.
    NetDays {
        /// Number of days after the issue date.
        days: u32,
    },
    /// N days end of month ("N jours fin de mois"), computed by `method`.
    EndOfMonth {
        /// Number of days.
        days: u32,
        /// How the days and the end of month combine.
        #[serde(default)]
        method: EndOfMonthMethod,
    },
}

/// The wire form of [`PaymentTerms`] for deserialising: serde ignores unknown fields next to
/// the tag of a unit variant, so `on_receipt` is an empty struct variant here to reject them.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum PaymentTermsRepr {
    OnReceipt {},
    NetDays {
        days: u32,
    },
    EndOfMonth {
        days: u32,
        #[serde(default)]
        method: EndOfMonthMethod,
    },
}

impl<'de> Deserialize<'de> for PaymentTerms {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        Ok(match PaymentTermsRepr::deserialize(deserializer)? {
            PaymentTermsRepr::OnReceipt {} => PaymentTerms::OnReceipt,
            PaymentTermsRepr::NetDays { days } => PaymentTerms::NetDays { days },
            PaymentTermsRepr::EndOfMonth { days, method } => PaymentTerms::EndOfMonth { days, method },
        })
    }
}

impl Default for PaymentTerms {
    /// 30 days from the issue date: the default period of C. com. L441-10 I, 1st paragraph
    /// ("trentième jour suivant la date de réception des marchandises ou d'exécution de la prestation").
    fn default() -> Self {
        PaymentTerms::NetDays { days: 30 }
    }
}

/// How "N days end of month" is computed; both are lawful under C. com. L441-10 I (DGCCRF
/// fiche "Délais de paiement"; Commission d'examen des pratiques commerciales, CEPC).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndOfMonthMethod {
    /// Issue date + N days, then the end of that month (20 Jan + 45 days = 6 Mar → 31 Mar).
    #[default]
    DaysThenEndOfMonth,
    /// End of the issue month, then + N days (31 Jan + 45 days = 17 Mar).
    EndOfMonthThenDays,
}

/// C. com. L441-10 I: a business buyer pays within 60 days of the invoice's issue date.
pub const RULE_NET_DAYS_CAP: Rule =
    Rule { code: "payment_terms.net_days_cap", source: "C. com. L441-10 I (60 jours à compter de la date d'émission)" };
/// C. com. L441-10 I: by derogation, at most 45 days end of month may be agreed.
pub const RULE_END_OF_MONTH_CAP: Rule = Rule { code: "payment_terms.end_of_month_cap", source: "C. com. L441-10 I (45 jours fin de mois)" };
/// CCP R2192-10 to R2192-12: public buyers pay within 30 days (50 for public health
/// establishments, 60 for public companies) of receiving the payment request.
pub const RULE_PUBLIC_CAP: Rule = Rule {
    code: "payment_terms.public_cap",
    source: "CCP R2192-10 (30 jours), R2192-11 (50 jours santé, 60 jours entreprises publiques), R2192-12",
};

/// Longest period, in days from the issue date, for a business buyer (C. com. L441-10 I).
pub const BUSINESS_MAX_NET_DAYS: u32 = 60;
/// Longest "days end of month" period for a business buyer (C. com. L441-10 I).
pub const BUSINESS_MAX_END_OF_MONTH_DAYS: u32 = 45;

/// The last day of `date`'s month; `None` only past the last representable date.
fn end_of_month(date: NaiveDate) -> Option<NaiveDate> {
    if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year(), 12, 31)
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month().saturating_add(1), 1)?.pred_opt()
    }
}

/// `date` + `days` days; `None` past the last representable date.
fn plus_days(date: NaiveDate, days: u32) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(u64::from(days)))
}

impl PaymentTerms {
    /// The due date for an invoice issued on `issue_date` (C. com. L441-9 I: the invoice states it).
    ///
    /// Fails with [`crate::dated::DATE_RANGE`] at `payment_terms` beyond the supported years
    /// (2000–2099).
    pub fn due_date(&self, issue_date: NaiveDate) -> Result<NaiveDate> {
        let due = match *self {
            PaymentTerms::OnReceipt => Some(issue_date),
            PaymentTerms::NetDays { days } => plus_days(issue_date, days),
            PaymentTerms::EndOfMonth { days, method: EndOfMonthMethod::DaysThenEndOfMonth } => {
                plus_days(issue_date, days).and_then(end_of_month)
            }
            PaymentTerms::EndOfMonth { days, method: EndOfMonthMethod::EndOfMonthThenDays } => {
                end_of_month(issue_date).and_then(|d| plus_days(d, days))
            }
        };
        crate::dated::in_range(due, "payment_terms")
    }
}

/// The path of the `days` field under `path`.
fn days_path(path: &str) -> String {
    if path.is_empty() { "days".to_owned() } else { format!("{path}.days") }
}

/// Reports terms beyond the legal caps for this buyer.
///
/// Business buyer (C. com. L441-10 I): at most 60 days from the issue date, or at most 45 days
/// end of month. Public buyer: due at most 30 days after the issue date, 50 for a public health
/// establishment and 60 for a public company ([`crate::party::PublicBody`]; CCP R2192-10,
/// R2192-11). Consumer: no statutory cap. Violations are reported at `{path}.days`.
///
/// The public period legally runs from receipt of the payment request (CCP R2192-12), which is
/// not known at issue: the issue date, never later than receipt, is the conservative starting
/// point here; the receivables take the receipt date when the host records it.
///
/// Not covered: the sector caps of C. com. L441-11 (transport, perishable food…).
pub fn check_caps(terms: &PaymentTerms, issue_date: NaiveDate, buyer: &Buyer, path: &str, out: &mut Vec<Violation>) {
    match buyer.kind {
        BuyerKind::Business => match *terms {
            PaymentTerms::NetDays { days } if days > BUSINESS_MAX_NET_DAYS => out.push(RULE_NET_DAYS_CAP.at(
                days_path(path),
                format!("{days} days from the issue date exceed the {BUSINESS_MAX_NET_DAYS}-day cap for a business buyer"),
            )),
            PaymentTerms::EndOfMonth { days, .. } if days > BUSINESS_MAX_END_OF_MONTH_DAYS => {
                out.push(RULE_END_OF_MONTH_CAP.at(
                    days_path(path),
                    format!("{days} days end of month exceed the {BUSINESS_MAX_END_OF_MONTH_DAYS}-day cap for a business buyer"),
                ));
            }
            _ => {}
        },
        BuyerKind::Public => {
            let max_days = buyer.public_payment_days();
            let limit = plus_days(issue_date, max_days);
            let exceeds = match (terms.due_date(issue_date), limit) {
                (Ok(due), Some(limit)) => due > limit,
                // The due date is past the last representable date, hence past the limit.
                (Err(_), Some(_)) => true,
                // The limit itself is unrepresentable: any representable due date is within it.
                (_, None) => false,
            };
            if exceeds {
                out.push(RULE_PUBLIC_CAP.at(days_path(path), format!("this public buyer pays within {max_days} days of the issue date")));
            }
        }
        BuyerKind::Consumer => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testkit::date as d;

    fn eom(days: u32, method: EndOfMonthMethod) -> PaymentTerms {
        PaymentTerms::EndOfMonth { days, method }
    }

    use EndOfMonthMethod::{DaysThenEndOfMonth as M1, EndOfMonthThenDays as M2};

    #[test]
    fn simple_terms() {
        let issue = d(2026, 1, 20);
        assert_eq!(PaymentTerms::OnReceipt.due_date(issue), Ok(issue));
        assert_eq!(PaymentTerms::NetDays { days: 0 }.due_date(issue), Ok(issue));
        assert_eq!(PaymentTerms::NetDays { days: 30 }.due_date(issue), Ok(d(2026, 2, 19)));
        assert_eq!(PaymentTerms::NetDays { days: 60 }.due_date(issue), Ok(d(2026, 3, 21)));
        assert_eq!(PaymentTerms::default(), PaymentTerms::NetDays { days: 30 });
    }

    #[test]
    fn end_of_month_worked_examples() {
        let issue = d(2026, 1, 20);
        // 20 Jan + 45 days = 6 Mar, end of March.
        assert_eq!(eom(45, M1).due_date(issue), Ok(d(2026, 3, 31)));
        // End of January (31 Jan) + 45 days = 17 Mar.
        assert_eq!(eom(45, M2).due_date(issue), Ok(d(2026, 3, 17)));
        // 0 days: end of the issue month either way.
        assert_eq!(eom(0, M1).due_date(issue), Ok(d(2026, 1, 31)));
        assert_eq!(eom(0, M2).due_date(issue), Ok(d(2026, 1, 31)));
        // December rolls into the next year.
        assert_eq!(eom(30, M1).due_date(d(2026, 12, 15)), Ok(d(2027, 1, 31)));
        assert_eq!(eom(30, M2).due_date(d(2026, 12, 15)), Ok(d(2027, 1, 30)));
    }

    #[test]
    fn february_and_leap_years() {
        // 2028 is a leap year: 30 Jan + 30 days = 29 Feb.
        assert_eq!(PaymentTerms::NetDays { days: 30 }.due_date(d(2028, 1, 30)), Ok(d(2028, 2, 29)));
        assert_eq!(PaymentTerms::NetDays { days: 30 }.due_date(d(2027, 1, 30)), Ok(d(2027, 3, 1)));
        // Days then end of month landing in February.
        assert_eq!(eom(30, M1).due_date(d(2028, 1, 15)), Ok(d(2028, 2, 29)));
        assert_eq!(eom(30, M1).due_date(d(2027, 1, 15)), Ok(d(2027, 2, 28)));
        // End of February then days.
        assert_eq!(eom(30, M2).due_date(d(2028, 2, 10)), Ok(d(2028, 3, 30)));
        assert_eq!(eom(30, M2).due_date(d(2027, 2, 10)), Ok(d(2027, 3, 30)));
        assert_eq!(eom(0, M2).due_date(d(2028, 2, 1)), Ok(d(2028, 2, 29)));
        // 2000 was a leap year (2100, beyond the supported years, would not be).
        assert_eq!(eom(0, M1).due_date(d(2000, 2, 3)), Ok(d(2000, 2, 29)));
        assert_eq!(eom(0, M1).due_date(d(2096, 2, 3)), Ok(d(2096, 2, 29)));
        // Issue on 31 Jan, days then end of month: 31 Jan + 45 = 17 Mar → 31 Mar.
        assert_eq!(eom(45, M1).due_date(d(2026, 1, 31)), Ok(d(2026, 3, 31)));
    }

    /// Issue 12, class 5: a due date beyond the supported years (2000–2099) is a typed error,
    /// never a date a host language cannot hold (Python's `date` ends in 9999).
    #[test]
    fn due_dates_stay_within_the_supported_years() {
        let out = |r: Result<NaiveDate>| r.map_err(|e| e.code());
        assert_eq!(out(PaymentTerms::NetDays { days: u32::MAX }.due_date(d(2026, 1, 1))), Err("date.out_of_range"));
        assert_eq!(out(PaymentTerms::NetDays { days: 3_000_000 }.due_date(d(2026, 1, 1))), Err("date.out_of_range"));
        assert_eq!(out(PaymentTerms::NetDays { days: 1 }.due_date(NaiveDate::MAX)), Err("date.out_of_range"));
        assert_eq!(out(eom(0, M1).due_date(d(2099, 12, 2))), Ok(d(2099, 12, 31)));
        assert_eq!(out(eom(1, M2).due_date(d(2099, 12, 2))), Err("date.out_of_range"));
        assert_eq!(out(eom(u32::MAX, M1).due_date(NaiveDate::MIN)), Err("date.out_of_range"));
        assert_eq!(out(PaymentTerms::OnReceipt.due_date(d(1999, 12, 31))), Err("date.out_of_range"));
    }

    #[test]
    fn describe() {
        assert_eq!(crate::presentation::payment_terms(&PaymentTerms::OnReceipt), "À réception");
        assert_eq!(crate::presentation::payment_terms(&PaymentTerms::NetDays { days: 0 }), "À réception");
        assert_eq!(crate::presentation::payment_terms(&PaymentTerms::NetDays { days: 1 }), "1 jour date de facture");
        assert_eq!(crate::presentation::payment_terms(&PaymentTerms::NetDays { days: 30 }), "30 jours date de facture");
        assert_eq!(crate::presentation::payment_terms(&eom(45, M1)), "45 jours fin de mois");
        assert_eq!(crate::presentation::payment_terms(&eom(45, M2)), "fin de mois + 45 jours");
        assert_eq!(crate::presentation::payment_terms(&eom(0, M2)), "Fin de mois");
    }

    fn of(kind: BuyerKind) -> Buyer {
        Buyer { kind, ..Buyer::default() }
    }

    fn caps(terms: PaymentTerms, buyer: BuyerKind) -> Vec<String> {
        let mut out = Vec::new();
        check_caps(&terms, d(2026, 1, 20), &of(buyer), "payment_terms", &mut out);
        out.into_iter().map(|v| v.code).collect()
    }

    #[test]
    fn business_caps() {
        use BuyerKind::Business as B;
        assert!(caps(PaymentTerms::OnReceipt, B).is_empty());
        assert!(caps(PaymentTerms::NetDays { days: 0 }, B).is_empty());
        assert!(caps(PaymentTerms::NetDays { days: 60 }, B).is_empty());
        assert_eq!(caps(PaymentTerms::NetDays { days: 61 }, B), ["payment_terms.net_days_cap"]);
        assert!(caps(eom(45, M1), B).is_empty());
        assert!(caps(eom(45, M2), B).is_empty());
        assert_eq!(caps(eom(46, M1), B), ["payment_terms.end_of_month_cap"]);
        assert_eq!(caps(eom(46, M2), B), ["payment_terms.end_of_month_cap"]);

        let mut out = Vec::new();
        check_caps(&PaymentTerms::NetDays { days: 90 }, d(2026, 1, 20), &of(B), "payment_terms", &mut out);
        assert_eq!(out.first().map(|v| v.path.as_str()), Some("payment_terms.days"));
        assert_eq!(out.first().map(|v| v.source.as_str()), Some(RULE_NET_DAYS_CAP.source));
    }

    #[test]
    fn public_caps() {
        use BuyerKind::Public as P;
        assert!(caps(PaymentTerms::OnReceipt, P).is_empty());
        assert!(caps(PaymentTerms::NetDays { days: 30 }, P).is_empty());
        assert_eq!(caps(PaymentTerms::NetDays { days: 31 }, P), ["payment_terms.public_cap"]);
        // Issued 20 Jan: end of January is 11 days later; end of January + 19 days = 19 Feb (30 days).
        assert!(caps(eom(0, M1), P).is_empty());
        assert!(caps(eom(19, M2), P).is_empty());
        assert_eq!(caps(eom(20, M2), P), ["payment_terms.public_cap"]);
        // 20 Jan + 10 days = 30 Jan → 31 Jan: fine; + 12 days = 1 Feb → 28 Feb: too late.
        assert!(caps(eom(10, M1), P).is_empty());
        assert_eq!(caps(eom(12, M1), P), ["payment_terms.public_cap"]);
        assert_eq!(caps(PaymentTerms::NetDays { days: u32::MAX }, P), ["payment_terms.public_cap"]);
        let mut out = Vec::new();
        check_caps(&PaymentTerms::NetDays { days: 5 }, NaiveDate::MAX, &of(P), "", &mut out);
        assert!(out.is_empty());
        check_caps(&PaymentTerms::NetDays { days: 31 }, NaiveDate::MAX, &of(P), "", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn public_health_and_public_companies_have_longer_periods() {
        use crate::party::PublicBody;
        let buyer = |body| Buyer { kind: BuyerKind::Public, public_body: Some(body), ..Buyer::default() };
        let codes = |days, body| {
            let mut out = Vec::new();
            check_caps(&PaymentTerms::NetDays { days }, d(2026, 1, 20), &buyer(body), "payment_terms", &mut out);
            out.into_iter().map(|v| v.code).collect::<Vec<_>>()
        };
        // CCP R2192-11 1°: 50 days for public health establishments
        assert!(codes(50, PublicBody::Health).is_empty());
        assert_eq!(codes(51, PublicBody::Health), ["payment_terms.public_cap"]);
        // CCP R2192-11 2°: 60 days for public companies
        assert!(codes(60, PublicBody::PublicCompany).is_empty());
        assert_eq!(codes(61, PublicBody::PublicCompany), ["payment_terms.public_cap"]);
        // CCP R2192-10: 30 days for the others
        assert_eq!(codes(31, PublicBody::Administration), ["payment_terms.public_cap"]);
    }

    #[test]
    fn consumer_has_no_cap() {
        assert!(caps(PaymentTerms::NetDays { days: 365 }, BuyerKind::Consumer).is_empty());
        assert!(caps(eom(120, M2), BuyerKind::Consumer).is_empty());
    }

    #[test]
    fn json_round_trip() {
        let cases = [
            (PaymentTerms::OnReceipt, r#"{"type":"on_receipt"}"#),
            (PaymentTerms::NetDays { days: 30 }, r#"{"type":"net_days","days":30}"#),
            (eom(45, M1), r#"{"type":"end_of_month","days":45,"method":"days_then_end_of_month"}"#),
            (eom(45, M2), r#"{"type":"end_of_month","days":45,"method":"end_of_month_then_days"}"#),
        ];
        for (terms, json) in cases {
            assert_eq!(serde_json::to_string(&terms).ok().as_deref(), Some(json));
            assert_eq!(serde_json::from_str::<PaymentTerms>(json).ok(), Some(terms));
        }
        // The method defaults to days then end of month.
        assert_eq!(serde_json::from_str::<PaymentTerms>(r#"{"type":"end_of_month","days":45}"#).ok(), Some(eom(45, M1)));
    }

    #[test]
    fn json_rejects_bad_input() {
        for json in [
            r#"{"type":"net_days","days":30,"extra":1}"#,
            r#"{"type":"net_days"}"#,
            r#"{"type":"net_days","days":-1}"#,
            r#"{"type":"net_days","days":1.5}"#,
            r#"{"type":"weekly"}"#,
            r#"{"type":"on_receipt","days":3}"#,
            r#"{"days":30}"#,
            r#"{"type":"end_of_month","days":45,"method":"other"}"#,
        ] {
            assert!(serde_json::from_str::<PaymentTerms>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn json_schema_builds() {
        let schema = schemars::schema_for!(PaymentTerms);
        let text = serde_json::to_string(&schema).unwrap_or_default();
        assert!(text.contains("end_of_month_then_days"));
        assert!(text.contains(r#""additionalProperties":false"#));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        #[test]
        fn never_panics_and_never_early(days: u32, ce in -100_000_000i32..100_000_000, kind in 0u8..4, buyer in 0u8..3) {
            let Some(issue) = NaiveDate::from_num_days_from_ce_opt(ce) else { return Ok(()) };
            let terms = match kind {
                0 => PaymentTerms::OnReceipt,
                1 => PaymentTerms::NetDays { days },
                2 => eom(days, M1),
                _ => eom(days, M2),
            };
            if let Ok(due) = terms.due_date(issue) {
                proptest::prop_assert!(due >= issue);
            }
            let buyer = [BuyerKind::Business, BuyerKind::Public, BuyerKind::Consumer].get(usize::from(buyer)).copied();
            let mut out = Vec::new();
            check_caps(&terms, issue, &of(buyer.unwrap_or_default()), "payment_terms", &mut out);
            let _ = crate::presentation::payment_terms(&terms);
        }
    }
}
