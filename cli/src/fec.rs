//! `facturier fec export` and `facturier fec check`: the Fichier des Écritures Comptables an
//! accountant hands the tax administration (LPF L47 A), written from the accounting input and
//! checked, ours or any other software's.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use facturier_core::NaiveDate;
use facturier_core::presentation::date as date_fr;
use facturier_fec::check::{CheckOptions, Numbering, Report, Severity};
use facturier_fec::description::{description, description_file_name, description_xml};
use facturier_fec::{AmountStyle, Encoding, FecWriter, Separator, WriteOptions, XmlWriter};

use crate::CliError;
use crate::accounting::{Period, Selection, print_out, read_input, select, write_validated};

/// The FEC commands.
#[derive(Debug, Subcommand)]
pub enum FecCommand {
    /// Write the FEC of a fiscal year from the accounting input: the file named SIRENFECAAAAMMJJ
    /// (A47 A-1 IX) and its description file (A47 A-1 XI) in DIR; tab-separated UTF-8 by default
    /// (A47 A-1 VI, XII), the validated entries of the year, opening entries first, then in
    /// order of validation (A47 A-1 VII).
    Export {
        /// The accounting input, JSON (see schema/accounting-input.schema.json).
        input: PathBuf,
        /// The company's SIREN (nine digits), the start of the file name.
        #[arg(long)]
        siren: String,
        /// Closing date of the fiscal year, the end of the file name.
        #[arg(long, value_name = "YYYY-MM-DD")]
        closing: NaiveDate,
        /// First day of the fiscal year; by default the day after the closing date a year before.
        #[arg(long, value_name = "YYYY-MM-DD")]
        opening: Option<NaiveDate>,
        /// Flat file with tab or `|` separators (A47 A-1 VI 1°), or XML valid against DGFiP's XSD (VI 2°).
        #[arg(long, value_enum, default_value_t = FecFormat::Tab)]
        format: FecFormat,
        /// Charset of a flat file (A47 A-1 XII 1°); XML is always UTF-8.
        #[arg(long, value_enum, default_value_t = FecEncoding::Utf8)]
        encoding: FecEncoding,
        /// Amounts as Debit and Credit, or as Montant and Sens (A47 A-1 VII 2°).
        #[arg(long, value_enum, default_value_t = FecAmounts::DebitCredit)]
        amounts: FecAmounts,
        /// Validate the entries not validated yet on this date, for this export, continuing the
        /// numbers already given (the numbers given are written beside the FEC: persist them).
        #[arg(long, value_name = "YYYY-MM-DD")]
        validate_on: Option<NaiveDate>,
        /// With --validate-on, when no entry is numbered yet: one sequence per journal (VT000001…).
        #[arg(long)]
        per_journal: bool,
        /// Folder to write the FEC and its description to (created if missing).
        #[arg(short, long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Check a FEC file, flat or XML, from facturier or any other software: the file name, the
    /// format (A47 A-1 VI-XII, as DGFiP's Test Compta Demat) and the content (balanced entries,
    /// continuous numbering, chronology, lettering). Exit 0 clean (warnings allowed), 1 with
    /// errors, 2 when the file cannot be read.
    Check {
        /// The FEC file.
        file: PathBuf,
        /// Print the whole report as JSON.
        #[arg(long)]
        json: bool,
        /// Closing date of the fiscal year; read from the file name by default.
        #[arg(long, value_name = "YYYY-MM-DD")]
        closing: Option<NaiveDate>,
        /// First day of the fiscal year; by default the day after the closing date a year before.
        #[arg(long, value_name = "YYYY-MM-DD")]
        opening: Option<NaiveDate>,
        /// Numbering sequences: one per textual prefix of EcritureNum, or one per journal.
        #[arg(long, value_enum, default_value_t = CheckNumbering::Prefix)]
        numbering: CheckNumbering,
        /// Journal code of opening entries (à-nouveaux), repeatable; AN, RAN and ANO by default.
        #[arg(long, value_name = "CODE")]
        opening_journal: Vec<String>,
    },
}

/// The FEC's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FecFormat {
    /// Flat file, tab-separated (recommended).
    Tab,
    /// Flat file, `|`-separated.
    Pipe,
    /// XML, DGFiP's XSD.
    Xml,
}

/// The flat file's charset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FecEncoding {
    /// UTF-8 without byte-order mark.
    #[value(name = "utf-8")]
    Utf8,
    /// ISO 8859-15 (Latin-9).
    #[value(name = "iso-8859-15")]
    Iso8859_15,
}

/// How amounts are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FecAmounts {
    /// Debit and Credit columns.
    DebitCredit,
    /// Montant and Sens (D/C) columns.
    MontantSens,
}

/// How the checker tells numbering sequences apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckNumbering {
    /// One sequence per textual prefix of EcritureNum (`000012`, `VT000012`).
    Prefix,
    /// One sequence per journal.
    PerJournal,
}

/// Runs a FEC command; the exit code of `check` says what it found.
pub fn run(command: FecCommand) -> Result<ExitCode, CliError> {
    match command {
        FecCommand::Export { input, siren, closing, opening, format, encoding, amounts, validate_on, per_journal, out } => {
            let request = ExportRequest { siren, closing, opening, format, encoding, amounts, validate_on, per_journal };
            let done = export(&input, &request, &out)?;
            print_out(&done.summary);
            Ok(ExitCode::SUCCESS)
        }
        FecCommand::Check { file, json, closing, opening, numbering, opening_journal } => {
            let mut options = CheckOptions { closing, opening, ..CheckOptions::default() };
            options.numbering = match numbering {
                CheckNumbering::Prefix => Numbering::Prefix,
                CheckNumbering::PerJournal => Numbering::PerJournal,
            };
            if !opening_journal.is_empty() {
                options.opening_journals = opening_journal;
            }
            let report = facturier_fec::check::check_path(&file, &options);
            print_out(&if json { report.to_json() + "\n" } else { summary(&report) });
            Ok(ExitCode::from(u8::try_from(report.exit_code()).unwrap_or(2)))
        }
    }
}

/// What `fec export` is asked, besides the input and the folder.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// SIREN.
    pub siren: String,
    /// Closing date.
    pub closing: NaiveDate,
    /// First day of the fiscal year.
    pub opening: Option<NaiveDate>,
    /// Flat (tab, pipe) or XML.
    pub format: FecFormat,
    /// Charset of a flat file.
    pub encoding: FecEncoding,
    /// Debit/Credit or Montant/Sens.
    pub amounts: FecAmounts,
    /// Validate what is not validated yet, on this date.
    pub validate_on: Option<NaiveDate>,
    /// A sequence per journal when none exists yet.
    pub per_journal: bool,
}

/// What `fec export` wrote.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The FEC file.
    pub fec: PathBuf,
    /// The description file.
    pub description: PathBuf,
    /// Lines (records) written.
    pub lines: u64,
    /// Entries written.
    pub entries: usize,
    /// A summary for the terminal.
    pub summary: String,
}

/// Writes the FEC of `input` and its description file into `out` (see [`FecCommand::Export`]).
pub fn export(input: &Path, request: &ExportRequest, out: &Path) -> Result<Exported, CliError> {
    let facts = read_input(input)?;
    let period = Period::fiscal_year(request.closing, request.opening)?;
    let selection = select(&facts, period, request.validate_on, request.per_journal)?;
    write_fec(&selection, request, out)
}

/// Writes the entries of `selection` as the FEC of `request` into `out`.
pub fn write_fec(selection: &Selection, request: &ExportRequest, out: &Path) -> Result<Exported, CliError> {
    let xml = request.format == FecFormat::Xml;
    if xml && request.encoding != FecEncoding::Utf8 {
        return Err(CliError::Usage("the XML FEC is UTF-8 (ISO 8859-15 makes DGFiP's validator fail, TCD #1)".to_owned()));
    }
    let options = WriteOptions {
        separator: if request.format == FecFormat::Pipe { Separator::Pipe } else { Separator::Tab },
        encoding: match request.encoding {
            FecEncoding::Utf8 => Encoding::Utf8,
            FecEncoding::Iso8859_15 => Encoding::Iso8859_15,
        },
        amounts: match request.amounts {
            FecAmounts::DebitCredit => AmountStyle::DebitCredit,
            FecAmounts::MontantSens => AmountStyle::MontantSens,
        },
        opening_journal: selection.opening_journal.clone(),
        ..WriteOptions::default()
    };
    let flat_name = facturier_fec::file_name(&request.siren, request.closing)?;
    let name = if xml { flat_name.replace(".txt", ".xml") } else { flat_name };
    std::fs::create_dir_all(out).map_err(CliError::io(out))?;
    let path = out.join(&name);
    let file = std::fs::File::create(&path).map_err(CliError::io(&path))?;
    let mut progress = Progress::new(selection.lines());
    if xml {
        let mut w = XmlWriter::new(file, options.clone(), request.closing)?;
        for e in &selection.entries {
            w.write_entry(e)?;
            progress.add(e.lines.len());
        }
        w.finish()?;
    } else {
        let mut w = FecWriter::new(file, options.clone())?;
        for e in &selection.entries {
            w.write_entry(e)?;
            progress.add(e.lines.len());
        }
        w.finish()?;
    }
    progress.done();
    let journals = selection.journals();
    let text = if xml {
        description_xml(&options, &request.siren, request.closing, &journals, &[])
    } else {
        description(&options, &request.siren, request.closing, &journals, &[])
    };
    let description_path = out.join(description_file_name(&name));
    std::fs::write(&description_path, text).map_err(CliError::io(&description_path))?;

    let mut summary = String::new();
    let dates = match (selection.entries.iter().map(|e| e.date).min(), selection.entries.iter().map(|e| e.date).max()) {
        (Some(a), Some(b)) => format!(", dated {} to {}", date_fr(a), date_fr(b)),
        _ => String::new(),
    };
    let _ = writeln!(
        summary,
        "{}: {} lines, {} entries{dates}, debits = credits = {}",
        path.display(),
        selection.lines(),
        selection.entries.len(),
        amount(selection.total_debit())
    );
    let _ = writeln!(summary, "{}: the description of the file (A47 A-1 XI)", description_path.display());
    if let (Some(on), false) = (request.validate_on, selection.validated_now.is_empty()) {
        let stem = name.trim_end_matches(".txt").trim_end_matches(".xml");
        let validated_path = out.join(format!("{stem}-validated.json"));
        write_validated(&validated_path, &selection.validated_now)?;
        let _ = writeln!(
            summary,
            "{}: {} entries validated on {} by this export; persist these numbers (the input's `validated`): they are never given again",
            validated_path.display(),
            selection.validated_now.len(),
            date_fr(on)
        );
    }
    Ok(Exported { fec: path, description: description_path, lines: selection.lines(), entries: selection.entries.len(), summary })
}

/// An amount as the terminal shows it: `1 234,56`.
fn amount(a: facturier_core::Decimal) -> String {
    facturier_core::presentation::euros(a).trim_end_matches('€').trim_end_matches(facturier_core::presentation::NBSP).to_owned()
}

/// The progress of a large export on stderr, only when stderr is a terminal.
struct Progress {
    total: u64,
    written: u64,
    shown: Option<u64>,
    active: bool,
}

/// Exports from this many lines show their progress.
const LARGE: u64 = 200_000;

impl Progress {
    fn new(total: u64) -> Progress {
        Progress { total, written: 0, shown: None, active: total >= LARGE && std::io::stderr().is_terminal() }
    }

    fn add(&mut self, lines: usize) {
        self.written = self.written.saturating_add(lines as u64);
        if !self.active {
            return;
        }
        let percent = self.written.saturating_mul(100) / self.total.max(1);
        if self.shown != Some(percent) {
            self.shown = Some(percent);
            let width = 30u64;
            let filled = usize::try_from(percent.min(100) * width / 100).unwrap_or(0);
            let bar = format!("{}{}", "#".repeat(filled), "-".repeat(usize::try_from(width).unwrap_or(30).saturating_sub(filled)));
            let _ = write!(std::io::stderr(), "\rfec export [{bar}] {percent:>3} % {} / {} lines", self.written, self.total);
        }
    }

    fn done(&mut self) {
        if self.active && self.shown.is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// How many findings of each rule the summary shows (the JSON report keeps up to 100).
const SHOWN_PER_RULE: usize = 5;

/// The report for a terminal: what was read, then the findings grouped by rule, errors first,
/// each rule with its title, count and source, and its first findings.
pub fn summary(r: &Report) -> String {
    let mut out = String::new();
    let name = r.file_name.as_deref().unwrap_or("(stdin)");
    let mut read = vec![r.format.clone()];
    if let Some(c) = r.charset {
        read.push(match c {
            facturier_fec::reader::Charset::Ascii => "ASCII".to_owned(),
            facturier_fec::reader::Charset::Utf8 => "UTF-8".to_owned(),
            facturier_fec::reader::Charset::Iso8859_15 => "ISO 8859-15".to_owned(),
        });
    }
    if let Some(s) = &r.separator {
        read.push(format!("separator {s}"));
    }
    if let Some(regime) = r.regime {
        read.push(
            match regime {
                facturier_fec::Regime::Bic => "BIC/IS (A47 A-1 VII)",
                facturier_fec::Regime::BncBaCommercial => "BNC/BA commercial (VIII 3°)",
                facturier_fec::Regime::BaTresorerie => "BA trésorerie (VIII 5°)",
                facturier_fec::Regime::BncTresorerie => "BNC trésorerie (VIII 7°)",
            }
            .to_owned(),
        );
    }
    let _ = writeln!(out, "{name}: {}", read.join(", "));
    let _ = writeln!(
        out,
        "  {} lines, {} records, {} entries; debits {}, credits {}",
        r.lines,
        r.records,
        r.entries,
        amount(r.total_debit),
        amount(r.total_credit)
    );
    let mut codes: Vec<(&String, &u64)> = r.counts.iter().collect();
    let severity_of =
        |code: &str| r.findings.iter().find(|f| f.code == code && f.severity == Severity::Error).map_or(Severity::Warning, |f| f.severity);
    codes.sort_by_key(|(code, _)| (severity_of(code), code.as_str()));
    for (code, count) in codes {
        let info = facturier_fec::check::RULES.iter().find(|i| i.code == code.as_str());
        let title = info.map_or("", |i| i.title);
        let severity = match severity_of(code) {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{code} {severity:<7} {title} ({count})");
        if let Some(i) = info {
            let _ = writeln!(out, "    source: {}", i.source);
        }
        let found: Vec<_> = r.findings.iter().filter(|f| f.code.as_str() == code.as_str()).collect();
        for f in found.iter().take(SHOWN_PER_RULE) {
            let place = match (f.line, f.field.is_empty()) {
                (0, true) => "file".to_owned(),
                (0, false) => f.field.clone(),
                (l, true) => format!("line {l}"),
                (l, false) => format!("line {l}, {}", f.field),
            };
            let _ = writeln!(out, "    {place}: {}", f.message);
        }
        let more = count.saturating_sub(found.len().min(SHOWN_PER_RULE) as u64);
        if more > 0 {
            let _ = writeln!(out, "    … and {more} more");
        }
    }
    let verdict = if !r.readable {
        "unreadable: the file could not be read through".to_owned()
    } else if r.errors > 0 {
        format!("{} error(s), {} warning(s)", r.errors, r.warnings)
    } else {
        format!("clean ({} warning(s))", r.warnings)
    };
    let _ = writeln!(out, "{name}: {verdict}");
    out
}

/// The closing date of the demo's fiscal year: the calendar year 2026.
pub const DEMO_CLOSING: (i32, u32, u32) = (2026, 12, 31);

/// The accounting input of the demo's story: its invoices, deposit and credit note, its
/// payments, with the PCG chart by default.
pub fn demo_input(story: &crate::demo::Story) -> facturier_core::accounting::AccountingInput {
    let facts = &story.receivables_input;
    facturier_core::accounting::AccountingInput {
        invoices: facts.invoices.clone(),
        payments: facts.payments.clone(),
        refunds: facts.refunds.clone(),
        ..Default::default()
    }
}

/// The FEC part of `facturier demo`: validates every entry of the story at closing
/// (31/12/2026), writes the accounting input with those numbers (`accounting-input.json`, its
/// `validated` as a host would persist them), the FEC of the fiscal year and its description into `out`, checks the FEC with the checker,
/// and returns two lines of summary. Refused if the checker finds an error: the demo shows a FEC
/// that passes.
pub fn demo(story: &crate::demo::Story, out: &Path) -> Result<String, CliError> {
    let (y, m, d) = DEMO_CLOSING;
    let closing = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| facturier_core::CoreError::internal("demo", "invalid closing date"))?;
    let siren = story.deposit.content().seller.siren.clone().unwrap_or_default();
    let mut input = demo_input(story);
    let selection = select(&input, Period::fiscal_year(closing, None)?, Some(closing), false)?;
    // the host persists the numbers given at validation: the input written carries them, so
    // `facturier fec export` and `facturier entries` on it show the same numbers
    input.validated = selection.validated_now.clone();
    let input_path = out.join("accounting-input.json");
    std::fs::write(&input_path, facturier_core::json::to_string_pretty(&input)? + "\n").map_err(CliError::io(&input_path))?;
    let request = ExportRequest {
        siren,
        closing,
        opening: None,
        format: FecFormat::Tab,
        encoding: FecEncoding::Utf8,
        amounts: FecAmounts::DebitCredit,
        validate_on: None,
        per_journal: false,
    };
    let exported = write_fec(&selection, &request, out)?;
    let report = facturier_fec::check::check_path(&exported.fec, &CheckOptions::default());
    if !report.is_clean() {
        return Err(facturier_core::CoreError::internal(
            "demo.fec",
            format!("the checker finds errors in the demo's FEC:\n{}", summary(&report)),
        )
        .into());
    }
    let name = exported.fec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let codes: Vec<&str> = report.counts.keys().map(String::as_str).collect();
    let warnings = if codes.is_empty() { String::new() } else { format!(" ({})", codes.join(", ")) };
    Ok(format!(
        "FEC {y} : {name}, {} écritures validées le {}, {} lignes, débit = crédit = {} €\n\
         Contrôle du FEC : aucune erreur, {} avertissement(s){warnings} — facturier fec check {name}\n",
        exported.entries,
        date_fr(closing),
        exported.lines,
        amount(selection.total_debit()),
        report.warnings
    ))
}
