//! `facturier`: French billing paperwork from the command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use facturier_cli::{
    CliError, audit, check, contracts, demo, entries, export, facturx, fec, mrr, read, receivables, render, rules, validate,
};
use facturier_core::contracts::Month;
use facturier_core::{CoreError, NaiveDate, Violation};

/// mimalloc for every allocation of this program: Typst allocates a great deal, and renders are
/// 16 % faster than with the system allocator (`bench/pdf/README.md`, "Two threads").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// French-compliant quotes, invoices and credit notes.
#[derive(Parser)]
#[command(name = "facturier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of the largest variant (`Render`) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Run the whole story on embedded sample data: quote v1 → v2 → accepted → 30 % deposit →
    /// final invoice → partial credit note, then payments, a late invoice and the receivables as of
    /// 28/12/2026 (reminders due, interest); print a summary and write each document as JSON and PDF.
    Demo {
        /// Folder to write the documents to.
        #[arg(long, default_value = "demo-out")]
        out: PathBuf,
    },
    /// Print the legal violations of a draft invoice (or quote) JSON file; exit 1 if there are some.
    Check {
        /// The JSON file.
        file: PathBuf,
        /// Issue date to check against (YYYY-MM-DD); today (UTC) by default.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Print the violations as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check that an issued invoice (JSON, as `demo` writes it) is as it was issued: its figures,
    /// due date and mentions recomputed with the rules of its version (CGI 289 V); exit 1 if not.
    Verify {
        /// The JSON file of the issued invoice.
        file: PathBuf,
        /// Print the differences as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the receivables of a JSON file as of a date: aging, reminders due with interest and
    /// indemnity, unpaid invoices, cash forecast; exit 1 if the input is invalid.
    Receivables {
        /// The JSON file (see schema/receivables-input.schema.json).
        file: PathBuf,
        /// Date of the report (YYYY-MM-DD); today (UTC) by default.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Print the whole report (or the violations) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print what a set of contracts needs on a date: renewal alerts due, consumers' information
    /// windows (C. conso L215-1), what renews or ends and when, invoices to issue; exit 1 with
    /// every violation if the input is invalid.
    Contracts {
        /// The JSON file (see schema/contracts-input.schema.json), with its `seller`.
        file: PathBuf,
        /// Date of the report (YYYY-MM-DD); today (UTC) by default.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Print the whole report (or the violations) as JSON.
        #[arg(long)]
        json: bool,
        /// Write the information letters due on that date as PDFs to this folder.
        #[arg(long)]
        letters: Option<PathBuf>,
        /// Produce PDF/A-3b letters.
        #[arg(long)]
        pdf_a: bool,
    },
    /// Print the MRR/ARR table per month with the movements (new, expansion, contraction, churn,
    /// reactivation) and the rates (churn, NRR, GRR, renewal…); exit 1 with every violation if
    /// the input is invalid.
    Mrr {
        /// The JSON file (see schema/contracts-input.schema.json).
        file: PathBuf,
        /// First month (YYYY-MM).
        #[arg(long)]
        from: Month,
        /// Last month (YYYY-MM).
        #[arg(long)]
        to: Month,
        /// Print the whole report (or the violations) as JSON.
        #[arg(long)]
        json: bool,
        /// Write the report as PDF, with its charts and the contracts to renew.
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Produce PDF/A-3b.
        #[arg(long)]
        pdf_a: bool,
    },
    /// Write the Factur-X PDF of an issued invoice (JSON, as `demo` writes it): PDF/A-3b with
    /// factur-x.xml attached and the Factur-X XMP; or the CII XML alone.
    Facturx {
        /// The issued invoice, deposit, final invoice or credit note (JSON).
        file: PathBuf,
        /// Where to write the PDF (or the XML with --xml-only).
        #[arg(short, long)]
        out: PathBuf,
        /// The Factur-X profile: en16931 (default), basic-wl, basic, minimum, extended.
        #[arg(long)]
        profile: Option<String>,
        /// Write the CII XML only, no PDF.
        #[arg(long)]
        xml_only: bool,
    },
    /// Read a received invoice (Factur-X / ZUGFeRD PDF, CII or UBL XML): seller, buyer, number,
    /// dates, totals, lines and the findings of the EN 16931 / BR-FR rules.
    Read {
        /// The PDF or XML file.
        file: PathBuf,
        /// Print the whole parsed invoice and its findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Validate a received invoice (PDF, CII or UBL): every finding with its rule, location and
    /// message; exit 0 when clean, 1 on errors, 2 when the file is unreadable.
    Validate {
        /// The PDF or XML file.
        file: PathBuf,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Render an issued invoice or a quote (JSON, as `demo` writes them) to PDF.
    Render {
        /// The JSON file.
        file: PathBuf,
        /// The PDF to write.
        #[arg(short, long)]
        out: PathBuf,
        /// A logo, .svg or .png.
        #[arg(long)]
        logo: Option<PathBuf>,
        /// Alternative text of the logo (tagged PDF).
        #[arg(long)]
        logo_alt: Option<String>,
        /// Primary colour, #RRGGBB.
        #[arg(long)]
        color: Option<String>,
        /// Footer text.
        #[arg(long)]
        footer: Option<String>,
        /// Produce PDF/A-3b.
        #[arg(long)]
        pdf_a: bool,
        /// A Typst template of your own, receiving the same data (see templates/README.md).
        #[arg(long)]
        template: Option<PathBuf>,
        /// How long the template may run, in milliseconds (custom templates; default 2000).
        #[arg(long)]
        template_time_ms: Option<u64>,
        /// How long a built-in template may run, in milliseconds (default 60000).
        #[arg(long)]
        render_time_ms: Option<u64>,
        /// The most pages the document may have (default 1000).
        #[arg(long)]
        max_pages: Option<usize>,
        /// The most bytes the PDF may have (default 50000000).
        #[arg(long)]
        max_output_bytes: Option<usize>,
    },
    /// The Fichier des Écritures Comptables (LPF L47 A, A47 A-1): export it from the accounting
    /// input, or check any FEC file.
    Fec {
        #[command(subcommand)]
        command: fec::FecCommand,
    },
    /// Print the journal of an accounting input JSON as of a date: every entry with its lines,
    /// accounts, amounts, letters, number and validation date (the content of the FEC, A47 A-1 VII);
    /// exit 1 if the input is invalid.
    Entries {
        /// The accounting input (see schema/accounting-input.schema.json).
        input: PathBuf,
        /// Date of the journal (YYYY-MM-DD): the facts up to it; today (UTC) by default.
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Print the journal (or the violations) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export the validated entries for another accounting package.
    Export {
        #[command(subcommand)]
        command: export::ExportCommand,
    },
    /// The audit trail of issued documents and validated entries (CGI 289 VII).
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// List every rule the core and the FEC checker apply (code and legal source) and every error code.
    Rules {
        /// Print the listing as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the JSON Schemas of the inputs to a folder.
    Schema {
        /// Folder to write the schemas to.
        #[arg(long, default_value = "schema")]
        out: PathBuf,
    },
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { out } => demo::run(&out).map(|summary| {
            print!("{summary}");
            ExitCode::SUCCESS
        }),
        Command::Check { file, as_of, json } => run_check(&file, as_of, json),
        Command::Receivables { file, as_of, json } => run_receivables(&file, as_of, json),
        Command::Verify { file, json } => run_verify(&file, json),
        Command::Contracts { file, as_of, json, letters, pdf_a } => {
            contracts::run(&file, as_of.unwrap_or_else(today), json, letters.as_deref(), pdf_a)
        }
        Command::Mrr { file, from, to, json, pdf, pdf_a } => mrr::run(&file, from, to, json, pdf.as_deref(), pdf_a),
        Command::Render {
            file,
            out,
            logo,
            logo_alt,
            color,
            footer,
            pdf_a,
            template,
            template_time_ms,
            render_time_ms,
            max_pages,
            max_output_bytes,
        } => {
            let limits = render::limits(template_time_ms, render_time_ms, max_pages, max_output_bytes);
            run_render(&file, &out, render::options(logo.as_deref(), logo_alt, color, footer, pdf_a, template.as_deref(), limits))
        }
        Command::Facturx { file, out, profile, xml_only } => run_facturx(&file, &out, profile.as_deref(), xml_only),
        Command::Read { file, json } => run_read(&file, json),
        Command::Validate { file, json } => run_validate(&file, json),
        Command::Fec { command } => fec::run(command),
        Command::Entries { input, as_of, json } => entries::run(&input, as_of.unwrap_or_else(today), json),
        Command::Export { command } => export::run(command),
        Command::Audit { command } => audit::run(command),
        Command::Rules { json } => run_rules(json),
        Command::Schema { out } => write_schemas(&out).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error[{}]: {e}", e.code());
            ExitCode::from(2)
        }
    }
}

/// Today's date (UTC), the default of `--as-of`.
fn today() -> NaiveDate {
    // The CLI is the host, not the core: it may read the clock for the default date (UTC).
    // chrono's `clock` feature stays off so that every build of the workspace shares one
    // feature set (and Typst is compiled once).
    #[allow(clippy::disallowed_methods)]
    chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive()
}

/// Prints `violations` of `file` (as JSON, or one per line with code, path, message and source);
/// the exit code: 0 without violations, else 1.
#[allow(clippy::print_stdout)]
fn print_violations(file: &Path, as_of: NaiveDate, violations: &[Violation], as_json: bool) -> Result<ExitCode, CliError> {
    if as_json {
        println!("{}", facturier_core::json::to_string_pretty(&violations)?);
    } else if violations.is_empty() {
        println!("{}: no violation as of {as_of}", file.display());
    } else {
        println!("{}: {} violation(s) as of {as_of}", file.display(), violations.len());
        for v in violations {
            println!("  {:<32} {:<28} {}\n  {:<32} {:<28} source: {}", v.code, v.path, v.message, "", "", v.source);
        }
    }
    Ok(if violations.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn run_check(file: &PathBuf, as_of: Option<NaiveDate>, as_json: bool) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let doc = check::parse(&text)?;
    let as_of = as_of.unwrap_or_else(today);
    let violations = check::violations(&doc, as_of)?;
    print_violations(file, as_of, &violations, as_json)
}

#[allow(clippy::print_stdout)]
fn run_verify(file: &PathBuf, as_json: bool) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let invoice: facturier_core::IssuedInvoice = facturier_core::json::from_str(&text)?;
    let differences = invoice.verify();
    if as_json {
        println!("{}", facturier_core::json::to_string_pretty(&differences)?);
    } else if differences.is_empty() {
        println!("{}: {} is as it was issued (rules v{})", file.display(), invoice.number(), invoice.rules_version());
    } else {
        println!("{}: {} differs from what was issued (rules v{}):", file.display(), invoice.number(), invoice.rules_version());
        for v in &differences {
            println!(
                "  {:<32} {:<28} {}
  {:<32} {:<28} source: {}",
                v.code, v.path, v.message, "", "", v.source
            );
        }
    }
    Ok(if differences.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[allow(clippy::print_stdout)]
fn run_receivables(file: &PathBuf, as_of: Option<NaiveDate>, as_json: bool) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let input = receivables::parse(&text)?;
    let as_of = as_of.unwrap_or_else(today);
    let report = match receivables::report(&input, as_of) {
        Ok(r) => r,
        Err(CliError::Core(CoreError::Invalid(violations))) => return print_violations(file, as_of, &violations, as_json),
        Err(e) => return Err(e),
    };
    if as_json {
        print!("{}", receivables::to_json(&report)?);
    } else {
        print!("{}", receivables::text(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_facturx(file: &Path, out: &Path, profile: Option<&str>, xml_only: bool) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let bytes = facturx::facturx(&text, facturx::profile(profile)?, xml_only, &facturier_pdf::RenderOptions::default())?;
    std::fs::write(out, bytes).map_err(CliError::io(out))?;
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stdout)]
fn run_read(file: &Path, as_json: bool) -> Result<ExitCode, CliError> {
    let bytes = std::fs::read(file).map_err(CliError::io(file))?;
    let out = read::read(&bytes)?;
    if as_json {
        println!("{}", facturier_core::json::to_string_pretty(&out)?);
    } else {
        print!("{}: {}", file.display(), read::text(&out));
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stdout)]
fn run_validate(file: &Path, as_json: bool) -> Result<ExitCode, CliError> {
    let bytes = std::fs::read(file).map_err(CliError::io(file))?;
    let findings = validate::findings(&bytes)?;
    if as_json {
        println!("{}", facturier_core::json::to_string_pretty(&findings)?);
    } else {
        print!("{}:\n{}", file.display(), read::findings_text(&findings));
    }
    Ok(validate::exit_code(&findings))
}

fn run_render(file: &PathBuf, out: &PathBuf, options: Result<facturier_pdf::RenderOptions, CliError>) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let renderer = facturier_pdf::Renderer::new()?;
    let pdf = render::render(&renderer, &text, &options?)?;
    std::fs::write(out, pdf).map_err(CliError::io(out))?;
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stdout)]
fn run_rules(as_json: bool) -> Result<ExitCode, CliError> {
    let entries = rules::list();
    if as_json {
        print!("{}", rules::to_json(&entries)?);
    } else {
        print!("{}", rules::text(&entries));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_schemas(out: &PathBuf) -> Result<(), CliError> {
    std::fs::create_dir_all(out).map_err(CliError::io(out))?;
    for (name, schema) in facturier_core::schema::all() {
        let path = out.join(format!("{name}.schema.json"));
        let text = facturier_core::json::to_string_pretty(&schema)? + "\n";
        std::fs::write(&path, text).map_err(CliError::io(&path))?;
    }
    Ok(())
}
