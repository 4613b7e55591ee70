//! The export history on disk: snapshots round-trip compressed, the hash chain catches every
//! edit, removal and reordering, a crash mid-append is named as such and the next export
//! appends cleanly, and old snapshots are pruned, never the newest.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use billing_core::history::log::{HEAD_FILE_NAME, LOG_FILE_NAME};
use billing_core::history::{ExportRecord, History, SnapRow, Snapshot, compare};
use chrono::{DateTime, TimeZone, Utc};

fn rows(n: usize) -> Vec<SnapRow> {
    (0..n)
        .map(|i| SnapRow {
            org: format!("org-{}", i % 50),
            id: format!("in_{i:08}"),
            number: Some(format!("INV-{i}")),
            status: Some(if i % 3 == 0 { "paid" } else { "open" }.to_owned()),
            currency: Some(if i % 7 == 0 { "EUR" } else { "USD" }.to_owned()),
            total: Some(10_000 + i as i64),
            amount_due: Some(10_000 + i as i64),
            amount_paid: Some(if i % 3 == 0 { 10_000 + i as i64 } else { 0 }),
            amount_remaining: Some(if i % 3 == 0 { 0 } else { 10_000 + i as i64 }),
            due_at: Some("2026-11-30T00:00:00Z".to_owned()),
        })
        .collect()
}

fn record_of(at: DateTime<Utc>, n: usize, file: Option<&std::path::Path>) -> ExportRecord {
    let sha = file.map(|f| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(std::fs::read(f).unwrap()))
    });
    ExportRecord {
        at,
        connection: Some("Production".to_owned()),
        base_url: "https://billing.example.com/".to_owned(),
        view: serde_json::json!({"overdueOnly": true}),
        organizations: vec!["org-1".to_owned()],
        format: "csv".to_owned(),
        path: file.map(std::path::Path::to_path_buf),
        rows: n as u64,
        sha256: sha,
    }
}

fn record(history: &History, n: usize, file: Option<&std::path::Path>) -> u64 {
    let at = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, n as u32 % 60)
        .unwrap();
    let rows = rows(n);
    let snapshot = history
        .snapshot(at, rows.iter().map(SnapRow::as_ref))
        .unwrap();
    history
        .record(record_of(at, n, file), snapshot)
        .unwrap()
        .seq
}

fn lines(history: &History) -> Vec<String> {
    std::fs::read_to_string(history.dir().join(LOG_FILE_NAME))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(history: &History, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(history.dir().join(LOG_FILE_NAME), text).unwrap();
}

#[test]
fn a_100k_row_snapshot_is_small_and_reads_back_exactly() {
    let root = tempfile::tempdir().unwrap();
    let history = History::of(root.path(), "Production");
    let dir = history.dir().to_path_buf();
    let at = Utc::now();
    let rows = rows(100_000);
    let pending = history
        .snapshot(at, rows.iter().map(SnapRow::as_ref))
        .unwrap();
    let id = pending.id().to_owned();
    let entry = history
        .record(record_of(at, rows.len(), None), pending)
        .unwrap();
    assert_eq!(entry.snapshot, id, "the entry names the snapshot written");
    let path = Snapshot::path_in(&dir, &id);
    let bytes = std::fs::metadata(&path).unwrap().len();
    assert!(bytes < 10 * 1024 * 1024, "{bytes} bytes on disk");
    let back = Snapshot::load(&dir, &id).unwrap();
    assert_eq!(
        (back.id.as_str(), back.taken_at, &back.rows),
        (id.as_str(), at, &rows)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}: owner-only folder");
    }
}

#[test]
fn an_untouched_history_verifies_and_lists_every_export() {
    let data = tempfile::tempdir().unwrap();
    let history = History::of(data.path(), "Production");
    let file = data.path().join("out.csv");
    std::fs::write(&file, "number\nINV-1\n").unwrap();
    for n in 1..=4 {
        assert_eq!(record(&history, n, Some(&file)), n as u64);
    }
    let report = history.verify().unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.entries, 4);
    let (entry, snapshot) = history.snapshot_since("last").unwrap();
    assert_eq!((entry.seq, snapshot.rows.len()), (4, 4));
    assert!(compare(&snapshot.rows, &rows(4)).is_empty());

    std::fs::write(&file, "number\nINV-2\n").unwrap();
    let report = history.verify().unwrap();
    assert_eq!(report.files_changed.len(), 4, "{report:?}");
    std::fs::remove_file(&file).unwrap();
    let report = history.verify().unwrap();
    assert!(
        report.is_clean() && report.files_missing.len() == 4,
        "{report:?}"
    );
}

#[test]
fn editing_deleting_or_swapping_any_entry_is_caught() {
    let data = tempfile::tempdir().unwrap();
    let history = History::of(data.path(), "Production");
    for n in 1..=4 {
        record(&history, n, None);
    }
    let original = lines(&history);
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("edit the first", {
            let mut l = original.clone();
            l[0] = l[0].replace("\"rows\":1", "\"rows\":9");
            l
        }),
        ("edit the last", {
            let mut l = original.clone();
            l[3] = l[3].replace("\"rows\":4", "\"rows\":5");
            l
        }),
        ("delete a middle one", {
            let mut l = original.clone();
            l.remove(1);
            l
        }),
        ("delete the last", original[..3].to_vec()),
        ("swap two", {
            let mut l = original.clone();
            l.swap(1, 2);
            l
        }),
    ];
    for (what, edited) in cases {
        assert_ne!(edited, original, "{what}: the case changes something");
        write_lines(&history, &edited);
        let report = history.verify().unwrap();
        assert!(!report.tampered.is_empty(), "{what}: {report:?}");
        assert!(!report.is_clean(), "{what}");
    }
    write_lines(&history, &original);
    assert!(history.verify().unwrap().is_clean());
}

#[test]
fn a_crash_mid_append_is_named_as_such_and_the_next_export_appends_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let history = History::of(data.path(), "Production");
    record(&history, 1, None);
    record(&history, 2, None);
    // A crash after half a line: no newline, the head still on the second entry.
    let log = history.dir().join(LOG_FILE_NAME);
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"seq\":3,\"at\":\"2026-12-");
    std::fs::write(&log, &text).unwrap();
    let report = history.verify().unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.interrupted.len(), 1, "{report:?}");

    assert_eq!(
        record(&history, 3, None),
        3,
        "the next export appends after it"
    );
    let report = history.verify().unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert_eq!(report.entries, 3);
    assert_eq!(
        report.interrupted.len(),
        1,
        "the leftover stays named: {report:?}"
    );

    // A crash between the line and the head: the head one entry behind.
    let head = history.dir().join(HEAD_FILE_NAME);
    let before = std::fs::read_to_string(&head).unwrap();
    record(&history, 4, None);
    std::fs::write(&head, before).unwrap();
    let report = history.verify().unwrap();
    assert!(report.is_clean(), "{report:?}");
}

#[test]
fn old_snapshots_are_pruned_never_the_newest() {
    let data = tempfile::tempdir().unwrap();
    let history = History::of(data.path(), "Production").keeping(2);
    for n in 1..=5 {
        record(&history, n, None);
    }
    let snapshots = std::fs::read_dir(history.dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".snapshot.json.gz")
        })
        .count();
    assert_eq!(snapshots, 2);
    assert_eq!(history.snapshot_since("last").unwrap().0.seq, 5);
    let gone = history.snapshot_since("1").unwrap_err();
    assert!(gone.to_string().contains("pruned"), "{gone}");
}

#[test]
fn a_snapshot_written_beside_an_export_holds_every_row_once_recorded() {
    let data = tempfile::tempdir().unwrap();
    let history = History::of(data.path(), "Production");
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let rows = rows(20_000);
    let (value, pending) = history
        .snapshot_beside(at, rows.iter().map(SnapRow::as_ref), || {
            Ok::<_, std::io::Error>("exported")
        })
        .unwrap();
    assert_eq!(value, "exported", "the export's own value comes back");
    let pending = pending.unwrap();
    let id = pending.id().to_owned();
    assert!(
        !Snapshot::path_in(history.dir(), &id).exists(),
        "not in place before the export is recorded"
    );
    let entry = history
        .record(record_of(at, rows.len(), None), pending)
        .unwrap();
    let (since, snapshot) = history.snapshot_since("last").unwrap();
    assert_eq!((since.seq, entry.snapshot.as_str()), (1, id.as_str()));
    assert_eq!(snapshot.rows, rows);
}

#[test]
fn an_export_that_fails_leaves_no_snapshot_behind() {
    let data = tempfile::tempdir().unwrap();
    let history = History::of(data.path(), "Production");
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let rows = rows(200_000);
    let failed = history.snapshot_beside(at, rows.iter().map(SnapRow::as_ref), || {
        Err::<(), _>(std::io::Error::other("disk full"))
    });
    assert_eq!(failed.unwrap_err().to_string(), "disk full");
    let left: Vec<_> = std::fs::read_dir(history.dir())
        .map(|entries| entries.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing kept: {left:?}");
    assert!(matches!(
        history.snapshot_since("last"),
        Err(billing_core::history::HistoryError::NoExportYet)
    ));
}
