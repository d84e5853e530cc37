//! `facturier`: French billing paperwork from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use facturier_cli::{CliError, check, demo, render};
use facturier_core::NaiveDate;

/// French-compliant quotes, invoices and credit notes.
#[derive(Parser)]
#[command(name = "facturier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole story on embedded sample data: quote v1 → v2 → accepted → 30 % deposit →
    /// final invoice → partial credit note; print a summary and write each document as JSON and PDF.
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
        Command::Render { file, out, logo, logo_alt, color, footer, pdf_a, template } => {
            run_render(&file, &out, render::options(logo.as_deref(), logo_alt, color, footer, pdf_a, template.as_deref()))
        }
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

#[allow(clippy::print_stdout)]
fn run_check(file: &PathBuf, as_of: Option<NaiveDate>, as_json: bool) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let doc = check::parse(&text)?;
    // The CLI is the host, not the core: it may read the clock for the default date (UTC).
    // chrono's `clock` feature stays off so that every build of the workspace shares one
    // feature set (and Typst is compiled once).
    #[allow(clippy::disallowed_methods)]
    let as_of = as_of.unwrap_or_else(|| chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).date_naive());
    let violations = check::violations(&doc, as_of)?;
    if as_json {
        println!("{}", facturier_core::json::to_string_pretty(&violations)?);
    } else if violations.is_empty() {
        println!("{}: no violation as of {as_of}", file.display());
    } else {
        println!("{}: {} violation(s) as of {as_of}", file.display(), violations.len());
        for v in &violations {
            println!("  {:<32} {:<28} {}\n  {:<32} {:<28} source: {}", v.code, v.path, v.message, "", "", v.source);
        }
    }
    Ok(if violations.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn run_render(file: &PathBuf, out: &PathBuf, options: Result<facturier_pdf::RenderOptions, CliError>) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(file).map_err(CliError::io(file))?;
    let renderer = facturier_pdf::Renderer::new()?;
    let pdf = render::render(&renderer, &text, &options?)?;
    std::fs::write(out, pdf).map_err(CliError::io(out))?;
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
