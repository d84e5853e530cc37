//! Which legal mentions a document carries, from its content and date; their wordings are dated
//! texts ([`crate::texts`]).

use chrono::NaiveDate;

use crate::documents::draft::{InvoiceDraft, InvoiceKind};
use crate::documents::version::RULES_VERSION;
use crate::format::{date as french_date, plain_number};
use crate::party::{BuyerKind, VatRegime};
use crate::receivables::rates::{COMMERCIAL_MARGIN, PUBLIC_MARGIN, RateTables, half_year_start};
use crate::texts::{LegalMention, MentionKey, mention};
use crate::vat::VatCategory;

/// The legal mentions an invoice prints, computed from its content as of `issue_date`.
///
/// Franchise (CGI 293 E), reverse charge (242 nonies A, I-13°), débits option (I-11° bis), and
/// for professional buyers the penalty rate, the 40 € indemnity and the escompte clause
/// (C. com. L441-9 I, L441-10 II, D441-5). Credit notes carry the VAT mentions only.
pub fn mentions_for(draft: &InvoiceDraft, issue_date: NaiveDate) -> Vec<LegalMention> {
    mentions_for_version(draft, issue_date, RULES_VERSION)
}

/// [`mentions_for`] under the rules of `version` ([`crate::documents::version::RULES_VERSIONS`]),
/// so that an archived invoice is verified against the mentions it was issued with.
pub fn mentions_for_version(draft: &InvoiceDraft, issue_date: NaiveDate, version: u32) -> Vec<LegalMention> {
    let mut out = Vec::new();
    if draft.seller.vat_regime == VatRegime::Franchise {
        out.push(franchise(draft, issue_date, version));
    }
    if draft.lines.iter().any(|l| l.vat_category == VatCategory::AE) {
        out.push(mention(MentionKey::Autoliquidation, issue_date, None));
    }
    if draft.seller.vat_regime == VatRegime::Debits {
        out.push(mention(MentionKey::DebitsOption, issue_date, None));
    }
    if draft.kind != InvoiceKind::CreditNote && draft.buyer.is_professional() {
        let rate = if version >= 2 { penalty_rate(draft, issue_date) } else { penalty_rate_v1(draft) };
        out.push(mention(MentionKey::LatePenalty, issue_date, Some(&rate)));
        out.push(mention(MentionKey::RecoveryIndemnity, issue_date, None));
        match &draft.early_payment_discount {
            Some(text) if !crate::text::is_blank(text) => out.push(LegalMention {
                key: MentionKey::NoEarlyPaymentDiscount,
                text: text.clone(),
                source: "C. com. L441-9 I".to_owned(),
            }),
            _ => out.push(mention(MentionKey::NoEarlyPaymentDiscount, issue_date, None)),
        }
    }
    out
}

/// The franchise mention (CGI 293 E): the draft's own wording of its category-E exemption when
/// it gives one (from rules v2: how a host prints the CIBS wording once published, see
/// [`crate::texts::TEXTS`]), else the dated text in force.
fn franchise(draft: &InvoiceDraft, issue_date: NaiveDate, version: u32) -> LegalMention {
    let own = draft.exemptions.iter().find(|e| e.category == VatCategory::E && !crate::text::is_blank(&e.reason));
    match own {
        Some(e) if version >= 2 => LegalMention {
            key: MentionKey::Franchise,
            text: e.reason.clone(),
            source: crate::texts::entry(MentionKey::Franchise, issue_date).map_or("", |t| t.source).to_owned(),
        },
        _ => mention(MentionKey::Franchise, issue_date, None),
    }
}

/// The rate part of the penalty mention (rules v1): the contractual rate, else the formula.
fn penalty_rate_v1(draft: &InvoiceDraft) -> String {
    match (draft.late_payment_rate, draft.buyer.kind) {
        (Some(r), _) => format!("au taux de {} % l'an", plain_number(r)),
        (None, BuyerKind::Public) => "au taux d'intérêt de la BCE majoré de 8 points".to_owned(),
        (None, _) => "au taux de refinancement de la BCE majoré de 10 points".to_owned(),
    }
}

/// The rate part of the penalty mention (rules v2): the contractual rate, else the statutory
/// formula followed by the figure it gives for the half-year of the issue date.
///
/// - Business buyer without a contractual rate: ECB main refinancing rate + 10 points, the ECB
///   rate in force on 1 January for the first half-year and on 1 July for the second
///   (C. com. L441-10 II).
/// - Public buyer: the moratorium rate the computation uses, ECB rate + 8 points, whatever the
///   contract says (CCP R2192-31; a contractual rate does not apply to public buyers).
///
/// The figure is printed only when the shipped ECB table is verified for that half-year
/// ([`crate::receivables::rates::ecb_verified_until`]): a provisional figure on an issued
/// invoice could be wrong, the formula alone is the legal definition of the rate.
fn penalty_rate(draft: &InvoiceDraft, issue_date: NaiveDate) -> String {
    let (formula, margin) = match (draft.late_payment_rate, draft.buyer.kind) {
        (_, BuyerKind::Public) => ("au taux d'intérêt de la BCE majoré de 8 points (CCP R2192-31)", PUBLIC_MARGIN),
        (Some(r), _) => return format!("au taux de {} % l'an", plain_number(r)),
        (None, _) => ("au taux de refinancement de la BCE majoré de 10 points", COMMERCIAL_MARGIN),
    };
    let Some(reference) = half_year_start(issue_date) else { return formula.to_owned() };
    let figure = RateTables::default()
        .ecb_main_refinancing
        .rate_on(reference)
        .ok()
        .filter(|r| !r.provisional)
        .and_then(|r| r.rate.checked_add(margin));
    match figure {
        Some(f) => format!("{formula}, soit {} % l'an au {}", plain_number(f), french_date(reference)),
        None => formula.to_owned(),
    }
}
