use super::*;

#[test]
fn every_key_has_a_text() {
    for k in [
        MentionKey::Franchise,
        MentionKey::Autoliquidation,
        MentionKey::LatePenalty,
        MentionKey::RecoveryIndemnity,
        MentionKey::NoEarlyPaymentDiscount,
        MentionKey::DebitsOption,
        MentionKey::QuoteAcceptance,
        MentionKey::IntraEuSupply,
        MentionKey::Export,
        MentionKey::OutOfScope,
    ] {
        assert!(!text(k, day(2026, 11, 22)).is_empty(), "{k:?}");
    }
    let m = mention(MentionKey::LatePenalty, day(2026, 11, 22), Some("12,15 %"));
    assert!(m.text.contains("12,15 %"));
}

#[test]
fn cgi_wordings_end_at_the_cibs_recodification() {
    use crate::vat::VatCategory;
    let before = CIBS_FROM.pred_opt().unwrap_or(CIBS_FROM);
    assert_eq!(text(MentionKey::Franchise, before), "TVA non applicable, art. 293 B du CGI");
    assert!(text(MentionKey::Franchise, CIBS_FROM).contains("directive 2006/112/CE"));
    for (category, cgi, directive) in [(VatCategory::K, "262 ter I du CGI", "art. 138"), (VatCategory::G, "262 I du CGI", "art. 146")] {
        assert!(category.default_exemption(before).unwrap().reason.contains(cgi));
        let after = category.default_exemption(CIBS_FROM).unwrap().reason;
        assert!(after.contains(directive) && !after.contains("CGI"), "{after}");
    }
    // every key has exactly one text in force on any day: no gap, no overlap
    for key in [MentionKey::Franchise, MentionKey::IntraEuSupply, MentionKey::Export] {
        for day in [crate::dated::ORIGIN, before, CIBS_FROM, day(2040, 1, 1)] {
            let n = TEXTS.iter().filter(|e| e.key == key && e.valid_from <= day && e.valid_to.is_none_or(|to| day <= to)).count();
            assert_eq!(n, 1, "{key:?} on {day}");
        }
    }
}
