//! The IT switch for update checks: a system-wide policy file or an environment variable
//! turns them off. Anything unclear (an unreadable file, a misspelt key, an unknown value)
//! turns them off too, with the reason: IT asked for something, and a check they did not want
//! is worse than one they have to fix a typo to get.

use std::path::Path;

use serde::Deserialize;

/// The system-wide policy file an administrator writes, e.g.
/// ```toml
/// [updates]
/// check = false
/// ```
pub const POLICY_FILE: &str = "/etc/billing-desk/policy.toml";

/// `BDESK_UPDATES=off` turns update checks off for one user or one launch.
pub const UPDATES_ENV: &str = "BDESK_UPDATES";

/// Whether this installation may ask the update server for a new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdatePolicy {
    /// Nothing forbids checking.
    Allowed,
    /// Checks are off; no request is made. The sentence says who turned them off and where.
    Off {
        /// Why, for the About dialog.
        reason: String,
    },
}

/// The policy file's shape. Keys outside `[updates]` are left to other settings of later
/// versions; inside it, an unknown key is a mistake to report.
#[derive(Debug, Deserialize)]
struct PolicyFile {
    updates: Option<UpdatesSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdatesSection {
    check: bool,
}

impl UpdatePolicy {
    /// The policy from `file` (usually [`POLICY_FILE`]) and the value of [`UPDATES_ENV`]. The
    /// file wins: a user's `BDESK_UPDATES=on` does not undo IT's `check = false`.
    pub fn read(file: &Path, env: Option<&str>) -> UpdatePolicy {
        let from_file = match std::fs::read_to_string(file) {
            Ok(text) => Self::parse(file, &text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => UpdatePolicy::Allowed,
            Err(error) => UpdatePolicy::Off {
                reason: format!(
                    "the policy file {} cannot be read ({error}); update checks stay off until \
                     it can",
                    file.display()
                ),
            },
        };
        if from_file != UpdatePolicy::Allowed {
            return from_file;
        }
        match env.map(str::trim) {
            None | Some("") | Some("on") => UpdatePolicy::Allowed,
            Some("off") => UpdatePolicy::Off {
                reason: format!("turned off by {UPDATES_ENV}=off"),
            },
            Some(other) => UpdatePolicy::Off {
                reason: format!(
                    "{UPDATES_ENV} is \"{}\", which is neither on nor off; update checks stay \
                     off until it is one of them",
                    crate::text::clip(other, 40)
                ),
            },
        }
    }

    fn parse(file: &Path, text: &str) -> UpdatePolicy {
        match toml::from_str::<PolicyFile>(text) {
            Ok(PolicyFile {
                updates: Some(UpdatesSection { check: false }),
            }) => UpdatePolicy::Off {
                reason: format!("turned off by IT in {}", file.display()),
            },
            Ok(_) => UpdatePolicy::Allowed,
            Err(error) => UpdatePolicy::Off {
                reason: format!(
                    "the policy file {} is not valid ({}); update checks stay off until it is \
                     fixed",
                    file.display(),
                    error.message()
                ),
            },
        }
    }

    /// True when checks may run.
    pub fn allows_checks(&self) -> bool {
        matches!(self, UpdatePolicy::Allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_file(text: &str, env: Option<&str>) -> UpdatePolicy {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("policy.toml");
        std::fs::write(&file, text).unwrap();
        UpdatePolicy::read(&file, env)
    }

    fn reason(policy: UpdatePolicy) -> String {
        match policy {
            UpdatePolicy::Off { reason } => reason,
            UpdatePolicy::Allowed => panic!("expected checks to be off"),
        }
    }

    #[test]
    fn without_a_file_or_variable_checks_are_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("policy.toml");
        assert_eq!(UpdatePolicy::read(&missing, None), UpdatePolicy::Allowed);
        assert_eq!(
            UpdatePolicy::read(&missing, Some("on")),
            UpdatePolicy::Allowed
        );
        assert_eq!(
            UpdatePolicy::read(&missing, Some("")),
            UpdatePolicy::Allowed
        );
        assert!(with_file("[updates]\ncheck = true\n", None).allows_checks());
        assert!(
            with_file("[other]\nkey = 1\n", None).allows_checks(),
            "another section is a later version's business"
        );
    }

    #[test]
    fn the_file_turns_checks_off_and_says_where() {
        let text = reason(with_file("[updates]\ncheck = false\n", Some("on")));
        assert!(text.starts_with("turned off by IT in "), "{text}");
        assert!(text.ends_with("policy.toml"), "{text}");
    }

    #[test]
    fn the_variable_turns_checks_off() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("policy.toml");
        assert_eq!(
            reason(UpdatePolicy::read(&missing, Some("off"))),
            "turned off by BDESK_UPDATES=off"
        );
        let odd = reason(UpdatePolicy::read(&missing, Some("nope")));
        assert!(
            odd.contains("\"nope\", which is neither on nor off"),
            "{odd}"
        );
    }

    #[test]
    fn a_broken_file_turns_checks_off_with_the_reason() {
        let typo = reason(with_file("[updates]\nchek = false\n", None));
        assert!(typo.contains("is not valid"), "{typo}");
        assert!(typo.contains("chek"), "names the unknown key: {typo}");
        let garbage = reason(with_file("[updates\n", None));
        assert!(garbage.contains("stay off until it is fixed"), "{garbage}");
        let wrong_type = reason(with_file("[updates]\ncheck = \"no\"\n", None));
        assert!(wrong_type.contains("is not valid"), "{wrong_type}");
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_file_turns_checks_off() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: reading it fails with something other than
        // "not found", also for root.
        let file = dir.path().join("policy.toml");
        std::fs::create_dir(&file).unwrap();
        let text = reason(UpdatePolicy::read(&file, None));
        assert!(text.contains("cannot be read"), "{text}");
    }
}
