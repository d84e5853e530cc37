//! What a text of a document may hold: printable characters, normalised to NFC.
//!
//! Texts flow into PDFs, e-invoices and the FEC, where a control character breaks the file
//! (FEC: tabulation and line ends are separators, A47 A-1) or hides content, and where a name
//! made only of invisible characters is no name. The rules, applied once at the JSON edge
//! ([`crate::json`]) for every surface:
//!
//! - **Control characters** (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) are refused,
//!   except a line feed (`\n`) in the fields that hold free text over several lines
//!   ([`MULTILINE_FIELDS`]: descriptions, notes, reasons, escompte conditions).
//! - **Bidirectional embedding, override and isolate controls** (U+202A–U+202E,
//!   U+2066–U+2069) are refused everywhere: they reorder what a reader sees (the "Trojan
//!   Source" attack), and nothing on an invoice needs them; the left-to-right and
//!   right-to-left marks (U+200E, U+200F) stay allowed.
//! - **Every text is normalised to NFC**, so that `é` is one character whatever the host sent
//!   (Unicode Standard Annex #15).
//! - **A required text has visible content** ([`is_blank`]): whitespace and invisible format
//!   characters (zero-width space, joiners, word joiner, byte-order mark, soft hyphen,
//!   direction marks) alone are no name, no description, no address.

/// Fields whose text may run over several lines (a line feed is allowed there).
pub const MULTILINE_FIELDS: &[&str] = &["description", "notes", "reason", "early_payment_discount", "message", "line2"];

/// True for a bidirectional embedding, override or isolate control (U+202A–U+202E,
/// U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True for a character that prints nothing: whitespace, and the invisible format characters
/// a text may carry (zero-width space and joiners, word joiner, byte-order mark, soft hyphen,
/// direction marks, invisible operators, bidi controls).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// True when `text` has no visible character: the test of every required name, description or
/// address line (a text of zero-width spaces is blank).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// What is wrong with one character of a text, if anything: a control character (a line feed
/// is allowed when `multiline`), or a bidirectional control.
pub fn refused_char(c: char, multiline: bool) -> Option<&'static str> {
    if c == '\n' && multiline {
        None
    } else if c.is_control() {
        Some("a control character")
    } else if is_bidi_control(c) {
        Some("a bidirectional control character")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_texts_are_the_invisible_ones() {
        for blank in ["", "  ", "\u{200B}", "\u{200B}\u{200D} \u{FEFF}", "\u{202E}\u{2066}", "\u{00AD}\u{2060}"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for visible in ["A", " é ", "\u{200B}x", "٣", "👍"] {
            assert!(!is_blank(visible), "{visible:?}");
        }
    }

    #[test]
    fn control_and_bidi_characters_are_refused_a_line_feed_only_where_text_runs_over_lines() {
        assert_eq!(refused_char('\0', true), Some("a control character"));
        assert_eq!(refused_char('\t', true), Some("a control character"));
        assert_eq!(refused_char('\u{85}', false), Some("a control character"));
        assert_eq!(refused_char('\n', false), Some("a control character"));
        assert_eq!(refused_char('\n', true), None);
        assert_eq!(refused_char('\u{202E}', true), Some("a bidirectional control character"));
        assert_eq!(refused_char('\u{200F}', false), None, "a direction mark is allowed");
        assert_eq!(refused_char('é', false), None);
    }
}
