//! Whether a text is printed literally in a PDF, as `pdftotext` extracts it: the comparison
//! ignores whitespace (lines wrap), control and format characters (invisible, not drawn) and
//! the characters the embedded fonts lack; everything else must appear, in order, as given
//! (in Unicode normalisation form C, as the renderer prints it).

use unicode_normalization::UnicodeNormalization;

/// True for a character the comparison keeps: drawn by the embedded Inter fonts (Latin,
/// Latin-1, Latin Extended-A, the usual typography) and not a space.
fn kept(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && matches!(c, '\u{21}'..='\u{7e}' | '\u{a1}'..='\u{17f}' | '€' | '’' | '‘' | '“' | '”' | '–' | '—' | '…')
        && c != '\u{ad}'
}

/// True for a text the comparison can judge: after NFC, only characters the fonts draw, spaces
/// and line breaks, and the invisible format characters Typst drops. Bidi controls,
/// right-to-left letters, other controls and characters the fonts lack do not print as given
/// (`fuzz/regressions/open/README.md`, findings 1 and 2): such texts are rendered, not compared.
pub fn comparable(s: &str) -> bool {
    s.nfc().all(|c| {
        kept(c) || matches!(c, ' ' | '\n' | '\t' | '\u{a0}' | '\u{202f}' | '\u{200b}' | '\u{200d}' | '\u{feff}' | '\u{2060}' | '\u{ad}')
    })
}

/// The characters of `s` the comparison keeps, in order, after NFC.
pub fn visible(s: &str) -> String {
    s.nfc().filter(|c| kept(*c)).collect()
}

/// True when `text` (a PDF's text) holds `s` literally.
pub fn printed(text: &str, s: &str) -> bool {
    visible(text).contains(&visible(s))
}

/// The text of a PDF by `pdftotext` (poppler-utils), `None` when it is not installed.
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child =
        Command::new("pdftotext").args(["-enc", "UTF-8", "-", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    child.stdin.take()?.write_all(pdf).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
