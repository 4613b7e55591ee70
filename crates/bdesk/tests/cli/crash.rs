//! Crash safety of the real `bdesk` binary: each test runs a command that
//! writes a file, SIGKILLs it at a random moment, and checks what is on disk, 200 times.
//!
//! - Settings: `bdesk connection add` / `connection use` (the commands that save
//!   `settings.toml`). After every kill the file is absent (nothing saved yet), or parses with
//!   the core's loader and equals either the settings before the run or the settings the
//!   command was saving.
//! - Export: `bdesk export` of an organization with 10,000 invoices (the stub's `huge-10000`)
//!   over an existing target. After every kill the target is byte for byte the previous file,
//!   or a complete new export (every row parses, 10,000 rows, the last invoice last).
//!
//! Temp files after a SIGKILL: a killed process cannot remove its temp file, so one may stay
//! beside the target. They are hidden and clearly named (`.settings.toml.XXXXXX.tmp`,
//! `.bdesk-export-XXXXXX.tmp`); the tests assert every leftover has exactly that shape, that
//! nothing else appears (no partial target, no "damaged settings" backup), and that later runs
//! ignore them (a later export or save works beside one and leaves it as it was). Nothing
//! removes them automatically.
//!
//! The delays are random between a quarter of the command's measured duration and a tenth
//! beyond it (most kills land where the file is written, a few runs finish), from a seed
//! printed on standard error; rerun with `CRASH_SEED=<seed>` to replay the same delays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use billing_core::settings::{Connection, Settings, SettingsStore};
use billing_stub::test_rng::CrashRng;
use chrono::Utc;
use common::{TOKEN, TestEnv};

/// Held by each test, so the two do not slow each other down and skew the timings.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Kills per test.
const KILLS: usize = 200;
/// Invoices of the exported organization: about 3.5 MB of CSV, a write that takes a while.
const EXPORT_INVOICES: usize = 10_000;

/// `bdesk` with the test's settings folder and the token in the environment, silent.
fn bdesk(env: &TestEnv) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bdesk"));
    cmd.env("BDESK_CONFIG_DIR", env.config.path())
        .env("BDESK_DATA_DIR", env.data.path().join("data"))
        .env("BDESK_CACHE_DIR", env.data.path().join("cache"))
        .env("BDESK_TOKEN", TOKEN)
        .env_remove("BDESK_BASE_URL")
        .env_remove("RUST_LOG")
        .current_dir(env.work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Keeps the kill delays around the runs' real length while the machine's load changes:
/// shorter after a run that finished, a little longer after a kill that changed nothing, so
/// about one run in five finishes and most kills land late in the run, where it writes.
struct Pace {
    typical: Duration,
}

impl Pace {
    fn after(&mut self, end: End, changed: bool) {
        match (end, changed) {
            (End::Finished, _) => self.typical = self.typical * 24 / 25,
            (End::Killed, false) => self.typical = self.typical * 101 / 100,
            (End::Killed, true) => {}
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// SIGKILL arrived while it ran.
    Killed,
    /// It had already finished, with exit code 0.
    Finished,
}

/// Starts `cmd`, SIGKILLs it after `delay`, and reaps it.
fn run_and_kill(mut cmd: Command, delay: Duration) -> End {
    let mut child = cmd.spawn().expect("bdesk starts");
    std::thread::sleep(delay);
    // Sends SIGKILL; a child that already exited (not yet reaped) is simply not affected.
    child.kill().expect("SIGKILL is sent");
    let status = child.wait().unwrap();
    match status.signal() {
        Some(9) => End::Killed,
        _ => {
            assert!(
                status.success(),
                "a run that was not killed must succeed: {status:?}"
            );
            End::Finished
        }
    }
}

/// The median wall time of `runs` complete runs of `make()`, after one unmeasured run.
fn median_duration(runs: usize, mut make: impl FnMut(usize) -> Command) -> Duration {
    assert!(
        make(runs).status().unwrap().success(),
        "the warm-up run succeeds"
    );
    let mut times: Vec<Duration> = (0..runs)
        .map(|i| {
            let start = Instant::now();
            let status = make(i).status().unwrap();
            assert!(status.success(), "calibration run {i} succeeds: {status:?}");
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// File names in `dir` other than `keep`, each checked to be a temp file of `prefix…suffix`
/// (what a killed writer leaves); removes them when `remove`.
fn leftovers(dir: &Path, keep: &str, prefix: &str, suffix: &str, remove: bool) -> usize {
    let mut count = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        // The settings lock file stays by design: it is empty and reused by every edit.
        if name == keep || name == billing_core::settings::LOCK_FILE_NAME {
            continue;
        }
        assert!(
            name.starts_with(prefix) && name.ends_with(suffix),
            "only the writer's own hidden temp files ({prefix}*{suffix}) may be left beside \
             {keep} after a kill, found {name:?}"
        );
        count += 1;
        if remove {
            fs::remove_file(entry.path()).unwrap();
        }
    }
    count
}

/// The settings a successful run of `args` turns `old` into.
fn expected_after(old: &Settings, args: &[String]) -> Settings {
    let mut new = old.clone();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["connection", "add", name, "--base-url", url] => new
            .add_connection(Connection::new(name, url).unwrap())
            .unwrap(),
        ["connection", "use", name] => new.set_active(Some(name)).unwrap(),
        _ => unreachable!("only the commands above are run"),
    }
    new
}

#[test]
fn settings_survive_sigkill_at_any_moment_of_a_save() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let env = TestEnv::new();
    let mut rng = CrashRng::from_env("settings_survive_sigkill_at_any_moment_of_a_save");
    let store = SettingsStore::at(env.config.path());
    let now = Utc::now();
    // Saved, never fetched: an https address needs no plain-http opt-in.
    let url = "https://billing.example.com/".to_owned();

    // Calibrate on a separate folder so the killed runs start from no file at all.
    let calibration = tempfile::tempdir().unwrap();
    let typical = median_duration(5, |i| {
        let mut cmd = bdesk(&env);
        cmd.env("BDESK_CONFIG_DIR", calibration.path()).args([
            "connection",
            "add",
            &format!("warm-{i}"),
            "--base-url",
            &url,
        ]);
        cmd
    });
    eprintln!("a complete `connection add` takes {typical:?}; kills land in 1/4..11/10 of that");
    let mut pace = Pace { typical };

    let (mut absent, mut unchanged, mut replaced, mut killed, mut temps) = (0, 0, 0, 0, 0);
    for i in 0..KILLS {
        let old_bytes = fs::read(store.path()).ok();
        let old = store.load(now).unwrap().settings;
        // Mostly additions; every fourth run switches the active connection to another one.
        let args: Vec<String> = match old.connections.get(i % 7) {
            Some(other) if i % 4 == 3 && old.active_connection.as_deref() != Some(&other.name) => {
                vec!["connection".into(), "use".into(), other.name.clone()]
            }
            _ => vec![
                "connection".into(),
                "add".into(),
                format!("kill-{i}"),
                "--base-url".into(),
                url.clone(),
            ],
        };
        let new = expected_after(&old, &args);
        let mut cmd = bdesk(&env);
        cmd.args(&args);
        let delay = rng.kill_delay(pace.typical);
        let end = run_and_kill(cmd, delay);
        killed += usize::from(end == End::Killed);
        let before = replaced;

        match fs::read(store.path()).ok() {
            None => {
                assert!(
                    old_bytes.is_none(),
                    "run {i} ({args:?}, killed after {delay:?}): a settings file that existed \
                     must never disappear"
                );
                assert_eq!(end, End::Killed, "a finished run saved its settings");
                absent += 1;
            }
            Some(bytes) if Some(&bytes) == old_bytes.as_ref() => {
                assert_eq!(
                    end,
                    End::Killed,
                    "run {i} ({args:?}) finished, so its change is saved"
                );
                unchanged += 1;
            }
            Some(bytes) => {
                let loaded = store.load(now).unwrap_or_else(|e| {
                    panic!("run {i} ({args:?}, killed after {delay:?}): the file must parse: {e}")
                });
                assert!(
                    loaded.recovered.is_none(),
                    "run {i} ({args:?}, killed after {delay:?}): the file must never be damaged, \
                     found {:?}:\n{}",
                    loaded.recovered,
                    String::from_utf8_lossy(&bytes)
                );
                assert_eq!(
                    loaded.settings, new,
                    "run {i} ({args:?}, killed after {delay:?}): a changed file holds exactly \
                     the settings the command was saving"
                );
                replaced += 1;
            }
        }
        temps = leftovers(
            env.config.path(),
            "settings.toml",
            ".settings.toml.",
            ".tmp",
            false,
        );
        pace.after(end, replaced > before);
    }
    eprintln!(
        "{KILLS} runs: {killed} killed; file absent {absent}, unchanged {unchanged}, replaced \
         {replaced}; {temps} temp files left by kills"
    );
    assert!(
        killed >= KILLS / 4,
        "most runs must really be killed mid-way, or the test proves nothing: {killed}"
    );
    assert!(
        unchanged + absent > 0 && replaced > 0,
        "the kills must land both before and after the save's rename (unchanged {unchanged}, \
         absent {absent}, replaced {replaced})"
    );
    // The leftover temp files do not disturb later runs: the settings still read and save.
    let mut list = bdesk(&env);
    list.args(["connection", "add", "after-the-kills", "--base-url", &url]);
    assert!(
        list.status().unwrap().success(),
        "a save works with the temp files of killed runs beside the settings file"
    );
    assert!(
        store
            .load(now)
            .unwrap()
            .settings
            .connection("after-the-kills")
            .is_some(),
        "and the change is in the file"
    );
}

/// The UTF-8 byte-order mark `--bom` starts a CSV with.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Asserts `bytes` is a complete CSV export of `huge-{EXPORT_INVOICES}`, with a BOM when
/// `bom`: every record has the header's field count, there are exactly as many as invoices,
/// the last invoice comes last, and the file ends with a line end (nothing cut off).
fn assert_complete_csv(bytes: &[u8], bom: bool, context: &str) {
    assert_eq!(
        bytes.starts_with(BOM),
        bom,
        "{context}: the file is the export of this run (with a BOM: {bom})"
    );
    assert!(
        bytes.ends_with(b"\n"),
        "{context}: a complete export ends with a line end"
    );
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(BOM).unwrap_or(bytes));
    let width = reader.headers().unwrap().len();
    let mut rows = 0;
    let mut last = String::new();
    for record in reader.records() {
        let record =
            record.unwrap_or_else(|e| panic!("{context}: every row of the export parses: {e}"));
        assert_eq!(record.len(), width, "{context}: row {rows} is complete");
        rows += 1;
        last = record[0].to_owned();
    }
    assert_eq!(
        rows, EXPORT_INVOICES,
        "{context}: a new export holds every invoice"
    );
    assert_eq!(
        last,
        format!("HUGE-{EXPORT_INVOICES:08}"),
        "{context}: the last invoice is the last row"
    );
}

#[test]
fn an_export_target_is_the_old_file_or_the_complete_new_one_after_sigkill() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let env = TestEnv::new();
    let mut rng = CrashRng::from_env(
        "an_export_target_is_the_old_file_or_the_complete_new_one_after_sigkill",
    );
    let org = format!("huge-{EXPORT_INVOICES}");
    let url = env.url();
    let export = |target: &str, bom: bool| {
        let mut cmd = bdesk(&env);
        cmd.args([
            "export",
            "--base-url",
            &url,
            "--org",
            &org,
            "--format",
            "csv",
            "-o",
            target,
        ]);
        if bom {
            cmd.arg("--bom");
        }
        cmd
    };

    // Calibrate (this also has the stub build and cache the payload).
    let typical = median_duration(3, |_| export("calibration.csv", false));
    assert_complete_csv(
        &fs::read(env.path("calibration.csv")).unwrap(),
        false,
        "calibration",
    );
    fs::remove_file(env.path("calibration.csv")).unwrap();
    eprintln!("a complete export takes {typical:?}; kills land in 1/4..11/10 of that");
    let mut pace = Pace { typical };

    let target = env.path("invoices.csv");
    let first = b"number,total\r\nOLD-1,1.00\r\n".to_vec();
    fs::write(&target, &first).unwrap();
    let (mut unchanged, mut replaced, mut killed, mut temps) = (0, 0, 0, 0);
    for i in 0..KILLS {
        let old = fs::read(&target).unwrap();
        // The opposite of the file there, so a replaced file always differs from the old one.
        let bom = !old.starts_with(BOM);
        let delay = rng.kill_delay(pace.typical);
        let end = run_and_kill(export("invoices.csv", bom), delay);
        killed += usize::from(end == End::Killed);
        let now = fs::read(&target).expect("the target never disappears");
        if now == old {
            assert_eq!(
                end,
                End::Killed,
                "run {i}: a finished export replaced the file"
            );
            unchanged += 1;
        } else {
            assert_complete_csv(&now, bom, &format!("run {i}, killed after {delay:?}"));
            replaced += 1;
        }
        pace.after(end, now != old);
        // Removed after counting: each may be megabytes.
        temps += leftovers(
            env.work.path(),
            "invoices.csv",
            ".bdesk-export-",
            ".tmp",
            true,
        );
    }
    eprintln!(
        "{KILLS} runs: {killed} killed; target unchanged {unchanged}, replaced {replaced}; \
         {temps} temp files left by kills (removed by the test)"
    );
    assert!(
        killed >= KILLS / 4,
        "most runs must really be killed mid-way, or the test proves nothing: {killed}"
    );
    assert!(
        unchanged > 0 && replaced > 0,
        "the kills must land both before and after the rename (unchanged {unchanged}, \
         replaced {replaced})"
    );

    // A temp file a kill left behind is ignored by the next export: neither read, nor taken
    // for the target, nor removed.
    let stale = env.path(".bdesk-export-LEFTOVER.tmp");
    fs::write(&stale, b"number,total\r\nHALF-WRITTEN").unwrap();
    let bom = !fs::read(&target).unwrap().starts_with(BOM);
    let status = export("invoices.csv", bom).status().unwrap();
    assert!(
        status.success(),
        "an export works beside a leftover temp file"
    );
    assert_complete_csv(&fs::read(&target).unwrap(), bom, "after the kills");
    assert_eq!(
        fs::read(&stale).unwrap(),
        b"number,total\r\nHALF-WRITTEN",
        "the leftover is left exactly as it was"
    );

    // Kills also landed while exports were being recorded: the history may name interrupted
    // writes, but never calls itself edited. (Earlier entries' file was replaced since, which
    // `verify` rightly reports as changed files.)
    let mut verify = bdesk(&env);
    verify
        .args(["history", "verify", "--json", "--base-url", &url])
        .stdout(Stdio::piped());
    let output = verify.output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["tampered"], serde_json::json!([]), "{report}");
    assert!(report["entries"].as_u64().unwrap() >= 1, "{report}");
}

/// Interrupts per run of the Ctrl-C test.
const INTERRUPTS: usize = 50;

/// Ctrl-C (one SIGINT) at a random moment of an export over an existing file: either the run
/// stops with 130 and the old file is untouched, or (Ctrl-C during the write, which is not
/// cancelled once begun) it finishes with 0 and the file is the complete new export. Never a
/// partial file, never a temp file left behind, never another exit code.
#[test]
fn ctrl_c_at_any_moment_of_an_export_leaves_the_old_file_or_the_complete_new_one() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let env = TestEnv::new();
    let mut rng = CrashRng::from_env(
        "ctrl_c_at_any_moment_of_an_export_leaves_the_old_file_or_the_complete_new_one",
    );
    let org = format!("huge-{EXPORT_INVOICES}");
    let url = env.url();
    let export = |bom: bool| {
        let mut cmd = bdesk(&env);
        cmd.args(["export", "--base-url", &url, "--org", &org])
            .args(["--format", "csv", "-o", "invoices.csv"]);
        if bom {
            cmd.arg("--bom");
        }
        cmd
    };
    let typical = median_duration(3, |_| export(false));

    let target = env.path("invoices.csv");
    let (mut interrupted, mut finished) = (0, 0);
    for i in 0..INTERRUPTS {
        let old = fs::read(&target).unwrap();
        let bom = !old.starts_with(BOM);
        let delay = rng.kill_delay(typical);
        let mut child = export(bom).spawn().expect("bdesk starts");
        std::thread::sleep(delay);
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "SIGINT is sent");
        let status = child.wait().unwrap();
        let now = fs::read(&target).unwrap();
        let context = format!("Ctrl-C {i} after {delay:?}");
        match status.code() {
            Some(130) => {
                assert_eq!(
                    now, old,
                    "{context}: exit 130 leaves the old file as it was"
                );
                interrupted += 1;
            }
            Some(0) => {
                assert_complete_csv(&now, bom, &context);
                finished += 1;
            }
            // Ctrl-C before bdesk installed its handler, in its first milliseconds: the
            // default action ends it, long before anything is written.
            None if status.signal() == Some(2) => {
                assert_eq!(now, old, "{context}: a run ended at start-up wrote nothing");
                interrupted += 1;
            }
            other => panic!("{context}: exit 130 (stopped) or 0 (finished), not {other:?}"),
        }
        assert_eq!(
            leftovers(
                env.work.path(),
                "invoices.csv",
                ".bdesk-export-",
                ".tmp",
                true
            ),
            0,
            "{context}: a run that handles Ctrl-C removes its temp file"
        );
    }
    eprintln!("{INTERRUPTS} Ctrl-Cs: {interrupted} stopped with 130, {finished} finished with 0");
    assert!(
        interrupted > 0,
        "some Ctrl-Cs must land before the write, or the test proves nothing"
    );
}
