use super::*;
use crate::documents::invoice::issue;
use crate::documents::numbering::NumberingState;
use crate::line::SupplyKind;
use crate::testkit::{buyer, seller};
use crate::vat::VatCategory;
use rust_decimal_macros::dec;

use crate::testkit::date as d;

fn line(id: &str, quantity: Decimal, price: Decimal, rate: Decimal, supply: SupplyKind) -> Line {
    Line {
        id: id.into(),
        description: format!("Poste {id}"),
        quantity,
        unit: "C62".into(),
        unit_price: price,
        discount: None,
        vat_category: VatCategory::S,
        vat_rate: rate,
        supply,
        allowances: Vec::new(),
        charges: Vec::new(),
        price_base_quantity: None,
        gross_price: None,
    }
}

/// 6 × 650.00 € of services at 20 % and 12 × 24.50 € of goods at 5.5 %, valid one month.
fn content(issue_date: NaiveDate) -> QuoteContent {
    QuoteContent {
        issue_date,
        valid_until: issue_date + chrono::Days::new(30),
        currency: Currency::default(),
        territory: Territory::Metropole,
        seller: seller(),
        buyer: buyer(),
        lines: vec![
            line("1", dec!(6), dec!(650.00), dec!(20), SupplyKind::Services),
            line("2", dec!(12), dec!(24.50), dec!(5.5), SupplyKind::Goods),
        ],
        allowances: vec![],
        charges: vec![],
        exemptions: vec![],
        payment_terms: PaymentTerms::NetDays { days: 30 },
        late_payment_rate: None,
        early_payment_discount: None,
        notes: vec!["Début des travaux sous 15 jours".into()],
    }
}

/// Issued 2026-03-02, valid until 2026-04-01.
fn quote() -> Quote {
    Quote::new("D-2026-001", content(d(2026, 3, 2))).unwrap()
}

fn transition(e: &CoreError) -> (String, String) {
    match e {
        CoreError::QuoteTransition { from, to } => (from.to_string(), to.to_string()),
        other => panic!("not a transition error: {other:?}"),
    }
}

fn statuses(q: &Quote) -> Vec<(QuoteStatus, NaiveDate, u32)> {
    q.history().iter().map(|h| (h.status, h.date, h.version)).collect()
}

fn data(q: &Quote) -> QuoteData {
    QuoteData { number: q.number.clone(), status: q.status, versions: q.versions.clone(), history: q.history.clone() }
}

#[test]
fn a_new_quote_is_a_draft_version_1() {
    let q = quote();
    assert_eq!(q.number(), "D-2026-001");
    assert_eq!(q.status(), QuoteStatus::Draft);
    assert_eq!(q.versions().len(), 1);
    assert_eq!(q.current().version, 1);
    assert_eq!(q.current().content, content(d(2026, 3, 2)));
    assert_eq!(statuses(&q), [(QuoteStatus::Draft, d(2026, 3, 2), 1)]);
    assert_eq!(check_quote(&q), vec![]);

    let e = Quote::new("  ", content(d(2026, 3, 2))).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert_eq!(e.violations()[0].code, legal::QUOTE_NUMBER.code);
    assert_eq!(e.path(), Some("number"));
}

#[test]
fn draft_sent_accepted() {
    let sent = quote().send(d(2026, 3, 3)).unwrap();
    assert_eq!(sent.status(), QuoteStatus::Sent);
    let accepted = sent.accept(d(2026, 3, 10)).unwrap();
    assert_eq!(accepted.status(), QuoteStatus::Accepted);
    assert_eq!(
        statuses(&accepted),
        [(QuoteStatus::Draft, d(2026, 3, 2), 1), (QuoteStatus::Sent, d(2026, 3, 3), 1), (QuoteStatus::Accepted, d(2026, 3, 10), 1)]
    );
    // operations return new values
    assert_eq!(sent.status(), QuoteStatus::Sent);
    assert_eq!(sent.history().len(), 2);
    // accepted on the last day of validity, and on the day it was sent
    let sent = quote().send(d(2026, 3, 3)).unwrap();
    assert!(sent.accept(d(2026, 4, 1)).is_ok());
    assert!(sent.accept(d(2026, 3, 3)).is_ok());
}

#[test]
fn a_status_change_outside_the_supported_years_is_refused() {
    // fuzz finding: a quote accepted on 9999-12-31 was kept, and its JSON did not read back
    let sent = quote().send(d(2026, 3, 3)).unwrap();
    for far in [d(9999, 12, 31), d(2100, 1, 1)] {
        let e = sent.accept(far).unwrap_err();
        assert_eq!((e.code(), e.path()), ("date.out_of_range", Some("date")));
        assert_eq!(sent.refuse(far).unwrap_err().code(), "date.out_of_range");
    }
    assert_eq!(quote().send(d(1999, 12, 31)).unwrap_err().code(), "date.out_of_range");
}

#[test]
fn sent_refused_then_revised_keeps_every_version_and_the_history() {
    let refused = quote().send(d(2026, 3, 3)).unwrap().refuse(d(2026, 3, 5)).unwrap();
    assert_eq!(refused.status(), QuoteStatus::Refused);

    let mut v2 = content(d(2026, 3, 6));
    v2.lines[0].quantity = dec!(5);
    let revised = refused.revise(v2.clone()).unwrap();
    assert_eq!(revised.status(), QuoteStatus::Draft);
    assert_eq!(revised.number(), "D-2026-001");
    assert_eq!(revised.versions().iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(revised.versions()[0].content, content(d(2026, 3, 2)));
    assert_eq!(revised.current().version, 2);
    assert_eq!(revised.current().content, v2);
    assert_eq!(
        statuses(&revised),
        [
            (QuoteStatus::Draft, d(2026, 3, 2), 1),
            (QuoteStatus::Sent, d(2026, 3, 3), 1),
            (QuoteStatus::Refused, d(2026, 3, 5), 1),
            (QuoteStatus::Draft, d(2026, 3, 6), 2),
        ]
    );
    let accepted = revised.send(d(2026, 3, 6)).unwrap().accept(d(2026, 3, 9)).unwrap();
    assert_eq!(statuses(&accepted)[5], (QuoteStatus::Accepted, d(2026, 3, 9), 2));
    // a draft or a sent quote may be revised too
    assert_eq!(quote().revise(content(d(2026, 3, 2))).unwrap().current().version, 2);
    let sent = quote().send(d(2026, 3, 3)).unwrap();
    assert_eq!(sent.revise(content(d(2026, 3, 4))).unwrap().status(), QuoteStatus::Draft);
}

#[test]
fn forbidden_transitions() {
    let draft = quote();
    let sent = draft.send(d(2026, 3, 3)).unwrap();
    let accepted = sent.accept(d(2026, 3, 4)).unwrap();
    let refused = sent.refuse(d(2026, 3, 4)).unwrap();
    let at = d(2026, 3, 5);
    for (e, from, to) in [
        (draft.accept(at).unwrap_err(), "draft", "accepted"),
        (draft.refuse(at).unwrap_err(), "draft", "refused"),
        (sent.send(at).unwrap_err(), "sent", "sent"),
        (accepted.refuse(at).unwrap_err(), "accepted", "refused"),
        (accepted.accept(at).unwrap_err(), "accepted", "accepted"),
        (accepted.send(at).unwrap_err(), "accepted", "sent"),
        (accepted.revise(content(at)).unwrap_err(), "accepted", "draft"),
        (refused.accept(at).unwrap_err(), "refused", "accepted"),
        (refused.send(at).unwrap_err(), "refused", "sent"),
        (refused.refuse(at).unwrap_err(), "refused", "refused"),
    ] {
        assert_eq!(e.code(), "quote.transition");
        assert_eq!(transition(&e), (from.to_owned(), to.to_owned()));
        assert_eq!(e.to_string(), format!("a quote cannot go from `{from}` to `{to}`"));
    }
}

#[test]
fn a_sent_quote_expires_after_its_validity() {
    let sent = quote().send(d(2026, 3, 3)).unwrap();
    assert_eq!(sent.status_as_of(d(2026, 4, 1)), QuoteStatus::Sent);
    assert_eq!(sent.status_as_of(d(2026, 4, 2)), QuoteStatus::Expired);
    // expiry is derived, never stored
    assert_eq!(sent.status(), QuoteStatus::Sent);
    let e = sent.accept(d(2026, 4, 2)).unwrap_err();
    assert_eq!(transition(&e), ("expired".to_owned(), "accepted".to_owned()));
    // an expired quote may still be refused or revised
    assert_eq!(sent.refuse(d(2026, 4, 2)).unwrap().status(), QuoteStatus::Refused);
    let revised = sent.revise(content(d(2026, 4, 2))).unwrap();
    assert_eq!(revised.status_as_of(d(2026, 4, 3)), QuoteStatus::Draft);
    let resent = revised.send(d(2026, 4, 3)).unwrap();
    assert!(resent.accept(d(2026, 4, 20)).is_ok());
    // only sent quotes expire
    assert_eq!(quote().status_as_of(d(2027, 1, 1)), QuoteStatus::Draft);
    let accepted = sent.accept(d(2026, 3, 4)).unwrap();
    assert_eq!(accepted.status_as_of(d(2027, 1, 1)), QuoteStatus::Accepted);
    let refused = sent.refuse(d(2026, 3, 4)).unwrap();
    assert_eq!(refused.status_as_of(d(2027, 1, 1)), QuoteStatus::Refused);
    assert_eq!(QuoteStatus::Expired.to_string(), "expired");
}

#[test]
fn status_dates_never_go_backwards() {
    let q = quote();
    let e = q.send(d(2026, 3, 1)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("quote.date.before_previous", Some("date")));
    let sent = q.send(d(2026, 3, 10)).unwrap();
    let e = sent.accept(d(2026, 3, 9)).unwrap_err();
    assert_eq!((e.code(), e.path()), ("quote.date.before_previous", Some("date")));
    let e = sent.refuse(d(2026, 3, 9)).unwrap_err();
    assert_eq!(e.path(), Some("date"));
    let e = sent.revise(content(d(2026, 3, 9))).unwrap_err();
    assert_eq!((e.code(), e.path()), ("quote.version.before_previous", Some("issue_date")));
    assert!(sent.revise(content(d(2026, 3, 10))).is_ok());
}

#[test]
fn sending_checks_the_current_version() {
    let mut bad = content(d(2026, 3, 2));
    bad.valid_until = d(2026, 3, 1);
    bad.lines[1].vat_rate = dec!(7);
    let q = Quote::new("D-1", bad).unwrap();
    let e = q.send(d(2026, 3, 3)).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert_eq!(e.violations(), check_quote(&q).as_slice());
    let found: Vec<(&str, &str)> = e.violations().iter().map(|v| (v.code.as_str(), v.path.as_str())).collect();
    assert_eq!(found, [("quote.validity.invalid", "valid_until"), ("vat.rate.not_allowed", "lines[1].vat_rate")]);
    // a revised version fixes it
    let fixed = q.revise(content(d(2026, 3, 2))).unwrap();
    assert_eq!(check_quote(&fixed), vec![]);
    assert!(fixed.send(d(2026, 3, 3)).is_ok());
}

#[test]
fn check_quote_covers_validity_identity_and_lines() {
    let check = |f: fn(&mut QuoteContent)| {
        let mut c = content(d(2026, 3, 2));
        f(&mut c);
        check_quote(&Quote::new("D-1", c).unwrap())
    };
    let at = |v: &[Violation]| v.iter().map(|x| (x.code.clone(), x.path.clone())).collect::<Vec<_>>();
    let one = |code: &str, path: &str| vec![(code.to_owned(), path.to_owned())];
    assert_eq!(at(&check(|c| c.valid_until = d(2026, 3, 1))), one("quote.validity.invalid", "valid_until"));
    assert_eq!(check(|c| c.valid_until = c.issue_date), vec![]);
    // the seller's identity (C. com. R123-237/238)
    assert_eq!(at(&check(|c| c.seller.siren = None)), one("seller.siren.missing", "seller.siren"));
    assert_eq!(at(&check(|c| c.seller.registration = None)), one("seller.registration.missing", "seller.registration"));
    assert_eq!(at(&check(|c| c.seller.share_capital = None)), one("seller.share_capital.missing", "seller.share_capital"));
    assert_eq!(at(&check(|c| c.seller.address.city = String::new())), one("party.address.incomplete", "seller.address.city"));
    // an individual entrepreneur needs no RCS, form nor capital; the EI mention is printed
    let ei = check(|c| {
        c.seller.individual_entrepreneur = true;
        c.seller.name = "Jeanne Martin".into();
        c.seller.registration = Some(crate::party::Registration::None);
        c.seller.legal_form = None;
        c.seller.share_capital = None;
    });
    assert_eq!(ei, vec![]);
    // a B2B quote promises no more than its invoice may carry (C. com. L441-10)
    assert_eq!(
        at(&check(|c| c.payment_terms = PaymentTerms::NetDays { days: 90 })),
        one("payment_terms.net_days_cap", "payment_terms.days")
    );
    assert_eq!(at(&check(|c| c.late_payment_rate = Some(dec!(5)))), one("late_payment_rate.below_floor", "late_payment_rate"));
    assert_eq!(check(|c| c.late_payment_rate = Some(dec!(7.86))), vec![]);
    // buyer and lines
    assert_eq!(at(&check(|c| c.buyer.name = String::new())), one("party.name.missing", "buyer.name"));
    assert_eq!(at(&check(|c| c.lines.clear())), one("lines.empty", "lines"));
    // neither 20 % nor 5.5 % apply in the DOM (CGI 296)
    assert_eq!(
        at(&check(|c| c.territory = Territory::Dom)),
        [("vat.rate.not_allowed".to_owned(), "lines[0].vat_rate".to_owned()), ("vat.rate.not_allowed".into(), "lines[1].vat_rate".into())]
    );
    assert_eq!(
        at(&check(|c| c.seller.vat_regime = crate::party::VatRegime::Franchise)),
        [
            ("vat.franchise.category".to_owned(), "lines[0].vat_category".to_owned()),
            ("vat.franchise.category".into(), "lines[1].vat_category".into())
        ]
    );
    // out of range: the input, then the totals it cannot give
    assert_eq!(
        at(&check(|c| c.lines[0].quantity = Decimal::MAX)),
        [("decimal.range".to_owned(), "lines[0].quantity".to_owned()), ("decimal.range".into(), "lines[0]".into())]
    );
}

#[test]
fn duplicate_is_a_new_draft_version_1_with_new_dates() {
    let mut v2 = content(d(2026, 3, 6));
    v2.lines.pop();
    let source = quote().send(d(2026, 3, 3)).unwrap().refuse(d(2026, 3, 5)).unwrap().revise(v2.clone()).unwrap();
    let accepted = source.send(d(2026, 3, 6)).unwrap().accept(d(2026, 3, 7)).unwrap();
    for q in [&source, &accepted] {
        let dup = q.duplicate("D-2026-002", d(2026, 5, 1), d(2026, 5, 31)).unwrap();
        assert_eq!(dup.number(), "D-2026-002");
        assert_eq!(dup.status(), QuoteStatus::Draft);
        assert_eq!(dup.versions().len(), 1);
        assert_eq!(dup.current().version, 1);
        assert_eq!(statuses(&dup), [(QuoteStatus::Draft, d(2026, 5, 1), 1)]);
        let c = &dup.current().content;
        assert_eq!((c.issue_date, c.valid_until), (d(2026, 5, 1), d(2026, 5, 31)));
        // the current version's content, not the first one's
        assert_eq!(QuoteContent { issue_date: v2.issue_date, valid_until: v2.valid_until, ..c.clone() }, v2);
    }
    assert_eq!(accepted.status(), QuoteStatus::Accepted);
    assert_eq!(accepted.number(), "D-2026-001");
    assert!(quote().duplicate("", d(2026, 5, 1), d(2026, 5, 31)).is_err());
}

#[test]
fn conversions_require_acceptance() {
    let draft = quote();
    let sent = draft.send(d(2026, 3, 3)).unwrap();
    let refused = sent.refuse(d(2026, 3, 4)).unwrap();
    for q in [&draft, &sent, &refused] {
        let e = q.to_invoice_draft().unwrap_err();
        assert_eq!((e.code(), e.path()), ("quote.not_accepted", Some("status")));
        assert_eq!(q.to_deposit_draft(DepositSpec::Percent(dec!(30)), &[]).unwrap_err().path(), Some("status"));
        assert_eq!(q.to_final_draft(&[], &[]).unwrap_err().path(), Some("status"));
    }
    assert!(draft.to_invoice_draft().unwrap_err().to_string().contains("D-2026-001 is draft"));
}

#[test]
fn the_invoice_of_an_accepted_quote_references_its_number_and_version() {
    let accepted = quote()
        .send(d(2026, 3, 3))
        .unwrap()
        .refuse(d(2026, 3, 4))
        .unwrap()
        .revise(content(d(2026, 3, 5)))
        .unwrap()
        .send(d(2026, 3, 5))
        .unwrap()
        .accept(d(2026, 3, 6))
        .unwrap();
    let draft = accepted.to_invoice_draft().unwrap();
    assert_eq!(draft.kind, InvoiceKind::Standard);
    assert_eq!(draft.quote, Some(QuoteRef { number: "D-2026-001".into(), version: 2 }));
    let c = &accepted.current().content;
    assert_eq!((&draft.lines, &draft.seller, &draft.buyer, &draft.notes), (&c.lines, &c.seller, &c.buyer, &c.notes));
    assert_eq!(draft.payment_terms, c.payment_terms);
    assert_eq!(draft.totals(d(2026, 3, 10)).unwrap(), c.totals().unwrap());
    let (inv, _) = issue(draft, &NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap(), d(2026, 3, 10)).unwrap();
    assert_eq!(inv.content().quote.as_ref().map(|r| (r.number.as_str(), r.version)), Some(("D-2026-001", 2)));
}

#[test]
fn deposits_and_final_invoice_of_an_accepted_quote() {
    let q = quote().send(d(2026, 3, 3)).unwrap().accept(d(2026, 3, 4)).unwrap();
    let state = NumberingState::new("invoices", "F-{YYYY}-{SEQ:5}").unwrap();
    let draft = q.to_deposit_draft(DepositSpec::Percent(dec!(30)), &[]).unwrap();
    assert_eq!(draft.kind, InvoiceKind::Deposit);
    assert_eq!(draft.quote, Some(QuoteRef { number: "D-2026-001".into(), version: 1 }));
    // 3900.00 at 20 % and 294.00 at 5.5 %
    let lines: Vec<(&str, Decimal)> = draft.lines.iter().map(|l| (l.description.as_str(), l.unit_price)).collect();
    assert_eq!(
        lines,
        [
            ("Acompte de 30 % sur devis n° D-2026-001 v1 (TVA 5,5 %)", dec!(88.20)),
            ("Acompte de 30 % sur devis n° D-2026-001 v1 (TVA 20 %)", dec!(1170.00))
        ]
    );
    let (first, state) = issue(draft, &state, d(2026, 3, 5)).unwrap();
    let draft = q.to_deposit_draft(DepositSpec::Percent(dec!(80)), std::slice::from_ref(&first)).unwrap();
    // capped to the 70 % left
    assert_eq!(draft.lines.iter().map(|l| l.unit_price).collect::<Vec<_>>(), [dec!(205.80), dec!(2730.00)]);
    let (second, state) = issue(draft, &state, d(2026, 3, 6)).unwrap();
    let both = [first, second];
    assert_eq!(q.to_deposit_draft(DepositSpec::Percent(dec!(1)), &both).unwrap_err().path(), Some("deposit"));

    let fin = q.to_final_draft(&both, &[]).unwrap();
    assert_eq!(fin.kind, InvoiceKind::Final);
    assert_eq!(fin.quote, Some(QuoteRef { number: "D-2026-001".into(), version: 1 }));
    assert_eq!(fin.deposits.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["F-2026-00001", "F-2026-00002"]);
    let (fin, _) = issue(fin, &state, d(2026, 4, 15)).unwrap();
    assert_eq!(fin.totals().amount_due, Decimal::ZERO);
    assert_eq!(fin.totals().total_incl_tax, dec!(4990.17));
}

#[test]
fn quotes_round_trip_through_json() {
    let mut v2 = content(d(2026, 3, 6));
    v2.allowances.push(AllowanceCharge {
        amount: dec!(50.00),
        reason: "Remise".into(),
        vat_category: VatCategory::S,
        vat_rate: dec!(20),
        reason_code: None,
    });
    v2.late_payment_rate = Some(dec!(12.15));
    let q = quote().send(d(2026, 3, 3)).unwrap().refuse(d(2026, 3, 5)).unwrap().revise(v2).unwrap().send(d(2026, 3, 7)).unwrap();
    let text = crate::json::to_string_pretty(&q).unwrap();
    let back: Quote = crate::json::from_str(&text).unwrap();
    assert_eq!(back, q);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["status"], "sent");
    assert_eq!(v["history"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["versions"][1]["version"], 2);
}

#[test]
fn inconsistent_quote_data_is_refused() {
    let q = quote().send(d(2026, 3, 3)).unwrap().refuse(d(2026, 3, 5)).unwrap().revise(content(d(2026, 3, 6))).unwrap();
    assert_eq!(Quote::try_from(data(&q)).unwrap(), q);
    let refused = |f: fn(&mut QuoteData)| {
        let mut x = data(&q);
        f(&mut x);
        Quote::try_from(x).unwrap_err()
    };
    let path = |e: CoreError| (e.code(), e.path().map(str::to_owned));
    let wrong = |p: &str| {
        let code = match p {
            "versions" => "quote.versions.invalid",
            "status" => "quote.status.invalid",
            "history" => "quote.history.invalid",
            _ => "quote.number.missing",
        };
        (code, Some(p.to_owned()))
    };
    assert_eq!(path(refused(|x| x.versions.clear())), wrong("versions"));
    assert_eq!(path(refused(|x| x.versions[1].version = 3)), wrong("versions"));
    assert_eq!(path(refused(|x| x.versions.swap(0, 1))), wrong("versions"));
    assert_eq!(path(refused(|x| x.versions[0].version = 0)), wrong("versions"));
    assert_eq!(path(refused(|x| x.status = QuoteStatus::Expired)), wrong("status"));
    assert_eq!(path(refused(|x| x.status = QuoteStatus::Sent)), wrong("status"));
    assert_eq!(path(refused(|x| x.history.clear())), wrong("status"));
    // an "expired" status is refused even when the history says so
    assert_eq!(
        path(refused(|x| {
            x.status = QuoteStatus::Expired;
            if let Some(h) = x.history.last_mut() {
                h.status = QuoteStatus::Expired;
            }
        })),
        wrong("status")
    );

    // through JSON: a parse error that says why
    let mut v = serde_json::to_value(&q).unwrap();
    v["status"] = "expired".into();
    v["history"][3]["status"] = "expired".into();
    let e = crate::json::from_value::<Quote>(v).unwrap_err();
    assert_eq!(e.code(), "parse");
    assert!(e.to_string().contains("never `expired`"), "{e}");
    let mut v = serde_json::to_value(&q).unwrap();
    v["versions"][1]["version"] = 5.into();
    let e = crate::json::from_value::<Quote>(v).unwrap_err();
    assert!(e.to_string().contains("numbered 1, 2"), "{e}");
    let mut v = serde_json::to_value(&q).unwrap();
    v["extra"] = true.into();
    assert_eq!(crate::json::from_value::<Quote>(v).unwrap_err().code(), "parse");
}

#[test]
fn inconsistent_history_is_refused() {
    let q = quote().send(d(2026, 3, 3)).unwrap().refuse(d(2026, 3, 5)).unwrap().revise(content(d(2026, 3, 6))).unwrap();
    let refused = |f: fn(&mut QuoteData)| {
        let mut x = data(&q);
        f(&mut x);
        Quote::try_from(x).map_err(|e| (e.code(), e.path().map(str::to_owned)))
    };
    let wrong = |p: &str| Err(("quote.history.invalid", Some(p.to_owned())));
    // dates going backwards
    assert_eq!(refused(|x| x.history[2].date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default()), wrong("history"));
    // a version that does not exist, or versions going backwards
    assert_eq!(refused(|x| x.history[1].version = 3), wrong("history"));
    assert_eq!(refused(|x| x.history[1].version = 2), wrong("history"));
    // the last change is about the current version
    assert_eq!(refused(|x| x.history[3].version = 1), wrong("history"));
    // an empty number
    assert_eq!(refused(|x| x.number = " ".into()), Err(("quote.number.missing", Some("number".to_owned()))));
}

#[test]
fn quote_totals_follow_the_invoice_rules() {
    let t = quote().current().content.totals().unwrap();
    assert_eq!(t.total_excl_tax, dec!(4194.00));
    // 3900.00 × 20 % = 780.00; 294.00 × 5.5 % = 16.17
    assert_eq!(t.vat_total, dec!(796.17));
    assert_eq!(t.total_incl_tax, dec!(4990.17));
}

mod exemption_tests {
    use super::*;
    use crate::vat::VatCategory;

    #[test]
    fn exempt_quote_lines_need_their_reason_before_sending() {
        let mut c: QuoteContent = crate::json::from_str(include_str!("../../../../examples/quote-v1.json")).unwrap();
        c.lines[0].vat_category = VatCategory::E;
        c.lines[0].vat_rate = Decimal::ZERO;
        let q = Quote::new("D-1", c.clone()).unwrap();
        let codes: Vec<String> = check_quote(&q).into_iter().map(|v| v.code).collect();
        assert_eq!(codes, ["vat.exemption.missing"]);
        assert!(q.send(c.issue_date).is_err());
        c.exemptions
            .push(Exemption { category: VatCategory::E, reason: "Exonération de TVA, art. 261-4-4° a du CGI".into(), vatex: None });
        assert!(check_quote(&Quote::new("D-1", c).unwrap()).is_empty());
    }
}
