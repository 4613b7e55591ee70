//! File names for archived PDFs that are safe on every operating system.
//!
//! A name is built from the organization and the invoice number (or ID) as
//! `<org>_<number>.pdf`. Both come from outside (the user and the API), so they may hold path
//! separators, characters Windows refuses, names Windows reserves for devices, invisible or
//! direction-changing characters, or be absurdly long. [`pdf_file_name`] turns any such text
//! into a plain file name that:
//!
//! - contains no `/`, `\`, `:`, `*`, `?`, `"`, `<`, `>`, `|`, control character, or invisible
//!   format character (zero-width space, right-to-left override and the like: `\u{202e}fdp.exe`
//!   must not display as `exe.pdf`);
//! - does not start with a dot or a space (no hidden files, no `..`) and does not end with one
//!   (Windows drops trailing dots and spaces, which would merge names);
//! - is not a Windows device name (`CON`, `PRN`, `AUX`, `NUL`, `COM0`-`COM9`, `LPT0`-`LPT9`,
//!   also with an extension: `nul.x_1.pdf` opens the device on Windows);
//! - is at most [`MAX_FILE_NAME_BYTES`] bytes of UTF-8, cut on a character boundary, with room
//!   left for the collision suffix `_2`, `_3`, … ([`with_suffix`]).
//!
//! Collisions are compared case-insensitively ([`collision_key`]), because the default file
//! systems of Windows and macOS are.

/// The longest file name produced, in bytes, collision suffix and `.pdf` included. Well under
/// the 255-byte limit of common file systems, and short enough for Windows paths.
pub const MAX_FILE_NAME_BYTES: usize = 150;

/// Extension of every archived file.
pub const PDF_EXTENSION: &str = ".pdf";

/// Room kept for a collision suffix (`_` and up to five digits).
const SUFFIX_ROOM: usize = 6;

/// The stem used when nothing usable is left of the input.
const FALLBACK_STEM: &str = "invoice";

/// The file name for an invoice's PDF: `<org>_<label>.pdf`, made safe (see the module docs).
/// `label` is the invoice number, or its ID when it has no number.
pub fn pdf_file_name(org: &str, label: &str) -> String {
    with_suffix(&pdf_file_stem(org, label), 1)
}

/// The safe stem (name without `.pdf`) for `<org>_<label>`.
pub fn pdf_file_stem(org: &str, label: &str) -> String {
    let joined = format!("{org}_{label}");
    let mut stem = clean(&joined);
    // One byte more is kept free for the `_` that defuses a Windows device name.
    let limit = MAX_FILE_NAME_BYTES - PDF_EXTENSION.len() - SUFFIX_ROOM - 1;
    truncate_on_char_boundary(&mut stem, limit);
    let trimmed = trim_edges(&stem);
    let mut stem = if trimmed.is_empty() {
        FALLBACK_STEM.to_owned()
    } else {
        trimmed.to_owned()
    };
    if is_windows_reserved(&stem) {
        stem.insert(0, '_');
    }
    stem
}

/// A folder name for `name` (a connection's), safe on every OS by the rules above. When the
/// name had to change, a short hash of the exact name follows, so two names that clean to
/// the same text (`a/b`, `a:b`) still get folders of their own.
pub fn folder_name(name: &str) -> String {
    let mut stem = clean(name);
    truncate_on_char_boundary(&mut stem, MAX_FILE_NAME_BYTES - 10);
    let mut folder = trim_edges(&stem).to_owned();
    if folder.is_empty() {
        folder = "connection".to_owned();
    }
    if is_windows_reserved(&folder) {
        folder.insert(0, '_');
    }
    if folder != name {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(name.as_bytes());
        folder = format!("{folder}-{}", hex::encode(&digest[..4]));
    }
    folder
}

/// The file name for the `n`-th holder of `stem`: `stem.pdf` for 1, `stem_2.pdf` for 2, …
pub fn with_suffix(stem: &str, n: u32) -> String {
    if n <= 1 {
        format!("{stem}{PDF_EXTENSION}")
    } else {
        format!("{stem}_{n}{PDF_EXTENSION}")
    }
}

/// The key two names collide on: lowercase, as case-insensitive file systems compare them.
pub fn collision_key(name: &str) -> String {
    name.to_lowercase()
}

/// Whether `name` is a single plain file name this module could have produced: not empty, no
/// separator or forbidden character, not `.`/`..`. Used on names read back from the index,
/// which could have been edited by hand, so a local path never leaves the archive folder.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name.len() <= 255
        && !name.chars().any(is_forbidden)
}

fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_was_replacement = false;
    for ch in text.chars() {
        let replacement = is_forbidden(ch);
        if replacement {
            // One `_` for a run of unusable characters keeps names readable.
            if !last_was_replacement {
                out.push('_');
            }
        } else if ch.is_whitespace() {
            // Tabs, non-breaking and other odd spaces become a plain space.
            out.push(' ');
        } else {
            out.push(ch);
        }
        last_was_replacement = replacement;
    }
    out
}

/// Characters that never appear in a produced name.
fn is_forbidden(ch: char) -> bool {
    matches!(ch, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        || ch.is_control()
        || is_invisible_format(ch)
}

/// Zero-width and direction-changing characters (Unicode "format" characters a file manager
/// would not show, or would use to reorder the name on screen).
fn is_invisible_format(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'                  // soft hyphen
            | '\u{061C}'            // Arabic letter mark
            | '\u{180E}'            // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{FEFF}'            // byte order mark
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
    )
}

fn trim_edges(text: &str) -> &str {
    text.trim_matches(|c: char| c == '.' || c == ' ')
}

fn truncate_on_char_boundary(text: &mut String, max_bytes: usize) {
    if text.len() <= max_bytes {
        return;
    }
    let mut cut = max_bytes;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
}

/// Windows device names, matched on the part before the first dot, ignoring case and trailing
/// spaces. The superscript digits count too (`COM¹`), as Windows treats them so.
fn is_windows_reserved(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).trim_end();
    let upper = base.to_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && rest.len() == 1
        && (rest[0].is_ascii_digit() || matches!(rest[0], '¹' | '²' | '³'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_keep_plain_names_and_tell_cleaned_ones_apart() {
        assert_eq!(folder_name("Production"), "Production");
        assert_eq!(folder_name("Local stub"), "Local stub");
        let (slash, colon) = (folder_name("a/b"), folder_name("a:b"));
        assert_ne!(
            slash, colon,
            "two names that clean alike keep their own folders"
        );
        for folder in [
            &slash,
            &colon,
            &folder_name(".."),
            &folder_name("CON"),
            &folder_name("x\u{202e}y"),
        ] {
            assert!(is_plain_file_name(folder), "{folder:?}");
            assert!(!folder.starts_with('.'), "{folder:?}");
        }
        assert!(
            folder_name("CON").starts_with("_CON"),
            "a device name is defused"
        );
    }

    fn assert_safe(name: &str) {
        assert!(
            name.len() <= MAX_FILE_NAME_BYTES,
            "{name:?} is {} bytes, over the cap",
            name.len()
        );
        assert!(
            is_plain_file_name(name),
            "{name:?} must be one plain file name"
        );
        assert!(name.ends_with(".pdf"), "{name:?} keeps the extension");
        let stem = name.trim_end_matches(".pdf");
        assert!(
            !stem.starts_with('.') && !stem.starts_with(' '),
            "{name:?} must not be hidden or start with a space"
        );
        assert!(
            !stem.ends_with('.') && !stem.ends_with(' '),
            "{name:?} must not end its stem with a dot or space (Windows drops them)"
        );
        assert!(
            !is_windows_reserved(stem),
            "{name:?} must not be a Windows device name"
        );
    }

    #[test]
    fn ordinary_names_are_kept_readable() {
        assert_eq!(pdf_file_name("acme", "INV-0001"), "acme_INV-0001.pdf");
        assert_eq!(
            pdf_file_name("acme corp", "Rechnung Nr. 7"),
            "acme corp_Rechnung Nr. 7.pdf"
        );
        assert_eq!(pdf_file_name("org", "in_123"), "org_in_123.pdf");
        assert_eq!(
            pdf_file_name("société", "Facture-É1"),
            "société_Facture-É1.pdf",
            "non-ASCII letters are fine on every OS"
        );
    }

    #[test]
    fn separators_and_reserved_characters_are_replaced() {
        assert_eq!(
            pdf_file_name("acme", "a/b\\c:d*e?f\"g<h>i|j"),
            "acme_a_b_c_d_e_f_g_h_i_j.pdf"
        );
        assert_eq!(
            pdf_file_name("acme", "../../../etc/passwd"),
            "acme_.._.._.._etc_passwd.pdf",
            "dots stay but can no longer climb: there is no separator left"
        );
        assert_eq!(
            pdf_file_name("..", "..\\..\\windows\\system32"),
            "_.._.._windows_system32.pdf",
            "a leading dot would hide the file"
        );
        assert_eq!(
            pdf_file_name("acme", "line\nbreak\ttab\u{0}nul"),
            "acme_line_break_tab_nul.pdf"
        );
    }

    #[test]
    fn invisible_and_direction_characters_are_removed() {
        let name = pdf_file_name("acme", "\u{202e}fdp.exe");
        assert_eq!(name, "acme__fdp.exe.pdf");
        assert!(!name.contains('\u{202e}'), "no right-to-left override");
        assert_eq!(
            pdf_file_name("ac\u{200b}me", "1\u{feff}"),
            "ac_me_1_.pdf",
            "zero-width space and BOM replaced"
        );
    }

    #[test]
    fn windows_device_names_are_defused() {
        for device in ["CON", "con", "Nul", "AUX", "PRN", "COM1", "lpt9", "COM¹"] {
            let stem = pdf_file_stem(device, "x");
            // `CON_x` is not itself reserved; only an exact device base name is.
            assert!(!is_windows_reserved(&stem), "{stem}");
        }
        assert!(is_windows_reserved("CON"));
        assert!(is_windows_reserved("nul.x_1"), "an extension does not help");
        assert!(is_windows_reserved("com7 "), "trailing spaces are ignored");
        assert!(!is_windows_reserved("COM10"), "only one digit is reserved");
        assert!(!is_windows_reserved("CONSOLE"));
        assert_eq!(
            pdf_file_name("nul.x", "1"),
            "_nul.x_1.pdf",
            "prefixed so Windows does not open the NUL device"
        );
        assert_eq!(
            pdf_file_name("CON", ""),
            "CON_.pdf",
            "the joining underscore already makes it a different name"
        );
    }

    #[test]
    fn edges_are_trimmed_and_empty_falls_back() {
        assert_eq!(pdf_file_name(" .acme", "7. "), "acme_7.pdf");
        assert_eq!(
            pdf_file_name("...", "..."),
            "_.pdf",
            "dots on both edges go"
        );
        assert_eq!(pdf_file_name("", ""), "_.pdf");
        assert_eq!(
            pdf_file_stem(". ", " ."),
            "_",
            "only the joining underscore is left"
        );
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let long = "é".repeat(300);
        let name = pdf_file_name("org", &long);
        assert_safe(&name);
        assert!(
            name.len() <= MAX_FILE_NAME_BYTES - SUFFIX_ROOM,
            "room is left for a suffix"
        );
        let suffixed = with_suffix(&pdf_file_stem("org", &long), 99_999);
        assert!(
            suffixed.len() <= MAX_FILE_NAME_BYTES,
            "even with the largest suffix: {} bytes",
            suffixed.len()
        );
        let emoji = "🧾".repeat(100);
        assert_safe(&pdf_file_name("org", &emoji));
        let dotted = format!("{}.", "a".repeat(200));
        assert_safe(&pdf_file_name("org", &dotted));
    }

    #[test]
    fn nasty_inputs_always_give_safe_names() {
        let nasty = [
            "<script>alert('number')</script>",
            "<img src=x onerror=alert(1)>",
            "../../../etc/passwd",
            "..\\..\\windows\\system32",
            "CON",
            "a/b\\c:d*e?f\"g<h>i|j",
            "\u{202e}fdp.exe",
            "",
            " ",
            ".",
            "..",
            "\u{0}",
            "NUL.",
            "   trailing   ",
            "COM1",
        ];
        for org in ["acme", "", "..", "CON", "a/b", "nul"] {
            for label in nasty {
                assert_safe(&pdf_file_name(org, label));
            }
        }
    }

    #[test]
    fn suffixes_and_collision_keys() {
        assert_eq!(with_suffix("acme_1", 1), "acme_1.pdf");
        assert_eq!(with_suffix("acme_1", 2), "acme_1_2.pdf");
        assert_eq!(
            collision_key("ACME_1.pdf"),
            collision_key("acme_1.PDF"),
            "names differing only in case collide on Windows and macOS"
        );
    }

    #[test]
    fn plain_names_from_the_index_are_checked() {
        assert!(is_plain_file_name("acme_1.pdf"));
        for bad in ["", ".", "..", "a/b.pdf", "..\\x.pdf", "c:x.pdf", "a\nb.pdf"] {
            assert!(!is_plain_file_name(bad), "{bad:?} could leave the folder");
        }
    }
}
