//! Rendering, shared: one process-wide [`Renderer`] and the rendering options of every render
//! operation.

use std::sync::OnceLock;

use facturier_pdf::{Branding, Logo, PdfError, RenderLimits, RenderOptions, Renderer};

use crate::error::Error;
use crate::table::Args;

/// The process-wide renderer: fonts parsed and templates embedded once, shared by every thread.
static RENDERER: OnceLock<Renderer> = OnceLock::new();

/// The shared [`Renderer`], built on first use.
///
/// Should building fail, the error is returned and the next call tries again (nothing failed is
/// cached); two threads racing on the first call may both build one: the first stored wins.
pub fn renderer() -> Result<&'static Renderer, PdfError> {
    if let Some(r) = RENDERER.get() {
        return Ok(r);
    }
    let built = Renderer::new()?;
    Ok(RENDERER.get_or_init(|| built))
}

/// The rendering options of a render operation's arguments (`logo`, `logo_format`, `logo_alt`,
/// `primary_color`, `footer`, `pdf_a`, `template`, and the limits `template_time_ms`,
/// `render_time_ms`, `max_pages`, `max_output_bytes`, each [`RenderLimits::DEFAULT`]'s when
/// absent); the logo is checked by [`Logo::from_parts`] (`pdf.branding`).
pub fn options(a: &mut Args) -> Result<RenderOptions, Error> {
    let bytes = a.bytes("logo")?;
    let format: Option<String> = a.get("logo_format")?;
    let alt: Option<String> = a.get("logo_alt")?;
    let logo = Logo::from_parts(bytes, format.as_deref(), alt)?;
    let branding = Branding { logo, primary_color: a.get("primary_color")?, footer: a.get("footer")? };
    let limits =
        RenderLimits::with_overrides(a.get("template_time_ms")?, a.get("render_time_ms")?, a.get("max_pages")?, a.get("max_output_bytes")?);
    Ok(RenderOptions { branding, pdf_a: a.get("pdf_a")?, custom_template: a.get("template")?, limits })
}
