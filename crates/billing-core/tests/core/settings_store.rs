//! `settings.toml` on a real file system: round trip, crash safety, damaged and newer files,
//! unwritable folders.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use billing_core::settings::{
    ColumnPref, Connection, SCHEMA_VERSION, SavedOrg, Settings, SettingsError, SettingsStore, Theme,
};
use chrono::{DateTime, TimeZone, Utc};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 4, 5, 6, 7).unwrap()
}

fn sample() -> Settings {
    let mut settings = Settings::default();
    let mut prod = Connection::new("Production", "https://billing.example.com/api").unwrap();
    prod.concurrency = Some(4);
    prod.timeout_secs = Some(30);
    settings.add_connection(prod).unwrap();
    settings
        .add_connection(Connection {
            allow_plain_http: true,
            ..Connection::new("Local stub", "http://127.0.0.1:8080").unwrap()
        })
        .unwrap();
    settings
        .add_org(
            "Production",
            SavedOrg {
                org_id: "org_123".into(),
                label: Some("ACME Europe — Zürich".into()),
            },
        )
        .unwrap();
    settings
        .add_org(
            "Production",
            SavedOrg {
                org_id: "org/with space".into(),
                label: None,
            },
        )
        .unwrap();
    settings.set_active(Some("Local stub")).unwrap();
    settings.ui.theme = Theme::Dark;
    settings.ui.columns = vec![
        ColumnPref {
            id: "number".into(),
            visible: true,
        },
        ColumnPref {
            id: "amountDue".into(),
            visible: false,
        },
    ];
    settings
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn missing_file_gives_defaults_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path().join("not-yet"));
    let loaded = store.load(now()).unwrap();
    assert_eq!(loaded.settings, Settings::default());
    assert!(loaded.recovered.is_none(), "a missing file is not damage");
    assert!(!store.dir().exists(), "loading must not create the folder");
}

#[test]
fn round_trip_keeps_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path().join("nested/config"));
    let settings = sample();
    store.save(&settings).unwrap();
    let loaded = store.load(now()).unwrap();
    assert_eq!(
        loaded.settings, settings,
        "what was saved must come back unchanged"
    );
    assert!(loaded.recovered.is_none());

    let text = fs::read_to_string(store.path()).unwrap();
    assert!(
        text.starts_with(&format!("schemaVersion = {SCHEMA_VERSION}\n")),
        "the version comes first so a reader sees it at once:\n{text}"
    );
    assert!(
        text.contains("baseUrl = \"https://billing.example.com/api/\""),
        "stored in the API client's normal form: {text}"
    );
    assert_eq!(
        files_in(store.dir()),
        vec!["settings.toml"],
        "no temp file may be left after a successful save"
    );
}

#[cfg(unix)]
#[test]
fn file_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path().join("cfg"));
    store.save(&sample()).unwrap();
    let file_mode = fs::metadata(store.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        file_mode, 0o600,
        "settings name the user's connections: owner only"
    );
    let dir_mode = fs::metadata(store.dir()).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        dir_mode, 0o700,
        "a folder created by the save is private too"
    );

    // A file the user made world-readable is replaced by an owner-only one on the next save.
    fs::set_permissions(store.path(), fs::Permissions::from_mode(0o644)).unwrap();
    store.save(&Settings::default()).unwrap();
    let file_mode = fs::metadata(store.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(file_mode, 0o600);
}

#[test]
fn crash_before_rename_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path());
    let old = sample();
    store.save(&old).unwrap();
    let old_bytes = fs::read(store.path()).unwrap();

    let mut newer = old.clone();
    newer.ui.theme = Theme::Light;
    newer.remove_connection("Production").unwrap();
    let mut stranded: Option<PathBuf> = None;
    let err = store
        .save_with_pre_rename_hook(&newer, &mut |temp: &Path| {
            let staged = fs::read_to_string(temp)?;
            assert!(
                staged.contains("theme = \"light\""),
                "the temp file holds the new settings"
            );
            // Keep a copy of the temp file where a crash would have left it.
            let copy = temp.with_extension("crashed");
            fs::copy(temp, &copy)?;
            stranded = Some(copy);
            Err(io::Error::other("simulated power cut before rename"))
        })
        .unwrap_err();

    assert!(
        matches!(err, SettingsError::Write { .. }),
        "an aborted save is a write error: {err:?}"
    );
    assert!(
        err.to_string().contains("previous settings were kept"),
        "{err}"
    );
    assert_eq!(
        fs::read(store.path()).unwrap(),
        old_bytes,
        "the settings file must be byte-for-byte the old one"
    );
    assert!(
        stranded.as_ref().unwrap().exists(),
        "the simulated leftover exists"
    );
    let loaded = store.load(now()).unwrap();
    assert_eq!(
        loaded.settings, old,
        "a leftover temp file is ignored by load"
    );
    assert!(loaded.recovered.is_none());
    assert!(
        !files_in(store.dir()).iter().any(|n| n.ends_with(".tmp")),
        "the aborted save removed its own temp file: {:?}",
        files_in(store.dir())
    );
}

#[test]
fn damaged_file_is_backed_up_reported_and_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path());
    let damaged = b"schemaVersion = 1\n[[connections]]\nname = \"Prod\nbaseUrl = 3\n";
    fs::write(store.path(), damaged).unwrap();

    let loaded = store.load(now()).unwrap();
    assert_eq!(
        loaded.settings,
        Settings::default(),
        "defaults while the file is unusable"
    );
    let recovered = loaded.recovered.expect("the user must be told");
    assert_eq!(
        recovered.backup_path,
        dir.path().join("settings.toml.corrupt-20250304T050607Z"),
        "the backup is named after the injected time"
    );
    assert_eq!(
        fs::read(&recovered.backup_path).unwrap(),
        damaged,
        "the backup is exact"
    );
    assert_eq!(
        fs::read(store.path()).unwrap(),
        damaged,
        "the original is not overwritten by load"
    );
    assert!(
        recovered.reason.starts_with("line 3"),
        "the reason points at the line: {}",
        recovered.reason
    );
    let message = recovered.message();
    assert!(
        message.contains(&recovered.backup_path.display().to_string())
            && message.contains("default settings"),
        "the notice says where the copy is and what happened: {message}"
    );

    // Starting again with the same damaged file reuses the identical backup.
    let later = now() + chrono::Duration::hours(1);
    let again = store.load(later).unwrap().recovered.unwrap();
    assert_eq!(
        again.backup_path, recovered.backup_path,
        "no pile of identical backups"
    );

    // Saving now replaces the damaged file; the backup stays.
    store.save(&sample()).unwrap();
    assert_eq!(store.load(later).unwrap().settings, sample());
    assert!(recovered.backup_path.exists());
}

#[test]
fn each_kind_of_damage_is_recovered_with_a_reason() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("not text", b"\xff\xfe\x00garbage", "not UTF-8"),
        ("no version", b"[ui]\ntheme = \"dark\"\n", "schemaVersion"),
        (
            "wrong type",
            b"schemaVersion = 1\nconnections = \"none\"\n",
            "connections",
        ),
        (
            "unknown theme",
            b"schemaVersion = 1\n[ui]\ntheme = \"neon\"\n",
            "ui.theme",
        ),
        (
            "breaks a rule",
            b"schemaVersion = 1\n[[connections]]\nname = \"A\"\nbaseUrl = \"http://example.com\"\n",
            "https://",
        ),
    ];
    for (what, bytes, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let store = SettingsStore::at(dir.path());
        fs::write(store.path(), bytes).unwrap();
        let recovered = store
            .load(now())
            .unwrap()
            .recovered
            .unwrap_or_else(|| panic!("{what}: must be reported as damaged"));
        assert!(
            recovered.reason.contains(expected),
            "{what}: reason should mention {expected:?}, got {:?}",
            recovered.reason
        );
        assert_eq!(
            fs::read(&recovered.backup_path).unwrap(),
            bytes,
            "{what}: exact backup"
        );
    }
}

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path());
    let future = b"schemaVersion = 2\nsomethingNew = true\n";
    fs::write(store.path(), future).unwrap();

    let err = store.load(now()).unwrap_err();
    match &err {
        SettingsError::NewerVersion {
            found, supported, ..
        } => {
            assert_eq!((*found, *supported), (2, SCHEMA_VERSION));
        }
        other => panic!("expected NewerVersion, got {other:?}"),
    }
    assert_eq!(err.code(), "settings.newer_version");
    assert!(
        err.to_string().contains("newer version of Billing Desk"),
        "{err}"
    );
    assert_eq!(
        fs::read(store.path()).unwrap(),
        future,
        "the file must be left exactly as it was"
    );
    assert_eq!(
        files_in(dir.path()),
        vec!["settings.toml"],
        "and no backup is made of a valid newer file"
    );
}

#[test]
fn unwritable_folder_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the config folder should be: no account, root included, can
    // create a folder inside it.
    let blocker = dir.path().join("blocker");
    fs::write(&blocker, b"not a folder").unwrap();
    let store = SettingsStore::at(blocker.join("config"));
    let err = store.save(&sample()).unwrap_err();
    assert!(matches!(err, SettingsError::Write { .. }), "got {err:?}");
    assert_eq!(err.code(), "settings.write_failed");
    let message = err.to_string();
    assert!(
        message.contains(&store.path().display().to_string())
            && message.contains("BDESK_CONFIG_DIR"),
        "names the file and a way out: {message}"
    );
}

#[test]
fn unreadable_file_is_an_error_not_a_silent_reset() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path());
    // A folder where the file should be cannot be read as a file, whoever we run as.
    fs::create_dir(store.path()).unwrap();
    let err = store.load(now()).unwrap_err();
    assert!(matches!(err, SettingsError::Read { .. }), "got {err:?}");
    assert!(err.to_string().contains("left as it is"), "{err}");
}

#[test]
fn invalid_settings_are_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path());
    let mut settings = sample();
    settings.connections[0].concurrency = Some(0);
    let err = store.save(&settings).unwrap_err();
    assert_eq!(err.code(), "settings.invalid_concurrency");
    assert!(
        !store.path().exists(),
        "nothing is written for settings the loader would reject"
    );
}

/// The app and `bdesk` edit the same file: each edit starts from what is on disk under the
/// lock, so sixteen processes' worth of edits racing each other all survive.
#[test]
fn concurrent_edits_through_update_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let store = SettingsStore::at(dir.path());
            std::thread::spawn(move || {
                store
                    .update(|s| {
                        // Widens the window between read and save, where a lost update happens.
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        s.add_connection(
                            Connection::new(&format!("conn-{i}"), "https://billing.example.com")
                                .unwrap(),
                        )
                    })
                    .unwrap();
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let loaded = SettingsStore::at(dir.path()).load(now()).unwrap().settings;
    assert_eq!(loaded.connections.len(), 16, "{:?}", loaded.connections);
    assert!(
        files_in(dir.path()).contains(&".settings.lock".to_owned()),
        "{:?}",
        files_in(dir.path())
    );
}

/// An edit meets a file damaged since start-up: the edit is refused and the file stays
/// byte for byte as it is.
#[test]
fn an_edit_never_overwrites_a_file_damaged_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path());
    store.save(&sample()).unwrap();
    let damaged = b"schemaVersion = 1\n[[connections]\nname = \"half".to_vec();
    fs::write(store.path(), &damaged).unwrap();
    let err = store
        .update(|s| s.set_active(None))
        .map(|(value, _)| value)
        .unwrap_err();
    assert!(
        matches!(err, SettingsError::DamagedOnDisk { .. }),
        "{err:?}"
    );
    assert_eq!(fs::read(store.path()).unwrap(), damaged);
}
