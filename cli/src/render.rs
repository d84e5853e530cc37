//! `facturier render`: an issued invoice or a quote, as JSON, to PDF.

use std::path::Path;

use facturier_core::Document;
use facturier_pdf::{Branding, Logo, LogoFormat, RenderLimits, RenderOptions, Renderer};

use crate::CliError;

/// Renders the JSON document `text`, an issued invoice or a quote: the core tells them apart
/// ([`Document::from_json`]).
pub fn render(renderer: &Renderer, text: &str, options: &RenderOptions) -> Result<Vec<u8>, CliError> {
    let document = Document::from_json_str(text)?;
    Ok(renderer.render(&document, options)?)
}

/// Builds render options from the command line's values, reading the logo and template files.
pub fn options(
    logo: Option<&Path>,
    logo_alt: Option<String>,
    primary_color: Option<String>,
    footer: Option<String>,
    pdf_a: bool,
    template: Option<&Path>,
    limits: RenderLimits,
) -> Result<RenderOptions, CliError> {
    let logo = match logo {
        None => None,
        Some(path) => {
            let format = match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
                Some("svg") => LogoFormat::Svg,
                Some("png") => LogoFormat::Png,
                _ => return Err(CliError::Usage(format!("{}: a logo is an .svg or .png file", path.display()))),
            };
            let bytes = std::fs::read(path).map_err(CliError::io(path))?;
            Some(Logo { bytes, format, alt: logo_alt.unwrap_or_else(|| "Logo".to_owned()) })
        }
    };
    let custom_template = template.map(|p| std::fs::read_to_string(p).map_err(CliError::io(p))).transpose()?;
    Ok(RenderOptions { branding: Branding { logo, primary_color, footer }, pdf_a, custom_template, limits })
}

/// The render limits of the command line: the defaults ([`RenderLimits::DEFAULT`]) but for the
/// values given.
pub fn limits(
    template_time_ms: Option<u64>,
    render_time_ms: Option<u64>,
    max_pages: Option<usize>,
    max_output_bytes: Option<usize>,
) -> RenderLimits {
    RenderLimits::with_overrides(template_time_ms, render_time_ms, max_pages, max_output_bytes)
}
