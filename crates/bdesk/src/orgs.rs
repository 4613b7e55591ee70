//! Which organizations a command covers: `--org` (repeatable) and `--orgs-file`.

use std::collections::HashSet;
use std::path::Path;

use billing_core::ids::OrgId;

use crate::cli::BatchArgs;
use crate::exit::CliError;

/// The organizations of `args`: every `--org` in order, then the file's, each once.
///
/// # Errors
/// A usage error when none is given, an ID is invalid (naming the file and line), or the file
/// cannot be read.
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
    if orgs.is_empty() {
        return Err(CliError::usage(
            "No organization given. Name one with --org ID (repeatable) or list them in \
             --orgs-file FILE.",
        ));
    }
    Ok(orgs)
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
    fn no_organization_is_a_usage_error() {
        let error = collect(&batch(&[])).unwrap_err();
        assert_eq!(error.exit.code(), 2);
        assert!(error.message.contains("--org"), "{error}");
    }
}
