//! Which organizations a command covers: `--org` (repeatable) and `--orgs-file`, else the
//! saved organizations of the run's connection.

use std::collections::HashSet;
use std::path::Path;

use billing_core::ids::OrgId;

use crate::cli::BatchArgs;
use crate::exit::CliError;
use crate::source::Source;

/// Saved organizations named one by one on standard error; more are counted.
const NAMED: usize = 10;

/// The organizations of `args`: every `--org` in order, then the file's, each once; none
/// when neither is given (then [`or_saved`] decides, once the connection is known).
///
/// # Errors
/// A usage error when an ID is invalid (naming the file and line), or the file cannot be
/// read.
pub fn collect(args: &BatchArgs) -> Result<Vec<OrgId>, CliError> {
    let mut orgs = Vec::new();
    for text in &args.orgs {
        let org = OrgId::parse(text)
            .map_err(|e| CliError::usage(format!("--org \"{}\": {e}", shorten(text))))?;
        orgs.push(org);
    }
    if let Some(path) = &args.orgs_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!(
                "Cannot read the organizations file {}: {e}. Check the path.",
                path.display()
            ))
        })?;
        orgs.extend(parse_orgs_file(&text, path)?);
    }
    let mut seen = HashSet::new();
    orgs.retain(|org| seen.insert(org.clone()));
    Ok(orgs)
}

/// `orgs` when some were given; otherwise the saved organizations of `source` (its
/// connection's, or the demo's), which a line on standard error names, so a scheduled job's
/// log says what it covered.
///
/// # Errors
/// A usage error when none was given and the source has none saved.
pub fn or_saved(orgs: Vec<OrgId>, source: &Source) -> Result<Vec<OrgId>, CliError> {
    if !orgs.is_empty() {
        return Ok(orgs);
    }
    let Some(saved) = source.saved_orgs.as_deref() else {
        return Err(CliError::usage(
            "No organization given. Name one with --org ID (repeatable) or list them in \
             --orgs-file FILE.",
        ));
    };
    let owner = if source.is_demo() {
        "the demo"
    } else {
        source.label.as_str()
    };
    if saved.is_empty() {
        return Err(CliError::usage(format!(
            "No organization given, and {owner} has no saved organizations. Name one with \
             --org ID (repeatable), list them in --orgs-file FILE, or save some in the app."
        )));
    }
    eprintln!("bdesk: {}", saved_note(saved, owner));
    Ok(saved.to_vec())
}

/// "no --org or --orgs-file: using the 2 saved organizations of connection "prod": a, b".
fn saved_note(saved: &[OrgId], owner: &str) -> String {
    let mut names: Vec<String> = saved
        .iter()
        .take(NAMED)
        .map(|org| shorten(org.as_str()))
        .collect();
    if saved.len() > NAMED {
        names.push(format!("and {} more", saved.len() - NAMED));
    }
    let count = match saved.len() {
        1 => "the saved organization".to_owned(),
        n => format!("the {n} saved organizations"),
    };
    format!(
        "no --org or --orgs-file: using {count} of {owner}: {}",
        names.join(", ")
    )
}

/// One ID per line; surrounding whitespace (and a Windows line end) is ignored, as are blank
/// lines and lines starting with `#`.
pub fn parse_orgs_file(text: &str, path: &Path) -> Result<Vec<OrgId>, CliError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut orgs = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let org = OrgId::parse(line)
            .map_err(|e| CliError::usage(format!("{} line {}: {e}", path.display(), number + 1)))?;
        orgs.push(org);
    }
    Ok(orgs)
}

fn shorten(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(orgs: &[&str]) -> BatchArgs {
        BatchArgs {
            orgs: orgs.iter().map(|s| (*s).to_owned()).collect(),
            orgs_file: None,
            concurrency: None,
            keep_going: false,
        }
    }

    #[test]
    fn files_skip_comments_blank_lines_and_line_ends() {
        let text =
            "\u{feff}# customers\nacme\r\n\n  globex  \n#initech\numbrella # not a comment\n";
        let orgs = parse_orgs_file(text, Path::new("orgs.txt")).unwrap();
        let ids: Vec<&str> = orgs.iter().map(OrgId::as_str).collect();
        assert_eq!(ids, ["acme", "globex", "umbrella # not a comment"]);
    }

    #[test]
    fn bad_lines_are_named() {
        let error = parse_orgs_file("acme\n..\n", Path::new("orgs.txt")).unwrap_err();
        assert!(error.message.contains("orgs.txt line 2"), "{error}");
        assert_eq!(error.exit.code(), 2);
    }

    #[test]
    fn duplicates_are_fetched_once_in_first_order() {
        let orgs = collect(&batch(&["b", "a", "b"])).unwrap();
        let ids: Vec<&str> = orgs.iter().map(OrgId::as_str).collect();
        assert_eq!(ids, ["b", "a"]);
    }

    #[test]
    fn no_organization_is_left_to_the_saved_ones() {
        assert!(collect(&batch(&[])).unwrap().is_empty());
    }

    #[test]
    fn the_saved_organizations_are_named_up_to_ten() {
        let few: Vec<OrgId> = ["acme", "globex"]
            .into_iter()
            .map(|id| OrgId::parse(id).unwrap())
            .collect();
        assert_eq!(
            saved_note(&few, "connection \"prod\""),
            "no --org or --orgs-file: using the 2 saved organizations of connection \"prod\": \
             acme, globex"
        );
        let many: Vec<OrgId> = (0..25)
            .map(|i| OrgId::parse(&format!("org_{i}")).unwrap())
            .collect();
        let note = saved_note(&many, "the demo");
        assert!(note.contains("org_9, and 15 more"), "{note}");
        assert!(!note.contains("org_10"), "{note}");
    }
}
