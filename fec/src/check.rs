//! The FEC checker: stricter than DGFiP's Test Compta Demat (which checks the format only), it
//! also checks what auditors' Alto 2 flags and what the law asks of the content — balanced
//! entries, continuous and increasing numbering, chronological validation, consistent lettering —
//! on files written by any software, flat or XML.
//!
//! Each finding carries a stable rule code (the codes of shared/spec/fec.md §4), a severity, the
//! line, the field, a message and the rule's source ([`RULES`]). The [`Report`] serialises to
//! JSON; [`Report::exit_code`] is 0 when clean (warnings allowed), 1 with errors, 2 when the
//! file could not be read at all.
//!
//! Streaming: memory holds the sums of the entry being read, the last number of each numbering
//! sequence, the labels of each journal, account and auxiliary account, and the lettering groups.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::Path;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format::{AmountStyle, Column, Regime, parse_amount, parse_date, siren_key_ok};
use crate::reader::{Charset, FlatReader, XmlReader};
use crate::{FecError, FecRecord};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file breaks the law or would be rejected.
    Error,
    /// Doubtful: an auditor would ask.
    Warning,
}

/// A rule of the checker: code, default severity, what it checks, and its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// Stable code (fec.md §4).
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// What it checks.
    pub title: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
}

macro_rules! rules {
    ($($name:ident = $code:literal, $sev:ident, $title:literal, $source:literal;)*) => {
        $( #[doc = $title] pub const $name: RuleInfo = RuleInfo { code: $code, severity: Severity::$sev, title: $title, source: $source }; )*
        /// Every rule of the checker.
        pub const RULES: &[RuleInfo] = &[$($name),*];
    };
}

rules! {
    F01 = "F01", Error, "File name SirenFECAAAAMMJJ", "LPF A47 A-1 IX; Test Compta Demat (nom du fichier)";
    F02 = "F02", Warning, "SIREN key (Luhn)", "INSEE: the ninth digit of a SIREN is a Luhn key";
    F03 = "F03", Error, "Closing date is a real date", "LPF A47 A-1 IX (AAAAMMJJ, date de clôture de l'exercice)";
    F04 = "F04", Error, "Charset ASCII, ISO 8859-15 or UTF-8, no BOM", "LPF A47 A-1 XII 1°; Test Compta Demat #17 (BOM)";
    F05 = "F05", Error, "Separator tab or |, one per file", "LPF A47 A-1 VI 1° c, I 4°; Test Compta Demat";
    F07 = "F07", Error, "Header: the mandatory field names, in order, once", "LPF A47 A-1 VII 4° (la première ligne contient le nom des champs)";
    F09 = "F09", Error, "No blank line", "LPF A47 A-1 VI 1° a; Test Compta Demat";
    L01 = "L01", Error, "As many fields as the header", "LPF A47 A-1 VII; Test Compta Demat (N champs au lieu des M attendus)";
    L02 = "L02", Error, "Mandatory fields filled, per regime", "LPF A47 A-1 VII 1°, VIII 3°, 5°, 7°; Test Compta Demat (données absentes)";
    L03 = "L03", Error, "Dates AAAAMMJJ and real", "LPF A47 A-1 XII 4°";
    L04 = "L04", Error, "Amounts: decimal comma, no thousands separator, one sign", "LPF A47 A-1 XII 2°; Test Compta Demat (séparateur , attendu)";
    L05 = "L05", Warning, "One of Debit and Credit", "Test Compta Demat (alerte); PCG, règlement ANC 2014-03 (partie double)";
    L06 = "L06", Error, "Sens is D, C, +1 or -1", "LPF A47 A-1 X";
    L07 = "L07", Warning, "Negative amount", "LPF A47 A-1 XII 2° (signe); practice";
    L08 = "L08", Error, "CompteNum: three PCG digits, class 1 to 8", "LPF A47 A-1 VII (CompteNum); PCG art. 932-1; XSD NumCompteFormat";
    L09 = "L09", Error, "CompAuxNum with CompAuxLib, on third-party accounts", "LPF A47 A-1 VII; practice (odoo#43985, OCA l10n-france#99)";
    L10 = "L10", Error, "DateLet with EcritureLet", "LPF A47 A-1 VII (EcritureLet, DateLet)";
    L11 = "L11", Error, "Montantdevise with an ISO 4217 Idevise", "LPF A47 A-1 VII (Montantdevise, Idevise); ISO 4217";
    L12 = "L12", Error, "EcritureDate in the fiscal year", "LPF A47 A-1 VII 1° (un fichier par exercice)";
    L13 = "L13", Warning, "ValidDate and DateLet not before EcritureDate", "PCG, règlement ANC 2014-03 (validation); practice";
    L14 = "L14", Warning, "Meaningful labels, not placeholders", "LPF A47 A-1 VII (EcritureLib); odoo PR #257242";
    L15 = "L15", Warning, "One label per journal, account and auxiliary account", "PCG art. 932-1 (nomenclature); Alto 2";
    E01 = "E01", Error, "Entry balanced, exactly", "PCG, règlement ANC 2014-03 (partie double); Alto 2 (écriture déséquilibrée)";
    E02 = "E02", Error, "At least two lines per entry", "LPF A47 A-1 VI 2° (XSD: ligne minOccurs=2)";
    E03 = "E03", Error, "One EcritureDate per entry", "Alto 2 (dates différentes); XSD (EcritureDate per ecriture)";
    E04 = "E04", Error, "One journal per entry", "Alto 2 (journaux différents); XSD (ecriture in one journal)";
    E05 = "E05", Error, "One ValidDate per entry", "XSD (ValidDate per ecriture); PCG, règlement ANC 2014-03 (validation)";
    E06 = "E06", Warning, "One PieceRef and PieceDate per entry", "Alto 2 (pièces différentes)";
    E07 = "E07", Warning, "Lines of an entry contiguous", "LPF A47 A-1 VII 1°; Alto 2";
    E08 = "E08", Warning, "No closing of 6/7 accounts into 12x", "LPF A47 A-1 VII 1° (sans les écritures de clôture des comptes de gestion)";
    E09 = "E09", Error, "Balanced per journal and date", "PCG, règlement ANC 2014-03 (partie double); Alto 2";
    G01 = "G01", Error, "File balanced", "PCG, règlement ANC 2014-03 (partie double)";
    N01 = "N01", Error, "EcritureNum continuous: no gap, no duplicate", "LPF A47 A-1 VII 1° (séquence continue); BOI-CF-IOR-60-40-20 (sans rupture)";
    N02 = "N02", Error, "EcritureNum increasing in file order", "BOI-CF-IOR-60-40-20 (croissante dans le temps)";
    N03 = "N03", Error, "Opening entries first, without 6/7 accounts", "LPF A47 A-1 VII 3° (écritures de reprise des soldes)";
    C01 = "C01", Error, "Sorted by ValidDate", "LPF A47 A-1 VII 1° (ordre chronologique de validation)";
    T01 = "T01", Error, "Lettering groups net to zero, two lines at least", "LPF A47 A-1 VII (EcritureLet); practice (lettrage)";
    T02 = "T02", Error, "One DateLet per lettering group, not before its entries", "LPF A47 A-1 VII (DateLet)";
    T03 = "T03", Error, "No lettering on 6/7 accounts", "PCG (lettrage des comptes de tiers); shared/spec/fec.md §4";
    X01 = "X01", Error, "XML well formed and readable", "LPF A47 A-1 VI 2°";
    X02 = "X02", Error, "XML of the structure of the declared XSD", "LPF A47 A-1 VI 2° (respectant la structure du fichier XSD)";
    X03 = "X03", Error, "DateCloture is the file name's closing date", "LPF A47 A-1 IX; XSD DateCloture";
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// The rule's code.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// 1-based line, 0 for the file as a whole.
    pub line: u64,
    /// The field concerned, empty for a line or the file.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// The rule's source.
    pub source: String,
}

/// Numbering sequences: by textual prefix over the whole file, or per journal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// One sequence per textual prefix of EcritureNum (`000012`, `VT000012` and `VT/2024/0012` alike).
    #[default]
    Prefix,
    /// One sequence per journal and prefix; an entry is identified by journal and number.
    PerJournal,
}

fn default_opening() -> Vec<String> {
    vec!["AN".into(), "RAN".into(), "ANO".into()]
}

fn hundred() -> usize {
    100
}

/// What the checker is told besides the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckOptions {
    /// The regime's column set; read from the header when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<Regime>,
    /// The closing date; read from the file name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<NaiveDate>,
    /// First day of the fiscal year; the day after the closing date a year before when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<NaiveDate>,
    /// Journal codes of opening entries (à-nouveaux): `AN`, `RAN`, `ANO` by default.
    #[serde(default = "default_opening")]
    pub opening_journals: Vec<String>,
    /// How numbering sequences are told apart.
    #[serde(default)]
    pub numbering: Numbering,
    /// Findings kept per rule (all are counted).
    #[serde(default = "hundred")]
    pub max_findings_per_rule: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            regime: None,
            closing: None,
            opening: None,
            opening_journals: default_opening(),
            numbering: Numbering::Prefix,
            max_findings_per_rule: 100,
        }
    }
}

/// What the checker found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// The file name checked, if known.
    pub file_name: Option<String>,
    /// `flat` or `xml`.
    pub format: String,
    /// The charset found.
    pub charset: Option<Charset>,
    /// The separator, for a flat file.
    pub separator: Option<String>,
    /// The regime whose columns were checked.
    pub regime: Option<Regime>,
    /// False when the file could not be read at all.
    pub readable: bool,
    /// Lines read (header included).
    pub lines: u64,
    /// Records (entry lines) read.
    pub records: u64,
    /// Entries read.
    pub entries: u64,
    /// Σ debits.
    pub total_debit: Decimal,
    /// Σ credits.
    pub total_credit: Decimal,
    /// Errors found.
    pub errors: u64,
    /// Warnings found.
    pub warnings: u64,
    /// Findings per rule code (all of them, kept or not).
    pub counts: BTreeMap<String, u64>,
    /// The findings kept, in file order per rule (at most `max_findings_per_rule` each).
    pub findings: Vec<Finding>,
}

impl Report {
    fn new(file_name: Option<&str>, format: &str) -> Report {
        Report {
            file_name: file_name.map(str::to_owned),
            format: format.to_owned(),
            charset: None,
            separator: None,
            regime: None,
            readable: true,
            lines: 0,
            records: 0,
            entries: 0,
            total_debit: Decimal::ZERO,
            total_credit: Decimal::ZERO,
            errors: 0,
            warnings: 0,
            counts: BTreeMap::new(),
            findings: Vec::new(),
        }
    }

    /// 0 when clean (warnings allowed), 1 with errors, 2 when the file could not be read.
    pub fn exit_code(&self) -> i32 {
        if !self.readable {
            2
        } else if self.errors > 0 {
            1
        } else {
            0
        }
    }

    /// True when no error was found.
    pub fn is_clean(&self) -> bool {
        self.readable && self.errors == 0
    }

    /// The codes found, each once.
    pub fn codes(&self) -> BTreeSet<&str> {
        self.counts.keys().map(String::as_str).collect()
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The entry being read.
#[derive(Default)]
struct Entry {
    key: String,
    line: u64,
    date: String,
    journal: String,
    journal_lib: String,
    valid: String,
    piece_ref: String,
    piece_date: String,
    debit: Decimal,
    credit: Decimal,
    lines: u32,
    closing_12: bool,
    p_and_l: bool,
    opening: bool,
    reported: BTreeSet<&'static str>,
}

/// A lettering group.
struct LetterGroup {
    line: u64,
    sum: Decimal,
    count: u32,
    date_let: Option<String>,
    mixed_dates: bool,
    latest_entry: String,
    partial: bool,
}

/// The checker's state while streaming.
struct Checker<'o> {
    options: &'o CheckOptions,
    report: Report,
    regime: Regime,
    montant_sens: bool,
    closing: Option<NaiveDate>,
    year_start: Option<NaiveDate>,
    entry: Option<Entry>,
    sequences: BTreeMap<String, u64>,
    journal_labels: BTreeMap<String, String>,
    account_labels: BTreeMap<String, String>,
    aux_labels: BTreeMap<String, String>,
    warned_labels: BTreeSet<String>,
    day_sums: BTreeMap<String, BTreeMap<String, (Decimal, u64)>>,
    day: Option<(String, String, Decimal, u64)>,
    last_date: Option<(String, NaiveDate)>,
    spare: Option<Entry>,
    letters: BTreeMap<(String, String, String), LetterGroup>,
    last_valid: Option<String>,
    seen_regular: bool,
}

fn is_opening(options: &CheckOptions, journal: &str) -> bool {
    options.opening_journals.iter().any(|j| j.eq_ignore_ascii_case(journal))
}

/// Splits an EcritureNum into its textual prefix and its trailing number.
fn split_number(num: &str) -> Option<(&str, u64)> {
    let digits = num.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 18 {
        return None;
    }
    let (prefix, n) = num.split_at(num.len() - digits);
    n.parse().ok().map(|n| (prefix, n))
}

/// True for an empty or blank field (the common filled case answers on its first byte).
fn blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) if *b > b' ' && *b < 0x80 => false,
        Some(_) => s.trim().is_empty(),
    }
}

fn class(account: &str) -> u8 {
    account.bytes().next().filter(u8::is_ascii_digit).map_or(0, |b| b - b'0')
}

impl<'o> Checker<'o> {
    fn new(options: &'o CheckOptions, report: Report) -> Checker<'o> {
        Checker {
            options,
            report,
            regime: Regime::Bic,
            montant_sens: false,
            closing: options.closing,
            year_start: options.opening,
            entry: None,
            sequences: BTreeMap::new(),
            journal_labels: BTreeMap::new(),
            account_labels: BTreeMap::new(),
            aux_labels: BTreeMap::new(),
            warned_labels: BTreeSet::new(),
            day_sums: BTreeMap::new(),
            day: None,
            last_date: None,
            spare: None,
            letters: BTreeMap::new(),
            last_valid: None,
            seen_regular: false,
        }
    }

    fn find(&mut self, rule: RuleInfo, severity: Severity, line: u64, field: &str, message: impl Into<String>) {
        let count = self.report.counts.entry(rule.code.to_owned()).or_insert(0);
        *count += 1;
        match severity {
            Severity::Error => self.report.errors += 1,
            Severity::Warning => self.report.warnings += 1,
        }
        if usize::try_from(*count).unwrap_or(usize::MAX) <= self.options.max_findings_per_rule {
            self.report.findings.push(Finding {
                code: rule.code.to_owned(),
                severity,
                line,
                field: field.to_owned(),
                message: message.into(),
                source: rule.source.to_owned(),
            });
        }
    }

    fn hit(&mut self, rule: RuleInfo, line: u64, field: &str, message: impl Into<String>) {
        self.find(rule, rule.severity, line, field, message);
    }

    /// F01-F03: the file name, its SIREN and its closing date.
    fn file_name(&mut self, name: Option<&str>) {
        let Some(name) = name else { return };
        let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let found = stem.find("FEC").and_then(|i| {
            let siren = stem.get(..i)?;
            let date = stem.get(i + 3..i + 11)?;
            Some((siren, date))
        });
        let Some((siren, date)) =
            found.filter(|(s, d)| s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()) && d.bytes().all(|b| b.is_ascii_digit()))
        else {
            self.hit(F01, 0, "", format!("`{stem}` is not named SirenFECAAAAMMJJ (nine-digit SIREN, FEC, closing date)"));
            return;
        };
        if !siren_key_ok(siren) {
            self.hit(F02, 0, "", format!("SIREN {siren} fails its Luhn key"));
        }
        match parse_date(date) {
            Some(d) => {
                if self.closing.is_none() {
                    self.closing = Some(d);
                }
            }
            None => self.hit(F03, 0, "", format!("`{date}` is not a real closing date")),
        }
    }

    fn finish_setup(&mut self) {
        if self.year_start.is_none() {
            self.year_start = self.closing.and_then(|c| c.checked_sub_months(Months::new(12))).and_then(|d| d.succ_opt());
        }
        self.report.regime = Some(self.regime);
    }

    /// F07: the header's names against the regime's.
    fn header(&mut self, names: &[String], columns: &[Option<Column>]) {
        let has = |c: Column| columns.contains(&Some(c));
        self.montant_sens = has(Column::Montant) && !has(Column::Debit);
        self.regime = self.options.regime.unwrap_or(if has(Column::IdClient) {
            Regime::BncTresorerie
        } else if has(Column::DateRglt) {
            Regime::BaTresorerie
        } else {
            Regime::Bic
        });
        let style = if self.montant_sens { AmountStyle::MontantSens } else { AmountStyle::DebitCredit };
        let expected = self.regime.columns(style);
        if names.last().is_some_and(|n| n.trim().is_empty()) {
            self.hit(F07, 1, "", "the header ends with a separator: a phantom empty field (A47 A-1 VII 4°)");
        }
        for (i, c) in expected.iter().enumerate() {
            match columns.iter().position(|x| *x == Some(*c)) {
                None => self.hit(F07, 1, c.name(), format!("field {} is missing from the header", c.name())),
                Some(p) => {
                    if p != i {
                        self.hit(F07, 1, c.name(), format!("field {} is column {} instead of {}", c.name(), p + 1, i + 1));
                    }
                    if let Some(n) = names.get(p) {
                        if n != c.name() {
                            self.find(F07, Severity::Warning, 1, c.name(), format!("`{n}` is spelt `{}` by the law", c.name()));
                        }
                    }
                }
            }
        }
        let mut seen = BTreeSet::new();
        for c in columns.iter().flatten() {
            if !seen.insert(*c) {
                self.hit(F07, 1, c.name(), format!("field {} appears twice", c.name()));
            }
        }
    }

    /// Every check of one record; `get` gives a field's text ("" when absent).
    fn record<'a>(&mut self, line: u64, get: impl Fn(Column) -> &'a str) {
        self.report.records += 1;
        // L02: mandatory fields
        for c in self.regime.required() {
            if blank(get(*c)) {
                self.hit(L02, line, c.name(), format!("{} is empty", c.name()));
            }
        }
        // L03: dates
        let mut dates: [Option<NaiveDate>; 5] = [None; 5];
        for (k, c) in
            [Column::EcritureDate, Column::PieceDate, Column::ValidDate, Column::DateLet, Column::DateRglt].into_iter().enumerate()
        {
            let s = get(c);
            if s.is_empty() {
                continue;
            }
            // the dates of a file repeat from line to line: parse each text once
            let parsed = match &self.last_date {
                Some((text, d)) if text.as_str() == s => Some(*d),
                _ => parse_date(s),
            };
            match parsed {
                Some(d) => {
                    if self.last_date.as_ref().is_none_or(|(text, _)| text.as_str() != s) {
                        let mut text = self.last_date.take().map(|(t, _)| t).unwrap_or_default();
                        text.clear();
                        text.push_str(s);
                        self.last_date = Some((text, d));
                    }
                    if let Some(slot) = dates.get_mut(k) {
                        *slot = Some(d);
                    }
                }
                None => self.hit(L03, line, c.name(), format!("`{s}` is not a real date AAAAMMJJ")),
            }
        }
        let [ecriture_date, _, valid_date, date_let, _] = dates;
        // L04-L07: amounts
        let amount = |this: &mut Self, c: Column| -> Decimal {
            let s = get(c);
            match parse_amount(s) {
                Some(d) => {
                    if d.is_sign_negative() && !d.is_zero() {
                        this.hit(L07, line, c.name(), format!("negative amount `{s}`"));
                    }
                    d
                }
                None => {
                    let why = if s.contains('.') { "a decimal point: the FEC writes a decimal comma" } else { "not a number of the FEC" };
                    this.hit(L04, line, c.name(), format!("`{s}`: {why}"));
                    Decimal::ZERO
                }
            }
        };
        let (debit, credit) = if self.montant_sens {
            let m = amount(self, Column::Montant);
            match get(Column::Sens) {
                "D" | "d" | "+1" => (m, Decimal::ZERO),
                "C" | "c" | "-1" => (Decimal::ZERO, m),
                other => {
                    self.hit(L06, line, "Sens", format!("`{other}` is not D, C, +1 or -1"));
                    (Decimal::ZERO, Decimal::ZERO)
                }
            }
        } else {
            (amount(self, Column::Debit), amount(self, Column::Credit))
        };
        if debit.is_zero() == credit.is_zero() {
            self.hit(L05, line, "Debit", format!("debit {debit} and credit {credit}: one of the two, not both or neither"));
        }
        // L08: account
        let account = get(Column::CompteNum);
        let account_class = class(account);
        if !account.is_empty() || self.regime == Regime::Bic {
            let digits = account.len() >= 3 && account.bytes().take(3).all(|b| b.is_ascii_digit());
            if !digits || account_class == 0 || account_class == 9 {
                self.hit(L08, line, "CompteNum", format!("`{account}` does not start with three PCG digits of class 1 to 8"));
            } else if account_class == 8 {
                self.find(L08, Severity::Warning, line, "CompteNum", format!("`{account}` is a class 8 account (special accounts)"));
            }
        }
        // L09: auxiliary accounts
        let (aux, aux_lib) = (get(Column::CompAuxNum), get(Column::CompAuxLib));
        if blank(aux) != blank(aux_lib) {
            self.hit(L09, line, "CompAuxNum", "CompAuxNum and CompAuxLib go together");
        } else if !aux.is_empty() && matches!(account_class, 6 | 7) {
            self.find(L09, Severity::Warning, line, "CompAuxNum", format!("an auxiliary account on {account}, a class 6/7 account"));
        }
        // L10: lettering fields
        let letter = get(Column::EcritureLet);
        if letter.is_empty() && !get(Column::DateLet).is_empty() {
            self.hit(L10, line, "DateLet", "DateLet without EcritureLet");
        } else if !letter.is_empty() && get(Column::DateLet).is_empty() {
            self.find(L10, Severity::Warning, line, "DateLet", "EcritureLet without DateLet");
        }
        // L11: currency
        let (fx, code) = (get(Column::Montantdevise), get(Column::Idevise));
        if !fx.is_empty() && parse_amount(fx).is_none() {
            self.hit(L04, line, "Montantdevise", format!("`{fx}` is not a number of the FEC"));
        }
        let code_ok = code.is_empty() || (code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
        if fx.is_empty() != code.is_empty() || !code_ok {
            self.hit(L11, line, "Idevise", format!("Montantdevise `{fx}` and Idevise `{code}`: both or neither, an ISO 4217 code"));
        }
        // L12, L13: dates against the year and each other
        if let Some(d) = ecriture_date {
            if self.closing.is_some_and(|c| d > c) {
                self.hit(L12, line, "EcritureDate", format!("{d} is after the closing date"));
            } else if self.year_start.is_some_and(|s| d < s) {
                self.find(
                    L12,
                    Severity::Warning,
                    line,
                    "EcritureDate",
                    format!("{d} is before the fiscal year (of 12 months, unless told otherwise)"),
                );
            }
            if valid_date.is_some_and(|v| v < d) {
                self.hit(L13, line, "ValidDate", "ValidDate before EcritureDate");
            }
            if date_let.is_some_and(|v| v < d) {
                self.hit(L13, line, "DateLet", "DateLet before EcritureDate");
            }
        }
        // L14: placeholder labels
        for c in [Column::EcritureLib, Column::PieceRef, Column::CompteLib] {
            let s = get(c);
            if s.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            let s = s.trim();
            if !s.is_empty() && s.chars().all(|ch| !ch.is_alphanumeric()) {
                self.hit(L14, line, c.name(), format!("`{s}` is a placeholder, not a label"));
            }
        }
        // L15: one label per code
        let journal = get(Column::JournalCode);
        // consecutive lines mostly share their journal: checked against the map once per change
        if self.entry.as_ref().is_none_or(|e| e.journal != journal || e.journal_lib != get(Column::JournalLib)) {
            self.label(line, "JournalLib", journal, get(Column::JournalLib), 0);
        }
        self.label(line, "CompteLib", account, get(Column::CompteLib), 1);
        if !aux.is_empty() {
            self.label(line, "CompAuxLib", aux, aux_lib, 2);
        }
        // the entry
        self.entry_line(line, &get, debit, credit, account_class);
        // what the line adds to its lettering group and its day: none when debit − credit
        // overflows (a negative debit and a credit of 29 digits, already L05 and L07: fuzz
        // finding fec_check/negative-debit-max-credit), like the sums that overflow below
        let net = debit.checked_sub(credit);
        // T01-T03: lettering groups
        if !letter.is_empty() {
            if matches!(account_class, 6 | 7) {
                self.hit(T03, line, "EcritureLet", format!("lettering on {account}, a class 6/7 account"));
            }
            let key = (account.to_owned(), aux.to_owned(), letter.to_owned());
            let dl = get(Column::DateLet);
            let ed = get(Column::EcritureDate);
            // a partial lettering is written in lowercase (practice of Sage, Cegid, EBP)
            let partial = letter.bytes().any(|b| b.is_ascii_lowercase()) && !letter.bytes().any(|b| b.is_ascii_uppercase());
            let g = self.letters.entry(key).or_insert_with(|| LetterGroup {
                line,
                sum: Decimal::ZERO,
                count: 0,
                date_let: None,
                mixed_dates: false,
                latest_entry: String::new(),
                partial,
            });
            g.sum = net.and_then(|n| g.sum.checked_add(n)).unwrap_or(g.sum);
            g.count += 1;
            if !dl.is_empty() {
                match &g.date_let {
                    None => g.date_let = Some(dl.to_owned()),
                    Some(x) if x != dl => g.mixed_dates = true,
                    _ => {}
                }
            }
            if ed > g.latest_entry.as_str() {
                g.latest_entry = ed.to_owned();
            }
        }
        self.report.total_debit = self.report.total_debit.checked_add(debit).unwrap_or(self.report.total_debit);
        self.report.total_credit = self.report.total_credit.checked_add(credit).unwrap_or(self.report.total_credit);
        let date = get(Column::EcritureDate);
        // consecutive lines mostly share journal and date: sum them before the map
        let same_day = self.day.as_ref().is_some_and(|d| d.0 == journal && d.1 == date);
        if !same_day {
            let (mut j, mut d) = self.flush_day().unwrap_or_default();
            j.clear();
            j.push_str(journal);
            d.clear();
            d.push_str(date);
            self.day = Some((j, d, Decimal::ZERO, line));
        }
        if let Some(d) = &mut self.day {
            d.2 = net.and_then(|n| d.2.checked_add(n)).unwrap_or(d.2);
        }
    }

    /// Adds the running (journal, date) sum to the map; gives back its two strings for reuse.
    fn flush_day(&mut self) -> Option<(String, String)> {
        let (journal, date, sum, line) = self.day.take()?;
        let days = match self.day_sums.get_mut(journal.as_str()) {
            Some(d) => d,
            None => self.day_sums.entry(journal.clone()).or_default(),
        };
        match days.get_mut(date.as_str()) {
            Some(day) => day.0 = day.0.checked_add(sum).unwrap_or(day.0),
            None => {
                days.insert(date.clone(), (sum, line));
            }
        }
        Some((journal, date))
    }

    /// L15: `code` keeps one label.
    fn label(&mut self, line: u64, field: &str, code: &str, label: &str, which: u8) {
        let map = match which {
            0 => &mut self.journal_labels,
            1 => &mut self.account_labels,
            _ => &mut self.aux_labels,
        };
        match map.get(code) {
            Some(known) if known == label => {}
            Some(known) => {
                let known = known.clone();
                let key = format!("{field}\u{1f}{code}");
                if self.warned_labels.insert(key) {
                    self.hit(L15, line, field, format!("`{code}` is labelled `{label}` here and `{known}` before"));
                }
            }
            None => {
                map.insert(code.to_owned(), label.to_owned());
            }
        }
    }

    /// The line's part in its entry: E03-E07, C01, N03; closes the previous entry when it changes.
    fn entry_line<'a>(&mut self, line: u64, get: &impl Fn(Column) -> &'a str, debit: Decimal, credit: Decimal, account_class: u8) {
        let num = get(Column::EcritureNum);
        let journal = get(Column::JournalCode);
        let same = self.entry.as_ref().is_some_and(|e| match self.options.numbering {
            Numbering::Prefix => e.key == num,
            Numbering::PerJournal => e.journal == journal && e.key.rsplit('\u{1f}').next() == Some(num),
        });
        if !same {
            let key = match self.options.numbering {
                Numbering::Prefix => num.to_owned(),
                Numbering::PerJournal => format!("{journal}\u{1f}{num}"),
            };
            self.close_entry();
            let opening = is_opening(self.options, journal);
            let valid = get(Column::ValidDate).to_owned();
            if opening && self.seen_regular {
                self.hit(N03, line, "JournalCode", format!("opening entry {num} after other entries: à-nouveaux come first"));
            }
            if !opening {
                self.seen_regular = true;
                if let Some(last) = &self.last_valid {
                    if valid.as_str() < last.as_str() && parse_date(&valid).is_some() {
                        let last = last.clone();
                        self.hit(C01, line, "ValidDate", format!("ValidDate {valid} after {last}: the FEC is sorted by validation date"));
                    }
                }
                if parse_date(&valid).is_some() && self.last_valid.as_deref().is_none_or(|l| valid.as_str() > l) {
                    self.last_valid = Some(valid.clone());
                }
            }
            self.numbering(line, num, journal);
            self.report.entries += 1;
            let mut e = self.spare.take().unwrap_or_default();
            let refill = |t: &mut String, v: &str| {
                t.clear();
                t.push_str(v);
            };
            e.key = key;
            e.line = line;
            refill(&mut e.date, get(Column::EcritureDate));
            refill(&mut e.journal, journal);
            refill(&mut e.journal_lib, get(Column::JournalLib));
            e.valid = valid;
            refill(&mut e.piece_ref, get(Column::PieceRef));
            refill(&mut e.piece_date, get(Column::PieceDate));
            e.debit = Decimal::ZERO;
            e.credit = Decimal::ZERO;
            e.lines = 0;
            e.closing_12 = false;
            e.p_and_l = false;
            e.opening = opening;
            e.reported.clear();
            self.entry = Some(e);
        }
        let mut hits: Vec<(RuleInfo, &'static str, String)> = Vec::new();
        if let Some(e) = &mut self.entry {
            e.debit = e.debit.checked_add(debit).unwrap_or(e.debit);
            e.credit = e.credit.checked_add(credit).unwrap_or(e.credit);
            e.lines += 1;
            let account = get(Column::CompteNum);
            e.closing_12 |= account.starts_with("12");
            e.p_and_l |= matches!(account_class, 6 | 7);
            let checks: [(RuleInfo, &'static str, bool); 5] = [
                (E03, "EcritureDate", e.date != get(Column::EcritureDate)),
                (E04, "JournalCode", e.journal != journal),
                (E05, "ValidDate", e.valid != get(Column::ValidDate)),
                (E06, "PieceRef", e.piece_ref != get(Column::PieceRef)),
                (E06, "PieceDate", e.piece_date != get(Column::PieceDate)),
            ];
            for (rule, field, differs) in checks {
                if differs && e.reported.insert(field) {
                    hits.push((rule, field, format!("entry {num} has more than one {field}")));
                }
            }
            if e.opening && matches!(account_class, 6 | 7) && e.reported.insert("opening") {
                hits.push((N03, "CompteNum", format!("opening entry {num} carries a class 6/7 account")));
            }
        }
        for (rule, field, message) in hits {
            self.hit(rule, line, field, message);
        }
    }

    /// N01, N02: the number of a new entry against its sequence.
    fn numbering(&mut self, line: u64, num: &str, journal: &str) {
        let Some((prefix, n)) = split_number(num) else {
            if !num.is_empty() {
                self.hit(N01, line, "EcritureNum", format!("`{num}` does not end with a sequence number"));
            }
            return;
        };
        let seq: std::borrow::Cow<'_, str> = match self.options.numbering {
            Numbering::Prefix => std::borrow::Cow::Borrowed(prefix),
            Numbering::PerJournal => std::borrow::Cow::Owned(format!("{journal}\u{1f}{prefix}")),
        };
        let last = self.sequences.get(seq.as_ref()).copied();
        let store = |this: &mut Self| match this.sequences.get_mut(seq.as_ref()) {
            Some(v) => *v = n,
            None => {
                this.sequences.insert(seq.clone().into_owned(), n);
            }
        };
        match last {
            None => store(self),
            Some(last) if n == last + 1 => store(self),
            Some(last) if n > last + 1 => {
                self.hit(N01, line, "EcritureNum", format!("{num} follows {prefix}{last}: {} number(s) missing", n - last - 1));
                store(self);
            }
            Some(last) => {
                let why = if n == last {
                    "a duplicate of the entry before, or its lines are not contiguous"
                } else {
                    "lower than the one before"
                };
                self.hit(N02, line, "EcritureNum", format!("{num} after {prefix}{last}: {why}"));
                if n == last {
                    self.hit(E07, line, "EcritureNum", format!("entry {num} appears again"));
                }
            }
        }
    }

    /// E01, E02, E08 for the entry just read.
    fn close_entry(&mut self) {
        let Some(e) = self.entry.take() else { return };
        let num = || e.key.rsplit('\u{1f}').next().unwrap_or("").to_owned();
        if e.debit != e.credit {
            self.hit(E01, e.line, "", format!("entry {} does not balance: debits {} ≠ credits {}", num(), e.debit, e.credit));
        }
        if e.lines < 2 {
            self.hit(E02, e.line, "", format!("entry {} has {} line", num(), e.lines));
        }
        if e.closing_12 && e.p_and_l {
            self.hit(
                E08,
                e.line,
                "",
                format!("entry {} moves class 6/7 accounts into 12x: closing entries are left out of the FEC", num()),
            );
        }
        self.spare = Some(e);
    }

    /// End of file: the last entry, E09, G01, T01, T02.
    fn finish(mut self) -> Report {
        self.close_entry();
        let _ = self.flush_day();
        let days = std::mem::take(&mut self.day_sums);
        for (journal, per_day) in days {
            for (date, (sum, line)) in per_day {
                if !sum.is_zero() {
                    self.hit(E09, line, "", format!("journal {journal} on {date} is off by {sum}"));
                }
            }
        }
        if self.report.total_debit != self.report.total_credit {
            let (d, c) = (self.report.total_debit, self.report.total_credit);
            self.hit(G01, 0, "", format!("the file does not balance: debits {d} ≠ credits {c}"));
        }
        let groups = std::mem::take(&mut self.letters);
        for ((account, aux, code), g) in groups {
            let name = if aux.is_empty() { account.clone() } else { format!("{account}/{aux}") };
            if g.count < 2 {
                self.hit(T01, g.line, "EcritureLet", format!("lettering {code} on {name} has a single line"));
            } else if !g.sum.is_zero() {
                if g.partial {
                    self.find(T01, Severity::Warning, g.line, "EcritureLet", format!("partial lettering {code} on {name}: {} left", g.sum));
                } else {
                    self.hit(T01, g.line, "EcritureLet", format!("lettering {code} on {name} does not net to zero: {}", g.sum));
                }
            }
            if g.mixed_dates {
                self.hit(T02, g.line, "DateLet", format!("lettering {code} on {name} has more than one DateLet"));
            }
            if let Some(dl) = &g.date_let {
                if dl.as_str() < g.latest_entry.as_str() {
                    let msg = format!("lettering {code} on {name} is dated {dl}, before its entry of {}", g.latest_entry);
                    self.hit(T02, g.line, "DateLet", msg);
                }
            }
        }
        self.report.findings.sort_by(|a, b| (a.line, &a.code).cmp(&(b.line, &b.code)));
        self.report
    }
}

/// Checks the FEC file at `path` (its name included, F01-F03).
pub fn check_path(path: &Path, options: &CheckOptions) -> Report {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    match std::fs::File::open(path) {
        Ok(f) => check_reader(std::io::BufReader::with_capacity(256 * 1024, f), name.as_deref(), options),
        Err(e) => {
            let mut r = Report::new(name.as_deref(), "flat");
            r.readable = false;
            let mut c = Checker::new(options, r);
            c.hit(F04, 0, "", format!("cannot open the file: {e}"));
            c.report
        }
    }
}

/// Checks a FEC read from `input`, flat or XML (told by its first character); `name` is the
/// file name, checked when given.
pub fn check_reader<R: BufRead>(mut input: R, name: Option<&str>, options: &CheckOptions) -> Report {
    let xml = match input.fill_buf() {
        Ok(b) => {
            let b = b.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(b);
            b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'<')
        }
        Err(_) => false,
    };
    if xml { check_xml(input, name, options) } else { check_flat(input, name, options) }
}

fn unreadable(mut c: Checker<'_>, rule: RuleInfo, e: &FecError) -> Report {
    c.report.readable = false;
    c.hit(rule, e.line().unwrap_or(0), "", e.to_string());
    c.finish()
}

fn check_flat<R: BufRead>(input: R, name: Option<&str>, options: &CheckOptions) -> Report {
    let mut c = Checker::new(options, Report::new(name, "flat"));
    c.file_name(name);
    let mut reader = match FlatReader::open(input) {
        Ok(r) => r,
        Err(e) => {
            let rule = match &e {
                FecError::Charset { .. } => F04,
                FecError::Header { message, .. } if message.contains("separator") || message.contains("tab and") => F05,
                _ => F07,
            };
            return unreadable(c, rule, &e);
        }
    };
    let sep = reader.separator();
    c.report.separator = Some(if sep == b'\t' { "tab".to_owned() } else { char::from(sep).to_string() });
    if !matches!(sep, b'\t' | b'|') {
        c.hit(F05, 1, "", format!("separator `{}`: only tab or `|` are allowed", char::from(sep)));
    }
    if reader.had_bom() {
        c.hit(F04, 1, "", "a UTF-8 byte-order mark: write UTF-8 without BOM (it breaks the first field name, TCD #17)");
    }
    let header = reader.header().clone();
    c.header(&header.names, &header.columns);
    c.finish_setup();
    let expected = header.names.len();
    let positions: Vec<Option<usize>> = Column::ALL.iter().map(|col| header.position(*col)).collect();
    let other = if sep == b'\t' { b'|' } else { b'\t' };
    let mut other_reported = false;
    loop {
        let raw = match reader.next_raw() {
            Ok(Some(raw)) => raw,
            Ok(None) => break,
            Err(e) => {
                let line = e.line().unwrap_or(0);
                c.hit(F04, line, "", e.to_string());
                c.report.readable = line > 1;
                break;
            }
        };
        let line = raw.line;
        if raw.is_empty() {
            c.hit(F09, line, "", "blank line");
            continue;
        }
        if !other_reported && matches!(sep, b'\t' | b'|') && raw.text().as_bytes().contains(&other) {
            other_reported = true;
            c.hit(F05, line, "", "both tab and `|` in the file: one separator per file (A47 A-1 I 4°)");
        }
        if raw.len() != expected {
            c.hit(L01, line, "", format!("{} fields instead of the {expected} of the header", raw.len()));
            continue;
        }
        // each field looked up once, then read by column
        let mut fields = [""; 24];
        for (slot, p) in fields.iter_mut().zip(&positions) {
            if let Some(i) = p {
                *slot = raw.field(*i);
            }
        }
        let get = |col: Column| -> &str { fields.get(col as usize).copied().unwrap_or("") };
        c.record(line, get);
    }
    c.report.lines = reader.line();
    c.report.charset = Some(reader.charset());
    c.finish()
}

fn check_xml<R: BufRead>(input: R, name: Option<&str>, options: &CheckOptions) -> Report {
    let mut c = Checker::new(options, Report::new(name, "xml"));
    c.file_name(name);
    c.report.charset = Some(Charset::Utf8);
    let mut reader = XmlReader::new(input);
    c.regime = options.regime.unwrap_or(Regime::Bic);
    c.finish_setup();
    let mut checked_schema = false;
    let mut checked_closing = false;
    loop {
        let record: FecRecord = match reader.next_record() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                let malformed = e.to_string().contains("not well formed");
                c.hit(if malformed { X01 } else { X02 }, e.line().unwrap_or(0), "", e.to_string());
                c.report.readable = !malformed || c.report.records > 0;
                break;
            }
        };
        if !checked_schema {
            checked_schema = true;
            match reader.schema() {
                None => c.hit(X02, 1, "", "the root does not name its XSD (xsi:noNamespaceSchemaLocation)"),
                Some(s) if !s.ends_with(c.regime.xsd()) => {
                    let msg = format!("the XSD named is `{s}`, not the {} of the regime", c.regime.xsd());
                    c.find(X02, Severity::Warning, 1, "", msg);
                }
                _ => {}
            }
        }
        if !checked_closing {
            checked_closing = true;
            if let (Some(declared), Some(expected)) = (reader.closing(), c.closing) {
                if declared != expected {
                    c.hit(X03, 1, "DateCloture", format!("DateCloture {declared} ≠ the closing date {expected}"));
                }
            } else if c.closing.is_none() {
                c.closing = reader.closing();
                c.year_start = None;
                c.finish_setup();
            }
        }
        let line = reader.line();
        let fields = text_fields(&record);
        c.record(line, |col| fields.get(&col).map_or("", String::as_str));
    }
    c.report.lines = reader.line();
    c.finish()
}

/// The record's fields as the flat file writes them (dates AAAAMMJJ, amounts with a comma).
fn text_fields(r: &FecRecord) -> BTreeMap<Column, String> {
    let date = |d: NaiveDate| d.format("%Y%m%d").to_string();
    let amount = |a: Decimal| {
        let mut v = Vec::new();
        crate::format::push_amount(&mut v, a, b',').map_or_else(|| a.to_string(), |()| String::from_utf8_lossy(&v).into_owned())
    };
    let mut m = BTreeMap::new();
    m.insert(Column::JournalCode, r.journal_code.clone());
    m.insert(Column::JournalLib, r.journal_lib.clone());
    m.insert(Column::EcritureNum, r.ecriture_num.clone());
    m.insert(Column::EcritureDate, date(r.ecriture_date));
    m.insert(Column::CompteNum, r.compte_num.clone());
    m.insert(Column::CompteLib, r.compte_lib.clone());
    m.insert(Column::CompAuxNum, r.comp_aux_num.clone());
    m.insert(Column::CompAuxLib, r.comp_aux_lib.clone());
    m.insert(Column::PieceRef, r.piece_ref.clone());
    m.insert(Column::PieceDate, date(r.piece_date));
    m.insert(Column::EcritureLib, r.ecriture_lib.clone());
    m.insert(Column::Debit, amount(r.debit));
    m.insert(Column::Credit, amount(r.credit));
    m.insert(Column::EcritureLet, r.ecriture_let.clone());
    m.insert(Column::DateLet, r.date_let.map(date).unwrap_or_default());
    m.insert(Column::ValidDate, date(r.valid_date));
    m.insert(Column::Montantdevise, r.montant_devise.map(amount).unwrap_or_default());
    m.insert(Column::Idevise, r.idevise.clone());
    if let Some(t) = &r.treasury {
        m.insert(Column::DateRglt, date(t.date_rglt));
        m.insert(Column::ModeRglt, t.mode_rglt.clone());
        m.insert(Column::NatOp, t.nat_op.clone());
        m.insert(Column::IdClient, t.id_client.clone());
    }
    m
}
