//! The versions of the rules an issued invoice is computed with: its totals, due date and
//! mentions, so that an archived invoice is verified with the rules that issued it.

/// The version of the rules this build issues invoices under.
///
/// An issued invoice carries the version of the rules that issued it ([`crate::documents::invoice::IssuedInvoice::rules_version`]):
/// it is loaded and rendered as it was issued, and [`crate::documents::invoice::IssuedInvoice::verify`] recomputes it with
/// the rules of that version, so that a later change of rounding or wording never makes an
/// archived invoice unreadable (CGI art. 289 V: authenticity, integrity and legibility from
/// issuance to the end of the retention period; C. com. L123-22: 10 years). What each version
/// changed is in [`RULES_VERSIONS`].
pub const RULES_VERSION: u32 = 2;

/// Every version of the rules and what it changed, oldest first.
pub const RULES_VERSIONS: &[(u32, &str)] = &[
    (1, "facturier 0.1 until December 2026: invoices without a `rules_version` field"),
    (
        2,
        "the penalty mention states the rate in force at issue (C. com. L441-10 II; CCP R2192-31); a franchise mention \
         honours the draft's own exemption wording; the VAT total in euros of a foreign-currency invoice (CGI 289)",
    ),
];
