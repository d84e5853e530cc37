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
    ] {
        assert!(!text(k, day(2026, 11, 22)).is_empty(), "{k:?}");
    }
    let m = mention(MentionKey::LatePenalty, day(2026, 11, 22), Some("12,15 %"));
    assert!(m.text.contains("12,15 %"));
}
