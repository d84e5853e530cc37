//! Which legal mentions a document carries, from its content and date; their wordings are dated
//! texts ([`crate::texts`]).

use chrono::NaiveDate;

use crate::documents::draft::{InvoiceDraft, InvoiceKind};
use crate::party::{BuyerKind, VatRegime};
use crate::texts::{LegalMention, MentionKey, mention};
use crate::vat::VatCategory;

/// The legal mentions an invoice prints, computed from its content as of `issue_date`.
///
/// Franchise (CGI 293 E), reverse charge (242 nonies A, I-13°), débits option (I-11° bis), and
/// for professional buyers the penalty rate, the 40 € indemnity and the escompte clause
/// (C. com. L441-9 I, L441-10 II, D441-5). Credit notes carry the VAT mentions only.
pub fn mentions_for(draft: &InvoiceDraft, issue_date: NaiveDate) -> Vec<LegalMention> {
    let mut out = Vec::new();
    if draft.seller.vat_regime == VatRegime::Franchise {
        out.push(mention(MentionKey::Franchise, issue_date, None));
    }
    if draft.lines.iter().any(|l| l.vat_category == VatCategory::AE) {
        out.push(mention(MentionKey::Autoliquidation, issue_date, None));
    }
    if draft.seller.vat_regime == VatRegime::Debits {
        out.push(mention(MentionKey::DebitsOption, issue_date, None));
    }
    if draft.kind != InvoiceKind::CreditNote && draft.buyer.is_professional() {
        let rate = match (draft.late_payment_rate, draft.buyer.kind) {
            (Some(r), _) => format!("au taux de {} % l'an", crate::presentation::plain_number(r)),
            // CCP R2192-31: public buyers, ECB rate + 8 points
            (None, BuyerKind::Public) => "au taux d'intérêt de la BCE majoré de 8 points".to_owned(),
            // L441-10 II: default ECB refinancing rate + 10 points
            (None, _) => "au taux de refinancement de la BCE majoré de 10 points".to_owned(),
        };
        out.push(mention(MentionKey::LatePenalty, issue_date, Some(&rate)));
        out.push(mention(MentionKey::RecoveryIndemnity, issue_date, None));
        match &draft.early_payment_discount {
            Some(text) if !text.trim().is_empty() => out.push(LegalMention {
                key: MentionKey::NoEarlyPaymentDiscount,
                text: text.clone(),
                source: "C. com. L441-9 I".to_owned(),
            }),
            _ => out.push(mention(MentionKey::NoEarlyPaymentDiscount, issue_date, None)),
        }
    }
    out
}
