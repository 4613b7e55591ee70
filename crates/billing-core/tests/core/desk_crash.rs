//! Crash safety of the desktop app's code paths, 200 SIGKILLs each.
//!
//! What is killed is `examples/desk_crash_child.rs` (built by `cargo test`): a child process
//! running the app's engine, [`billing_core::desk::Desk`], the way the Tauri commands call it
//! (opened like `src-tauri`'s `AppState::from_env`, with an in-memory keyring). It is the
//! app's code path in a child process, not the GUI: the window adds nothing to how files are
//! written, but that is an assumption of this test, not something it shows.
//!
//! - Preferences: the child saves display preferences (`Desk::prefs_set`) in a loop. After
//!   every kill `settings.toml` parses with the core's loader (no "damaged file" notice), its
//!   connections are untouched, and its preferences are the last ones saved completely or the
//!   ones being saved when the kill came.
//! - Export: the child exports the current view (`Desk::export`, 1,000 invoices of the stub's
//!   `huge-1000`) in a loop, alternately to CSV and to XLSX. After every kill the target is
//!   byte for byte the file before, or a complete export (CSV: every row, the BOM, a final
//!   line end; XLSX: calamine opens it and reads every row).
//!
//! A killed export leaves its temp file (`.bdesk-export-XXXXXX.tmp`, hidden) beside the target:
//! the test asserts nothing else is left and removes them. Delays are random (seed printed;
//! `CRASH_SEED=<seed>` replays them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::desk_common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use billing_core::settings::{Connection, SavedOrg, Settings, SettingsStore, UiPrefs};
use billing_stub::test_rng::CrashRng;
use chrono::Utc;
use desk_common::{TOKEN, dirs, settings_for, stub};

/// Kills per test.
const KILLS: usize = 200;
/// Invoices of the exported organization.
const EXPORT_INVOICES: usize = 1_000;
/// Held by each test, so the two do not slow each other down and skew the timings.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The child binary, built by `cargo test` next to the test binaries.
fn child_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let debug_dir = exe.parent().unwrap().parent().unwrap();
    let path = debug_dir
        .join("examples")
        .join(format!("desk_crash_child{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is built by a whole `cargo test -p billing-core`; with a filter such as `--test core \
         desk_crash`, build it first: `cargo build -p billing-core --example desk_crash_child`",
        path.display()
    );
    path
}

/// The child over the app folders in `root`, its standard output piped to the test.
fn spawn_child(root: &Path, args: &[&str]) -> (Child, BufReader<std::process::ChildStdout>) {
    let dirs = dirs_in(root);
    let mut child = Command::new(child_binary())
        .args(args)
        .env("BDESK_CONFIG_DIR", dirs.0)
        .env("BDESK_CACHE_DIR", dirs.1)
        .env("BDESK_DATA_DIR", dirs.2)
        .env("BDESK_TOKEN", TOKEN)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the child starts");
    let out = BufReader::new(child.stdout.take().unwrap());
    (child, out)
}

/// The folders `desk_common::dirs` uses under `root`: config, cache, data.
fn dirs_in(root: &Path) -> (PathBuf, PathBuf, PathBuf) {
    (root.join("config"), root.join("cache"), root.join("data"))
}

/// Reads lines until one satisfies `wanted`; returns it. Panics at the end of the output
/// (the child died).
fn read_until(
    out: &mut BufReader<std::process::ChildStdout>,
    wanted: impl Fn(&str) -> bool,
) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        let n = out.read_line(&mut line).unwrap();
        assert!(n > 0, "the child ended before printing the expected line");
        if wanted(line.trim_end()) {
            return line.trim_end().to_owned();
        }
    }
}

/// SIGKILLs the child, reaps it, and returns the rest of its output.
fn kill(mut child: Child, mut out: BufReader<std::process::ChildStdout>) -> Vec<String> {
    child.kill().expect("SIGKILL is sent");
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the child loops until it is killed: {status:?}"
    );
    let mut rest = String::new();
    let _ = std::io::Read::read_to_string(&mut out, &mut rest);
    rest.lines().map(str::to_owned).collect()
}

/// File names in `dir` other than `keep`, each checked to be an export temp file; removed.
fn remove_export_temps(dir: &Path, keep: &[&str]) -> usize {
    let mut count = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if keep.contains(&name.as_str()) {
            continue;
        }
        assert!(
            name.starts_with(".bdesk-export-") && name.ends_with(".tmp"),
            "only the export's hidden temp files may be left beside the targets, found {name:?}"
        );
        fs::remove_file(entry.path()).unwrap();
        count += 1;
    }
    count
}

/// Settings with one active connection and two saved organizations; no stub is needed, the
/// preferences test never fetches.
fn prefs_settings() -> Settings {
    let mut connection = Connection::new("Stub", "http://127.0.0.1:9/").unwrap();
    connection.allow_plain_http = true;
    connection.organizations = ["acme", "globex"]
        .iter()
        .map(|id| SavedOrg {
            org_id: (*id).to_owned(),
            label: Some(format!("{id} label")),
        })
        .collect();
    let mut settings = Settings::default();
    settings.add_connection(connection).unwrap();
    settings
}

/// The preferences of a `saving <json>` line.
fn saving(line: &str) -> Option<UiPrefs> {
    serde_json::from_str(line.strip_prefix("saving ")?).ok()
}

#[test]
fn app_preferences_survive_sigkill_at_any_moment_of_a_save() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rng = CrashRng::from_env("app_preferences_survive_sigkill_at_any_moment_of_a_save");
    let root = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dirs_in(root.path()).0);
    let base = prefs_settings();
    store.save(&base).unwrap();
    let now = Utc::now();

    // Calibrate: how long one save takes in a running child.
    let (child, mut out) = spawn_child(root.path(), &["prefs"]);
    read_until(&mut out, |l| l == "saved");
    let start = Instant::now();
    for _ in 0..20 {
        read_until(&mut out, |l| l == "saved");
    }
    let per_save = start.elapsed() / 20;
    kill(child, out);
    eprintln!("one preferences save takes {per_save:?} in the child");

    let (mut on_old, mut on_new, mut mid_save) = (0, 0, 0);
    // The kill comes within `window` of a save's start. It starts at three calibrated saves
    // and follows where the kills land: one that finds the old file mid-save widens it, one
    // that comes after a save ended narrows it. A save slowed by a busy disk (the first
    // fsync of a fresh child, other tests writing) then still sees kills on both sides of its
    // rename, instead of all of them before it.
    let mut window = per_save * 3;
    for i in 0..KILLS {
        let before = store.load(now).unwrap().settings.ui;
        let (child, mut out) = spawn_child(root.path(), &["prefs"]);
        // The desk is open and saving: kill within the next few saves.
        let first = read_until(&mut out, |l| l.starts_with("saving "));
        let delay = rng.delay(window);
        std::thread::sleep(delay);
        let mut lines = vec![first];
        lines.extend(kill(child, out));

        // The last save completed (or `before`), and the one under way, if any.
        let (mut done, mut pending) = (before, None);
        for line in &lines {
            if let Some(ui) = saving(line) {
                if let Some(previous) = pending.replace(ui) {
                    panic!("a save began before the previous one ended: {previous:?}");
                }
            } else if line == "saved" {
                done = pending.take().expect("`saved` follows a `saving` line");
            }
        }
        mid_save += usize::from(pending.is_some());

        let loaded = store
            .load(now)
            .unwrap_or_else(|e| panic!("kill {i} after {delay:?}: the file must parse: {e}"));
        assert!(
            loaded.recovered.is_none(),
            "kill {i} after {delay:?}: the settings file is never damaged: {:?}",
            loaded.recovered
        );
        assert_eq!(
            loaded.settings.connections, base.connections,
            "kill {i}: saving preferences never changes the connections or organizations"
        );
        let ui = loaded.settings.ui;
        if ui == done {
            on_old += 1;
            if pending.is_some() {
                window = window * 5 / 4;
            } else {
                window = (window * 4 / 5).max(per_save);
            }
        } else {
            assert_eq!(
                Some(&ui),
                pending.as_ref(),
                "kill {i} after {delay:?}: the preferences are the last saved ones or the ones \
                 being saved"
            );
            on_new += 1;
        }
        // A killed save leaves `.settings.toml.XXXXXX.tmp`; the loader ignores it. The lock
        // file stays by design (empty, reused by every edit).
        for entry in fs::read_dir(store.dir()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name == "settings.toml"
                    || name == billing_core::settings::LOCK_FILE_NAME
                    || (name.starts_with(".settings.toml.") && name.ends_with(".tmp")),
                "kill {i}: only the settings file, its lock and hidden temp files are in the \
                 folder, found {name:?}"
            );
        }
    }
    eprintln!(
        "{KILLS} kills: {mid_save} during a save; file held the last completed save {on_old} \
         times, the one under way {on_new} times"
    );
    assert!(
        mid_save > KILLS / 2 && on_old > 0 && on_new > 0,
        "the kills must land during saves, on both sides of the rename, or the test proves \
         nothing: {mid_save} during a save, {on_old} before the rename, {on_new} after"
    );
}

/// Asserts `bytes` is a complete export of `huge-{EXPORT_INVOICES}` in `format`.
fn assert_complete_export(bytes: &[u8], format: &str, context: &str) {
    match format {
        "csv" => {
            let body = bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or_else(|| panic!("{context}: the app's CSV starts with a BOM"));
            assert!(
                body.ends_with(b"\n"),
                "{context}: a complete CSV ends with a line end"
            );
            let mut reader = csv::Reader::from_reader(body);
            let width = reader.headers().unwrap().len();
            let mut rows = 0;
            let mut last = String::new();
            for record in reader.records() {
                let record = record.unwrap_or_else(|e| panic!("{context}: every row parses: {e}"));
                assert_eq!(record.len(), width, "{context}: row {rows} is complete");
                rows += 1;
                last = record[0].to_owned();
            }
            assert_eq!(rows, EXPORT_INVOICES, "{context}: every invoice is there");
            assert_eq!(
                last,
                format!("HUGE-{EXPORT_INVOICES:08}"),
                "{context}: the last invoice is the last row"
            );
        }
        _ => {
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
                    .unwrap_or_else(|e| panic!("{context}: calamine opens the workbook: {e}"));
            let sheet = book
                .worksheet_range("Invoices")
                .unwrap_or_else(|e| panic!("{context}: the Invoices sheet reads: {e}"));
            assert_eq!(
                sheet.height(),
                EXPORT_INVOICES + 1,
                "{context}: a header and every invoice"
            );
        }
    }
}

#[test]
fn app_export_target_is_the_old_file_or_a_complete_export_after_sigkill() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut rng =
        CrashRng::from_env("app_export_target_is_the_old_file_or_a_complete_export_after_sigkill");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let stub = runtime.block_on(stub());
    let root = tempfile::tempdir().unwrap();
    let org = format!("huge-{EXPORT_INVOICES}");
    dirs(&root)
        .settings_store()
        .save(&settings_for(&stub, &[&org]))
        .unwrap();
    let out_dir = root.path().join("exports");
    fs::create_dir(&out_dir).unwrap();
    let targets = ["view.csv", "view.xlsx"];
    for target in targets {
        fs::write(out_dir.join(target), b"an older export").unwrap();
    }

    // Calibrate per format (the first child fetches and caches; the others read the cache).
    let mut per_export = Vec::new();
    for (format, target) in [("csv", targets[0]), ("xlsx", targets[1])] {
        let path = out_dir.join(target);
        let (child, mut out) =
            spawn_child(root.path(), &["export", format, path.to_str().unwrap()]);
        read_until(&mut out, |l| l.starts_with("exported 0 "));
        let start = Instant::now();
        let line = read_until(&mut out, |l| l.starts_with("exported 2 "));
        assert_eq!(
            line,
            format!("exported 2 {EXPORT_INVOICES}"),
            "every invoice is exported"
        );
        per_export.push(start.elapsed() / 2);
        kill(child, out);
        assert_complete_export(&fs::read(&path).unwrap(), format, "calibration");
    }
    remove_export_temps(&out_dir, &targets);
    eprintln!("one export takes {per_export:?} (CSV, XLSX) in the child");

    let (mut unchanged, mut replaced, mut temps) = (0, 0, 0);
    for i in 0..KILLS {
        let which = i % 2;
        let format = ["csv", "xlsx"][which];
        let path = out_dir.join(targets[which]);
        // A distinct older file each time, so a replacement always shows (complete exports
        // of the same data can be byte-identical).
        let old = format!("older export {i}").into_bytes();
        fs::write(&path, &old).unwrap();
        let (child, mut out) =
            spawn_child(root.path(), &["export", format, path.to_str().unwrap()]);
        read_until(&mut out, |l| l == "ready");
        let delay = rng.delay(per_export[which] * 2);
        std::thread::sleep(delay);
        kill(child, out);

        let now = fs::read(&path).expect("the target never disappears");
        if now == old {
            unchanged += 1;
        } else {
            assert_complete_export(
                &now,
                format,
                &format!("kill {i} ({format}) after {delay:?}"),
            );
            replaced += 1;
        }
        temps += remove_export_temps(&out_dir, &targets);
    }
    eprintln!(
        "{KILLS} kills: target unchanged {unchanged}, replaced by a complete export {replaced}; \
         {temps} temp files of interrupted exports left (removed by the test)"
    );
    assert!(
        temps > KILLS / 4,
        "many kills must land while a file is being written, or the test proves nothing: {temps}"
    );
    assert!(replaced > 0, "some exports complete before a kill");
}
