//! The synthetic year of the FEC benchmarks (shared by benches/fec.rs and examples/fec_bench.rs,
//! and mirrored line for line by bench/fec/fec_py.py): entries of 3 lines (a sale: 411 debit,
//! 706 and 44571 credit) and 2 lines (its payment: 512 debit, 411 credit), a new validation day
//! every 4096 entries, one record rewritten in place (no allocation per line).

use facturier_core::{Decimal, NaiveDate};
use facturier_fec::FecRecord;

/// Makes records one by one.
pub struct Year {
    record: FecRecord,
    entry: u64,
    line_in_entry: u8,
    day: NaiveDate,
    amount: Decimal,
    vat: Decimal,
    sale: bool,
}

impl Default for Year {
    fn default() -> Self {
        Year::new()
    }
}

impl Year {
    /// The first record of the year 2026.
    pub fn new() -> Year {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        Year {
            record: FecRecord {
                journal_code: String::new(),
                journal_lib: String::new(),
                ecriture_num: String::new(),
                ecriture_date: day,
                compte_num: String::new(),
                compte_lib: String::new(),
                comp_aux_num: String::new(),
                comp_aux_lib: String::new(),
                piece_ref: String::new(),
                piece_date: day,
                ecriture_lib: String::new(),
                debit: Decimal::ZERO,
                credit: Decimal::ZERO,
                ecriture_let: String::new(),
                date_let: None,
                valid_date: day,
                montant_devise: None,
                idevise: String::new(),
                treasury: None,
            },
            entry: 0,
            line_in_entry: 0,
            day,
            amount: Decimal::ZERO,
            vat: Decimal::ZERO,
            sale: true,
        }
    }

    /// Appends `n` zero-padded to `width` digits (what `write!("{n:0width$}")` does, without
    /// the formatting machinery).
    fn push_padded(s: &mut String, n: u64, width: usize) {
        let mut digits = [b'0'; 20];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let start = i.min(digits.len() - width);
        s.extend(digits[start..].iter().map(|b| char::from(*b)));
    }

    fn set(s: &mut String, v: &str) {
        s.clear();
        s.push_str(v);
    }

    /// The next record.
    pub fn next_record(&mut self) -> &FecRecord {
        if self.line_in_entry == 0 {
            self.entry += 1;
            self.sale = self.entry % 2 == 1;
        }
        let sale = self.sale;
        let lines = if sale { 3 } else { 2 };
        if self.line_in_entry == 0 {
            if self.entry % 4096 == 0 {
                self.day =
                    self.day.succ_opt().filter(|d| *d <= NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default()).unwrap_or(self.day);
            }
            let r = &mut self.record;
            r.ecriture_num.clear();
            Self::push_padded(&mut r.ecriture_num, self.entry, 9);
            r.ecriture_date = self.day;
            r.piece_date = self.day;
            r.valid_date = self.day;
            let customer = (self.entry - 1) / 2 % 1000;
            let invoice = self.entry.div_ceil(2);
            r.piece_ref.clear();
            r.piece_ref.push_str(if sale { "F" } else { "P" });
            Self::push_padded(&mut r.piece_ref, invoice, 8);
            r.comp_aux_num.clear();
            r.comp_aux_num.push('C');
            Self::push_padded(&mut r.comp_aux_num, customer, 4);
            r.comp_aux_lib.clear();
            r.comp_aux_lib.push_str("Client ");
            Self::push_padded(&mut r.comp_aux_lib, customer, 4);
            r.ecriture_lib.clear();
            r.ecriture_lib.push_str(if sale { "Facture " } else { "Règlement " });
            r.ecriture_lib.push_str(&r.piece_ref);
            r.ecriture_lib.push(' ');
            r.ecriture_lib.push_str(&r.comp_aux_lib);
            Self::set(&mut r.journal_code, if sale { "VT" } else { "BQ" });
            Self::set(&mut r.journal_lib, if sale { "Ventes" } else { "Banque" });
            if sale {
                let cents = i64::try_from(invoice % 100_000).unwrap_or(0) * 7 + 100;
                self.amount = Decimal::new(cents * 100, 2);
                self.vat = Decimal::new(cents * 20, 2);
            }
        }
        let (amount, vat) = (self.amount, self.vat);
        let total = amount + vat;
        let r = &mut self.record;
        let (account, label, debit, credit, aux) = match (sale, self.line_in_entry) {
            (true, 0) => ("411", "Clients", total, Decimal::ZERO, true),
            (true, 1) => ("706", "Prestations de services", Decimal::ZERO, amount, false),
            (true, _) => ("445711", "TVA collectée 20 %", Decimal::ZERO, vat, false),
            (false, 0) => ("512", "Banque", total, Decimal::ZERO, false),
            (false, _) => ("411", "Clients", Decimal::ZERO, total, true),
        };
        Self::set(&mut r.compte_num, account);
        Self::set(&mut r.compte_lib, label);
        if !aux {
            r.comp_aux_num.clear();
            r.comp_aux_lib.clear();
        } else if r.comp_aux_num.is_empty() {
            let customer = (self.entry - 1) / 2 % 1000;
            r.comp_aux_num.push('C');
            Self::push_padded(&mut r.comp_aux_num, customer, 4);
            r.comp_aux_lib.push_str("Client ");
            Self::push_padded(&mut r.comp_aux_lib, customer, 4);
        }
        r.debit = debit;
        r.credit = credit;
        self.line_in_entry += 1;
        if self.line_in_entry == lines {
            self.line_in_entry = 0;
        }
        &self.record
    }

    /// True between entries: stop here so the last entry is whole.
    pub fn at_entry_start(&self) -> bool {
        self.line_in_entry == 0
    }
}
