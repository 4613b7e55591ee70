//! The one text an XLSX cell cannot hold exactly, and what is written instead.
//!
//! OOXML stores characters XML cannot carry (most C0 controls, U+FFFE, U+FFFF) as `_xHHHH_`,
//! and a reader decodes every `_xHHHH_` it meets. rust_xlsxwriter escapes a literal
//! `_xHHHH_` in the text (as `_x005F_xHHHH_`), but it checks the text *before* it writes the
//! control characters' escapes. So `_x0041` followed by a NUL is written `_x0041_x0000_`,
//! and Excel, LibreOffice and calamine all read `A` plus the rest: visible text changed
//! (found by the `xlsx_export` fuzz target). The writer's API offers no way to write that
//! sequence exactly, so the control character after such a `_xHHHH` becomes U+FFFD, the
//! replacement character: the visible text stays the API's, and the unprintable character
//! is marked rather than silently eating the text before it. Every other control character
//! round-trips through the writer's escapes unchanged. CSV and JSON exports keep the text
//! exactly.

use std::borrow::Cow;

/// Whether rust_xlsxwriter writes `ch` as an `_xHHHH_` escape.
fn escaped_by_writer(ch: char) -> bool {
    (ch < '\u{20}' && ch != '\t' && ch != '\n') || ch == '\u{FFFE}' || ch == '\u{FFFF}'
}

/// Whether `text` ends in `_x` and four hex digits.
fn ends_in_escape_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 6
        && bytes[bytes.len() - 6..bytes.len() - 4] == *b"_x"
        && bytes[bytes.len() - 4..].iter().all(u8::is_ascii_hexdigit)
}

/// `text` as an XLSX text cell must be given to the writer so that a reader shows it
/// unchanged (see the module docs): the same text, except that a character the writer
/// escapes right after `_xHHHH` becomes U+FFFD.
pub fn xlsx_cell_text(text: &str) -> Cow<'_, str> {
    // The common case, checked without allocating: no `_x` at all.
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    for (index, ch) in text.char_indices() {
        let before = &text[..index];
        let clash = escaped_by_writer(ch) && ends_in_escape_start(before);
        match (&mut out, clash) {
            (Some(out), true) => out.push('\u{FFFD}'),
            (Some(out), false) => out.push(ch),
            (None, true) => {
                let mut fresh = String::with_capacity(text.len() + 2);
                fresh.push_str(before);
                fresh.push('\u{FFFD}');
                out = Some(fresh);
            }
            (None, false) => {}
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_completing_a_false_escape_is_replaced() {
        assert_eq!(xlsx_cell_text("INV_x0041\u{0}"), "INV_x0041\u{FFFD}");
        assert_eq!(
            xlsx_cell_text("bbb_xbbbb\u{0}\u{0}"),
            "bbb_xbbbb\u{FFFD}\u{0}"
        );
        assert_eq!(xlsx_cell_text("_xABCD\r"), "_xABCD\u{FFFD}");
        assert_eq!(xlsx_cell_text("_xabcd\u{FFFF}"), "_xabcd\u{FFFD}");
    }

    #[test]
    fn everything_else_is_unchanged() {
        for text in [
            "",
            "INV-0001",
            "_x0041_",
            "_x0041 \u{0}",
            "_x004\u{0}",
            "_xZZZZ\u{0}",
            "_x0041\t",
            "_x0041\n",
            "\u{0}_x0041",
            "ü_x12é\u{1}",
        ] {
            assert_eq!(xlsx_cell_text(text), text, "{text:?}");
        }
    }
}
