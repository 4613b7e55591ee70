//! Text cells that a spreadsheet must never run: formula-injection neutralizing, and RFC 4180
//! field encoding for CSV.
//!
//! A CSV opened in Excel or LibreOffice turns a cell such as `=HYPERLINK(...)` or
//! `@SUM(...)` into a live formula. Invoice numbers, IDs, statuses, links and raw dates come
//! from API data, so any of them could carry one. Following OWASP's CSV injection advice, a
//! text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single
//! quote in front and is always written inside double quotes. Numbers (amounts, day counts)
//! are never text cells, so `-5.00` stays a negative number.
//!
//! XLSX needs none of this: text goes in as typed string cells, which no spreadsheet
//! evaluates.

/// The first characters that make a spreadsheet read a cell as a formula (OWASP list).
const FORMULA_TRIGGERS: [u8; 6] = [b'=', b'+', b'-', b'@', b'\t', b'\r'];

/// Full-width forms of `=`, `+`, `-` and `@`: Excel with an East Asian input locale converts
/// them to their ASCII forms when a cell is edited or typed, so they are triggers too.
const WIDE_FORMULA_TRIGGERS: [char; 4] = ['\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

/// Whether a text cell would be taken for a formula by a spreadsheet.
pub fn looks_like_formula(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(first) if FORMULA_TRIGGERS.contains(first) => true,
        // Every full-width trigger is encoded starting with 0xEF: a byte test keeps the hot
        // path of a large export free of char decoding.
        Some(0xEF) => text
            .chars()
            .next()
            .is_some_and(|c| WIDE_FORMULA_TRIGGERS.contains(&c)),
        _ => false,
    }
}

/// The text as it should appear in a spreadsheet cell: unchanged, or with a leading `'` when it
/// [`looks_like_formula`]. This is the cell's value; CSV quoting is applied on top of it.
pub fn neutralize(text: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(text) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Appends `text` to `out` as one CSV text field: neutralized, and quoted when it holds a
/// comma, the `separator`, a double quote, CR or LF, or was neutralized (RFC 4180, double
/// quotes doubled).
pub(crate) fn push_text_field(out: &mut Vec<u8>, text: &str, separator: u8) {
    let bytes = text.as_bytes();
    let formula = looks_like_formula(text);
    // Non-short-circuit form: the compiler turns this scan into SIMD compares, and it is the
    // hottest loop of a large export.
    let special = bytes.iter().fold(false, |found, &b| {
        found | (b == b',') | (b == separator) | (b == b'"') | (b == b'\r') | (b == b'\n')
    });
    let quote = formula || special;
    if !quote {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    if formula {
        out.push(b'\'');
    }
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        if byte == b'"' {
            // Write up to and including the quote, then the quote again.
            out.extend_from_slice(&bytes[start..=index]);
            out.push(b'"');
            start = index + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        let mut out = Vec::new();
        push_text_field(&mut out, text, b',');
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn every_owasp_trigger_is_neutralized_and_quoted() {
        for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(text), "{text:?} starts a formula");
            let written = field(text);
            assert!(
                written.starts_with("\"'"),
                "{text:?} must be quoted with a leading apostrophe, got {written:?}"
            );
            assert!(written.ends_with('"'), "{written:?} closes its quote");
        }
        assert_eq!(neutralize("=1+1"), "'=1+1");
        assert_eq!(neutralize("INV-1"), "INV-1", "a dash inside is harmless");
    }

    #[test]
    fn full_width_triggers_are_neutralized_too() {
        for text in ["\u{FF1D}1+1", "\u{FF0B}1", "\u{FF0D}1", "\u{FF20}SUM(A1)"] {
            assert!(
                looks_like_formula(text),
                "{text:?} becomes a formula in Excel (CJK IME)"
            );
            assert!(
                field(text).starts_with("\"'"),
                "{text:?} must get the apostrophe"
            );
        }
        assert!(
            !looks_like_formula("\u{FF21}BC"),
            "other full-width letters (0xEF lead byte too) are plain text"
        );
    }

    #[test]
    fn plain_text_is_unchanged_and_specials_are_quoted() {
        assert_eq!(field("INV-0001"), "INV-0001");
        assert_eq!(field("ünïcødé ✓"), "ünïcødé ✓", "UTF-8 passes through");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=\"x\""), "\"'=\"\"x\"\"\"", "both rules together");
        assert_eq!(field(""), "", "empty stays empty");
    }
}
