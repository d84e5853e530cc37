//! Lettering (lettrage): the lines of one third-party account that settle each other share a
//! letter code and the date the lettering was made (EcritureLet, DateLet, A47 A-1 VII).
//!
//! The lines of one auxiliary account (a customer's 411) are grouped by what settles what: an
//! invoice with the payments and credit notes the ledger allocated to it, a refund with the credit
//! it drew on, a write-off with its invoice; on the deposits account (4191) a deposit invoice
//! with the final invoice that deducts it and its own credit notes. Links chain: a payment split
//! over two invoices joins both in one group. A group that nets to zero gets an uppercase code
//! (`A`, `B`, … `Z`, `AA`, …) and its DateLet is the date of its last line, the day it balanced;
//! a group that does not net to zero yet gets the same code in lowercase, the usual mark of a
//! partial lettering (practice: Sage, Cegid, EBP; shared/spec/fec.md §4 T01), unless partial
//! letters are turned off. Codes are given per auxiliary account in the order of the groups'
//! first line. Only class 4 accounts are lettered: never 6 or 7 (fec.md T03).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::accounting::entry::JournalEntry;

/// The lettering code of the `n`th group (0 → `A`, 25 → `Z`, 26 → `AA`: bijective base 26).
pub fn letter_code(n: usize) -> String {
    let mut n = n.saturating_add(1);
    let mut out = Vec::new();
    while n > 0 {
        let r = n.saturating_sub(1) % 26;
        out.push(b'A'.saturating_add(u8::try_from(r).unwrap_or(0)));
        n = n.saturating_sub(1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A union-find over entry ids.
#[derive(Default)]
struct Groups {
    parent: BTreeMap<String, String>,
}

impl Groups {
    fn root(&mut self, id: &str) -> String {
        let mut cur = id.to_owned();
        let mut seen = Vec::new();
        while let Some(p) = self.parent.get(&cur) {
            if *p == cur {
                break;
            }
            seen.push(cur.clone());
            cur = p.clone();
        }
        for s in seen {
            self.parent.insert(s, cur.clone());
        }
        cur
    }

    fn join(&mut self, a: &str, b: &str) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            // the smaller id is the root: deterministic
            let (keep, other) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(other, keep);
        }
    }
}

/// One lettering group as found.
struct Found {
    first: (NaiveDate, String),
    last: NaiveDate,
    sum: Decimal,
    lines: Vec<(usize, usize)>,
}

/// Letters the lines of `account` (per auxiliary account) in `entries`, grouping entries by
/// `links` (pairs of entry ids); only entries whose origin is not a host entry are touched.
/// `partial`: give lowercase codes to groups that do not net to zero yet.
pub(crate) fn letter(entries: &mut [JournalEntry], account: &str, links: &[(String, String)], partial: bool) {
    if crate::accounting::chart::class_of(account) != 4 {
        return; // never on 6/7 (nor any non-third-party) accounts
    }
    let mut groups = Groups::default();
    for (a, b) in links {
        groups.join(a, b);
    }
    // (aux) → root → found
    let mut found: BTreeMap<String, BTreeMap<String, Found>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if e.origin == crate::accounting::entry::EntryOrigin::Host {
            continue;
        }
        for (j, l) in e.lines.iter().enumerate() {
            if l.account != account {
                continue;
            }
            let aux = l.aux_account.clone().unwrap_or_default();
            let root = groups.root(&e.id);
            let f = found.entry(aux).or_default().entry(root).or_insert_with(|| Found {
                first: (e.date, e.id.clone()),
                last: e.date,
                sum: Decimal::ZERO,
                lines: Vec::new(),
            });
            f.first = f.first.clone().min((e.date, e.id.clone()));
            f.last = f.last.max(e.date);
            f.sum = f.sum.checked_add(l.balance()).unwrap_or(Decimal::MAX);
            f.lines.push((i, j));
        }
    }
    for per_aux in found.into_values() {
        let mut list: Vec<Found> = per_aux.into_values().filter(|f| f.lines.len() >= 2).collect();
        list.sort_by(|a, b| a.first.cmp(&b.first));
        for (n, f) in list.into_iter().enumerate() {
            let code = letter_code(n);
            let complete = f.sum.is_zero();
            if !complete && !partial {
                continue;
            }
            let code = if complete { code } else { code.to_lowercase() };
            for (i, j) in f.lines {
                if let Some(l) = entries.get_mut(i).and_then(|e| e.lines.get_mut(j)) {
                    l.letter = Some(code.clone());
                    l.letter_date = Some(f.last);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_bijective_base_26() {
        assert_eq!(letter_code(0), "A");
        assert_eq!(letter_code(25), "Z");
        assert_eq!(letter_code(26), "AA");
        assert_eq!(letter_code(27), "AB");
        assert_eq!(letter_code(26 + 26 * 26), "AAA");
    }
}
