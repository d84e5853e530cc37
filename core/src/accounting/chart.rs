//! The chart of accounts and the journals, as configuration: French PCG defaults, every account
//! and journal overridable by the accountant.
//!
//! Defaults follow the list of accounts of the Plan comptable général (règlement ANC 2014-03,
//! art. 932-1): 706 services, 707 goods, 708 ancillary, 709 rebates granted,
//! 4457 collected VAT (one sub-account per rate, 44571x), 4191 deposits received, 411 customers,
//! 512 bank, 5112 cheques to cash, 530 cash, 627 bank fees, 44566 deductible VAT, 654 bad debts,
//! 658 / 758 rounding, 665 discounts granted, 666 / 766 FX. The "VAT on receipts" waiting
//! accounts (44574x here) are practice, not PCG: services without the débits option owe their VAT
//! when paid (CGI 269-2-c), so the invoice's VAT waits there until the payment moves it to 4457x.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::receivables::payment::PaymentMode;

/// One account: its number (3 PCG digits first) and its label ("conformément à la nomenclature
/// du PCG", A47 A-1 VII, CompteLib).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Account number, e.g. `706` (CompteNum).
    pub number: String,
    /// Account label, e.g. `Prestations de services` (CompteLib).
    pub label: String,
}

impl Account {
    /// An account from its number and label.
    pub fn new(number: &str, label: &str) -> Account {
        Account { number: number.to_owned(), label: label.to_owned() }
    }

    /// The PCG class of the account (its first digit), 0 when it does not start with a digit.
    pub fn class(&self) -> u8 {
        class_of(&self.number)
    }
}

/// The PCG class of an account number: its first digit, 0 when it does not start with one.
pub fn class_of(number: &str) -> u8 {
    number.bytes().next().filter(u8::is_ascii_digit).map_or(0, |b| b.saturating_sub(b'0'))
}

/// One journal: its code and label (JournalCode, JournalLib).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// Code, e.g. `VT` (JournalCode).
    pub code: String,
    /// Label, e.g. `Ventes` (JournalLib).
    pub label: String,
}

impl Journal {
    /// A journal from its code and label.
    pub fn new(code: &str, label: &str) -> Journal {
        Journal { code: code.to_owned(), label: label.to_owned() }
    }
}

/// The VAT accounts of one rate: collected (4457x) and waiting for the payment (services on
/// receipts, CGI 269-2-c).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VatAccounts {
    /// VAT rate in percent, e.g. `"20"`.
    pub rate: Decimal,
    /// Collected VAT of this rate (PCG 44571), e.g. `445711`.
    pub collected: Account,
    /// VAT invoiced but not yet due (services without the débits option), e.g. `445741`.
    pub on_receipts: Account,
}

/// The journals facturier posts to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Journals {
    /// Sales: invoices and credit notes (VT).
    #[serde(default = "journal_sales")]
    pub sales: Journal,
    /// Bank: transfers, cards, direct debits, cheques (BQ).
    #[serde(default = "journal_bank")]
    pub bank: Journal,
    /// Cash (CA).
    #[serde(default = "journal_cash")]
    pub cash: Journal,
    /// Miscellaneous: VAT moved on receipt, write-offs (OD).
    #[serde(default = "journal_misc")]
    pub misc: Journal,
    /// Opening balances, à-nouveaux (AN).
    #[serde(default = "journal_opening")]
    pub opening: Journal,
}

fn journal_sales() -> Journal {
    Journal::new("VT", "Ventes")
}
fn journal_bank() -> Journal {
    Journal::new("BQ", "Banque")
}
fn journal_cash() -> Journal {
    Journal::new("CA", "Caisse")
}
fn journal_misc() -> Journal {
    Journal::new("OD", "Opérations diverses")
}
fn journal_opening() -> Journal {
    Journal::new("AN", "A-nouveaux")
}

impl Default for Journals {
    fn default() -> Self {
        Journals { sales: journal_sales(), bank: journal_bank(), cash: journal_cash(), misc: journal_misc(), opening: journal_opening() }
    }
}

/// The chart of accounts facturier posts with; every field defaults to the PCG account named in
/// its doc and can be overridden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    /// Sales of services (PCG 706).
    #[serde(default = "services")]
    pub services: Account,
    /// Sales of goods (PCG 707).
    #[serde(default = "goods")]
    pub goods: Account,
    /// Ancillary income: document charges billed, e.g. shipping (PCG 708).
    #[serde(default = "ancillary")]
    pub ancillary: Account,
    /// Rebates granted: document allowances, and credit notes when `credit_notes_to_rebates` (PCG 709).
    #[serde(default = "rebates")]
    pub rebates: Account,
    /// Post credit notes to the rebates account instead of reversing the sales account
    /// (PCG 709 "rabais, remises et ristournes accordés"); false by default (returns reverse 706/707).
    #[serde(default)]
    pub credit_notes_to_rebates: bool,
    /// Customers (PCG 411); each customer gets an auxiliary account.
    #[serde(default = "customers")]
    pub customers: Account,
    /// Prefix of the auxiliary account of a customer: CompAuxNum = prefix + customer key.
    #[serde(default = "aux_prefix")]
    pub customer_aux_prefix: String,
    /// Deposits received on orders (PCG 4191).
    #[serde(default = "deposits")]
    pub deposits: Account,
    /// VAT accounts per rate; a rate not listed uses `vat_default`.
    #[serde(default = "vat_rates")]
    pub vat: Vec<VatAccounts>,
    /// VAT accounts of a rate missing from `vat` (PCG 44571 and the waiting account 44574).
    #[serde(default = "vat_default")]
    pub vat_default: VatAccounts,
    /// Deductible VAT on goods and services, for fees (PCG 44566).
    #[serde(default = "vat_deductible")]
    pub vat_deductible: Account,
    /// Bank (PCG 512).
    #[serde(default = "bank")]
    pub bank: Account,
    /// Cheques received, to cash (PCG 5112).
    #[serde(default = "cheques")]
    pub cheques: Account,
    /// Cash (PCG 530).
    #[serde(default = "cash")]
    pub cash: Account,
    /// Bank and card-processor fees (PCG 627).
    #[serde(default = "fees")]
    pub fees: Account,
    /// Bad debts written off (PCG 654).
    #[serde(default = "bad_debts")]
    pub bad_debts: Account,
    /// Rounding and small differences lost (PCG 658).
    #[serde(default = "rounding_loss")]
    pub rounding_loss: Account,
    /// Rounding and small differences gained (PCG 758).
    #[serde(default = "rounding_gain")]
    pub rounding_gain: Account,
    /// Discounts granted for early payment (PCG 665).
    #[serde(default = "discounts")]
    pub discounts: Account,
    /// Foreign-exchange losses (PCG 666); receivables are kept in euros, so unused by `post`.
    #[serde(default = "fx_loss")]
    pub fx_loss: Account,
    /// Foreign-exchange gains (PCG 766); receivables are kept in euros, so unused by `post`.
    #[serde(default = "fx_gain")]
    pub fx_gain: Account,
    /// The journals.
    #[serde(default)]
    pub journals: Journals,
}

fn services() -> Account {
    Account::new("706", "Prestations de services")
}
fn goods() -> Account {
    Account::new("707", "Ventes de marchandises")
}
fn ancillary() -> Account {
    Account::new("708", "Produits des activités annexes")
}
fn rebates() -> Account {
    Account::new("709", "Rabais, remises et ristournes accordés")
}
fn customers() -> Account {
    Account::new("411", "Clients")
}
fn aux_prefix() -> String {
    String::new()
}
fn deposits() -> Account {
    Account::new("4191", "Clients - Avances et acomptes reçus sur commandes")
}
fn vat_pair(rate: Decimal, suffix: &str, label: &str) -> VatAccounts {
    VatAccounts {
        rate,
        collected: Account::new(&format!("44571{suffix}"), &format!("TVA collectée {label}")),
        on_receipts: Account::new(&format!("44574{suffix}"), &format!("TVA collectée en attente {label}")),
    }
}
fn vat_rates() -> Vec<VatAccounts> {
    vec![
        vat_pair(Decimal::new(20, 0), "1", "20 %"),
        vat_pair(Decimal::new(55, 1), "2", "5,5 %"),
        vat_pair(Decimal::new(10, 0), "3", "10 %"),
        vat_pair(Decimal::new(21, 1), "4", "2,1 %"),
    ]
}
fn vat_default() -> VatAccounts {
    VatAccounts {
        rate: Decimal::ZERO,
        collected: Account::new("44571", "TVA collectée"),
        on_receipts: Account::new("44574", "TVA collectée en attente"),
    }
}
fn vat_deductible() -> Account {
    Account::new("44566", "TVA déductible sur autres biens et services")
}
fn bank() -> Account {
    Account::new("512", "Banque")
}
fn cheques() -> Account {
    Account::new("5112", "Chèques à encaisser")
}
fn cash() -> Account {
    Account::new("530", "Caisse")
}
fn fees() -> Account {
    Account::new("627", "Services bancaires et assimilés")
}
fn bad_debts() -> Account {
    Account::new("654", "Pertes sur créances irrécouvrables")
}
fn rounding_loss() -> Account {
    Account::new("658", "Charges diverses de gestion courante")
}
fn rounding_gain() -> Account {
    Account::new("758", "Produits divers de gestion courante")
}
fn discounts() -> Account {
    Account::new("665", "Escomptes accordés")
}
fn fx_loss() -> Account {
    Account::new("666", "Pertes de change")
}
fn fx_gain() -> Account {
    Account::new("766", "Gains de change")
}

impl Default for Chart {
    fn default() -> Self {
        Chart {
            services: services(),
            goods: goods(),
            ancillary: ancillary(),
            rebates: rebates(),
            credit_notes_to_rebates: false,
            customers: customers(),
            customer_aux_prefix: aux_prefix(),
            deposits: deposits(),
            vat: vat_rates(),
            vat_default: vat_default(),
            vat_deductible: vat_deductible(),
            bank: bank(),
            cheques: cheques(),
            cash: cash(),
            fees: fees(),
            bad_debts: bad_debts(),
            rounding_loss: rounding_loss(),
            rounding_gain: rounding_gain(),
            discounts: discounts(),
            fx_loss: fx_loss(),
            fx_gain: fx_gain(),
            journals: Journals::default(),
        }
    }
}

impl Chart {
    /// The VAT accounts of `rate` (the listed ones, else the default pair).
    pub fn vat_accounts(&self, rate: Decimal) -> &VatAccounts {
        self.vat.iter().find(|v| v.rate.normalize() == rate.normalize()).unwrap_or(&self.vat_default)
    }

    /// The treasury account and journal a payment of `mode` is booked to: cash to 530 in CA,
    /// cheques to 5112 (cheques to cash, until the bank remits them) in BQ, the others to 512 in BQ.
    pub fn treasury(&self, mode: PaymentMode) -> (&Account, &Journal) {
        match mode {
            PaymentMode::Cash => (&self.cash, &self.journals.cash),
            PaymentMode::Cheque => (&self.cheques, &self.journals.bank),
            _ => (&self.bank, &self.journals.bank),
        }
    }

    /// Every account of the chart with its role, to check them and to describe them.
    pub fn accounts(&self) -> Vec<(&'static str, &Account)> {
        let mut v = vec![
            ("services", &self.services),
            ("goods", &self.goods),
            ("ancillary", &self.ancillary),
            ("rebates", &self.rebates),
            ("customers", &self.customers),
            ("deposits", &self.deposits),
            ("vat_default.collected", &self.vat_default.collected),
            ("vat_default.on_receipts", &self.vat_default.on_receipts),
            ("vat_deductible", &self.vat_deductible),
            ("bank", &self.bank),
            ("cheques", &self.cheques),
            ("cash", &self.cash),
            ("fees", &self.fees),
            ("bad_debts", &self.bad_debts),
            ("rounding_loss", &self.rounding_loss),
            ("rounding_gain", &self.rounding_gain),
            ("discounts", &self.discounts),
            ("fx_loss", &self.fx_loss),
            ("fx_gain", &self.fx_gain),
        ];
        for x in &self.vat {
            v.push(("vat.collected", &x.collected));
            v.push(("vat.on_receipts", &x.on_receipts));
        }
        v
    }

    /// Every journal of the chart.
    pub fn journal_list(&self) -> [&Journal; 5] {
        let j = &self.journals;
        [&j.sales, &j.bank, &j.cash, &j.misc, &j.opening]
    }
}
