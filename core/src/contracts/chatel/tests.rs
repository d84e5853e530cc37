use super::*;
use crate::contracts::contract::SentLetter;
use crate::contracts::fixtures::{consumer, d, maintenance};
use crate::contracts::renewal::term_on;

fn window_on(c: &Contract, day: NaiveDate) -> Option<ChatelWindow> {
    let t = term_on(c, day)?;
    window(c, &t, day)
}

#[test]
fn the_window_three_to_one_month_before_the_deadline() {
    // term 01/07/2025 – 30/06/2026, 1 month's notice: deadline 31/05/2026; the letter goes out
    // between 31/05 − 3 months = 28/02 and 31/05 − 1 month = 30/04
    let c = consumer();
    let w = window_on(&c, d(2026, 1, 10)).unwrap();
    assert_eq!((w.opens, w.closes, w.refusal_deadline, w.renewal_date), (d(2026, 2, 28), d(2026, 4, 30), d(2026, 5, 31), d(2026, 7, 1)));
    assert_eq!(w.state, ChatelState::NotYetOpen);
    assert_eq!(window_on(&c, d(2026, 2, 28)).unwrap().state, ChatelState::Open);
    assert_eq!(window_on(&c, d(2026, 4, 30)).unwrap().state, ChatelState::Open);
    assert_eq!(window_on(&c, d(2026, 5, 1)).unwrap().state, ChatelState::Missed);
    let mut sent = c.clone();
    sent.chatel_letters = vec![SentLetter { sent_on: d(2026, 3, 2), reference: Some("1A 234 567 8901 2".into()) }];
    assert_eq!(window_on(&sent, d(2026, 5, 1)).map(|w| (w.state, w.letter_sent_on)), Some((ChatelState::Sent, Some(d(2026, 3, 2)))));
    sent.chatel_letters = vec![SentLetter { sent_on: d(2026, 5, 10), reference: None }];
    assert_eq!(window_on(&sent, d(2026, 5, 11)).unwrap().state, ChatelState::SentLate);
    // businesses are not protected (Cass. com. 3/12/2013)
    assert_eq!(window_on(&maintenance(), d(2026, 8, 1)), None);
}

#[test]
fn renewed_without_the_letter_the_consumer_may_terminate_free() {
    let c = consumer();
    let t = term_on(&c, d(2026, 9, 1)).unwrap();
    assert_eq!(free_termination_since(&c, Some(&t)), Some(d(2026, 7, 1)));
    let mut sent = c.clone();
    sent.chatel_letters = vec![SentLetter { sent_on: d(2026, 4, 1), reference: None }];
    assert_eq!(free_termination_since(&sent, Some(&t)), None);
    let s = crate::contracts::renewal_schedule(&[c], d(2026, 9, 1), &Default::default()).unwrap();
    assert_eq!(s.contracts[0].free_termination_since, Some(d(2026, 7, 1)));
}

#[test]
fn the_letter() {
    let c = consumer();
    let seller = crate::testkit::seller();
    let l = chatel_letter(&c, &seller, d(2026, 3, 2)).unwrap();
    assert!(!l.late);
    assert_eq!(l.window.refusal_deadline, d(2026, 5, 31));
    let text = |k: ChatelKey| l.paragraphs.iter().find(|p| p.key == k).map(|p| p.text.clone()).unwrap_or_default();
    assert_eq!(
        text(ChatelKey::DeadlineBox),
        "Vous pouvez vous opposer à la reconduction de votre contrat jusqu'au **31/05/2026** inclus (date limite de non-reconduction)."
    );
    assert!(
        text(ChatelKey::Intro).contains("**30/06/2026**") && text(ChatelKey::Intro).contains("01/07/2026"),
        "{}",
        text(ChatelKey::Intro)
    );
    assert!(text(ChatelKey::RenewalTerm).contains("d'un an"));
    assert!(text(ChatelKey::HowToTerminateOnline).contains("https://atelier-numerique.example/compte/resilier"));
    assert!(text(ChatelKey::HowToRefuse).contains("12 rue de la Charité, 69002 Lyon"));
    assert!(l.paragraphs.iter().all(|p| !p.text.contains('{')), "a placeholder is left");
    assert!(l.paragraphs.iter().filter(|p| p.key != ChatelKey::Closing).all(|p| !p.sources.is_empty()));
    // late, too early, after the deadline, not applicable, online without an address
    assert!(chatel_letter(&c, &seller, d(2026, 5, 20)).unwrap().late);
    let e = chatel_letter(&c, &seller, d(2026, 2, 27)).unwrap_err();
    assert_eq!(e.code(), "chatel.letter.too_early");
    assert!(e.to_string().contains("2026-02-28"));
    assert_eq!(chatel_letter(&c, &seller, d(2026, 6, 1)).unwrap_err().code(), "chatel.letter.after_deadline");
    assert_eq!(chatel_letter(&maintenance(), &seller, d(2026, 8, 1)).unwrap_err().code(), "chatel.not_applicable");
    let mut offline = c.clone();
    offline.termination_url = None;
    assert_eq!(chatel_letter(&offline, &seller, d(2026, 3, 2)).unwrap_err().code(), "chatel.termination_url.missing");
}

#[test]
fn every_text_is_dated_and_sourced() {
    for t in TEXTS {
        assert!(t.valid_to.is_none_or(|to| to >= t.valid_from));
        assert!(entry(t.key, t.valid_from).is_some());
    }
    // the online termination sentence is in force from 1 June 2023
    assert_eq!(entry(ChatelKey::HowToTerminateOnline, d(2023, 6, 1)).map(|t| t.valid_from), Some(d(2023, 6, 1)));
}
