//! Log files: the app's daily files in its log folder, and the single file of `bdesk
//! --log-file`.
//!
//! The app writes `billing-desk.YYYY-MM-DD.log` (the local day) in
//! [`crate::settings::AppDirs::log_dir`], owner-only, and keeps at most [`KEEP_FILES`] of
//! them and [`MAX_TOTAL_BYTES`] in all: a new day's file prunes the oldest, and a day that
//! would go past the budget stops writing after one line that says so (standard error keeps
//! every line). A log file is never the only place a line goes, so a file that cannot be
//! written loses nothing the user would otherwise have seen. Nothing is created before the
//! first line: a run that logs nothing leaves no file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::sync::lock;

/// Daily files kept, today's included.
pub const KEEP_FILES: usize = 14;
/// Bytes all daily files may hold together.
pub const MAX_TOTAL_BYTES: u64 = 50 * 1024 * 1024;

/// The local day, asked each time a line is written (tests pass their own).
pub type Today = Arc<dyn Fn() -> NaiveDate + Send + Sync>;

/// The app's daily log files. Clones share one file; `write` never fails (see the module
/// docs), so a logging layer can write to it from any thread.
#[derive(Clone)]
pub struct DailyLog {
    inner: Arc<Mutex<Daily>>,
}

impl std::fmt::Debug for DailyLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let daily = lock(&self.inner);
        f.debug_struct("DailyLog")
            .field("dir", &daily.dir)
            .field("day", &daily.day)
            .finish()
    }
}

struct Daily {
    dir: PathBuf,
    program: &'static str,
    today: Today,
    day: Option<NaiveDate>,
    file: Option<File>,
    /// Bytes in today's file.
    written: u64,
    /// Bytes in the older files kept.
    older: u64,
    /// Today's share of the budget is used up; the line saying so is written.
    full: bool,
    /// Standard error was told that the files cannot be written.
    warned: bool,
}

impl DailyLog {
    /// The daily files of `program` in `dir`, on the local day. The folder (owner-only) and
    /// today's file are made at the first line, and the old files pruned then.
    pub fn new(dir: &Path, program: &'static str) -> DailyLog {
        DailyLog::with_today(dir, program, Arc::new(|| chrono::Local::now().date_naive()))
    }

    /// [`DailyLog::new`] with the day given by `today`.
    pub fn with_today(dir: &Path, program: &'static str, today: Today) -> DailyLog {
        DailyLog {
            inner: Arc::new(Mutex::new(Daily {
                dir: dir.to_path_buf(),
                program,
                today,
                day: None,
                file: None,
                written: 0,
                older: 0,
                full: false,
                warned: false,
            })),
        }
    }

    /// The file lines go to now, once one was written.
    pub fn current_path(&self) -> Option<PathBuf> {
        let daily = lock(&self.inner);
        daily.day.map(|day| daily.path_of(day))
    }
}

impl Daily {
    fn path_of(&self, day: NaiveDate) -> PathBuf {
        self.dir
            .join(format!("{}.{}.log", self.program, day.format("%Y-%m-%d")))
    }

    /// Opens `day`'s file and prunes the others.
    fn start(&mut self, day: NaiveDate) -> io::Result<()> {
        self.day = Some(day);
        self.file = None;
        self.full = false;
        crate::durable_file::create_private_dir(&self.dir)?;
        let path = self.path_of(day);
        let file = open_append(&path)?;
        self.written = file.metadata()?.len();
        self.file = Some(file);
        self.older = self.prune(&path)?;
        Ok(())
    }

    /// Deletes the oldest files of this program beyond [`KEEP_FILES`] and beyond
    /// [`MAX_TOTAL_BYTES`] (never `current`), and returns the bytes of the others kept.
    fn prune(&self, current: &Path) -> io::Result<u64> {
        let prefix = format!("{}.", self.program);
        let mut others: Vec<(String, u64)> = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_daily = name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".log"))
                .is_some_and(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok());
            let meta = entry.metadata()?;
            if is_daily && meta.is_file() && entry.path() != current {
                others.push((name, meta.len()));
            }
        }
        // Newest first: the names sort by their day.
        others.sort_by(|a, b| b.0.cmp(&a.0));
        let mut kept = 0u64;
        let mut total = self.written;
        for (index, (name, len)) in others.into_iter().enumerate() {
            if index + 1 < KEEP_FILES && total + len <= MAX_TOTAL_BYTES {
                kept += len;
                total += len;
            } else {
                // Best effort, and silent: this runs inside the logger, where logging would
                // write to the file being set up. A file that stays is pruned next time.
                let _ = fs::remove_file(self.dir.join(&name));
            }
        }
        Ok(kept)
    }

    fn write_line(&mut self, buf: &[u8]) {
        let today = (self.today)();
        // A day whose file cannot be opened writes nothing (standard error has the lines);
        // the next day tries again. Standard error hears of it once, not through the logger,
        // which is what is failing.
        if self.day != Some(today)
            && let Err(error) = self.start(today)
        {
            self.file = None;
            if !self.warned {
                self.warned = true;
                eprintln!(
                    "{}: cannot write log files in {}: {error}; logging to standard error only",
                    self.program,
                    self.dir.display()
                );
            }
        }
        if self.full {
            return;
        }
        let Some(file) = self.file.as_mut() else {
            return;
        };
        let len = buf.len() as u64;
        if self.older + self.written + len > MAX_TOTAL_BYTES {
            let note = b"log files reached their size limit: no more lines today (standard error has them)\n";
            let _ = file.write_all(note);
            self.full = true;
            return;
        }
        if file.write_all(buf).is_ok() {
            self.written += len;
        }
    }
}

impl Write for DailyLog {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        lock(&self.inner).write_line(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Opens `path` to append (created owner-only when missing), for `bdesk --log-file`; a
/// symbolic link at `path` is refused rather than followed.
///
/// # Errors
/// The OS error, with `path` in its message.
pub fn open_log_file(path: &Path) -> io::Result<File> {
    open_append(path).map_err(|error| {
        io::Error::new(
            error.kind(),
            format!("cannot write the log file {}: {error}", path.display()),
        )
    })
}

fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
        let flags = rustix::fs::OFlags::NOFOLLOW;
        options.custom_flags(i32::try_from(flags.bits()).unwrap_or_default());
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file",
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::atomic::{AtomicI64, Ordering};

    use super::*;

    fn clock(start: NaiveDate) -> (Today, Arc<AtomicI64>) {
        let offset = Arc::new(AtomicI64::new(0));
        let days = Arc::clone(&offset);
        let today: Today = Arc::new(move || {
            start + chrono::Days::new(u64::try_from(days.load(Ordering::SeqCst)).unwrap())
        });
        (today, offset)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_per_day_and_only_the_newest_fourteen_are_kept() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("logs");
        let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let (today, days) = clock(start);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let mut log = DailyLog::with_today(&dir, "billing-desk", today);
        assert_eq!(log.current_path(), None, "nothing before the first line");
        for day in 0..20 {
            days.store(day, Ordering::SeqCst);
            writeln!(log, "line of day {day}").unwrap();
        }
        let kept = names(&dir);
        assert_eq!(kept.len(), KEEP_FILES + 1, "{kept:?}");
        assert!(kept.contains(&"notes.txt".to_owned()), "other files stay");
        assert_eq!(
            kept.first().map(String::as_str),
            Some("billing-desk.2026-11-07.log")
        );
        assert_eq!(
            fs::read_to_string(dir.join("billing-desk.2026-11-20.log")).unwrap(),
            "line of day 19\n"
        );
        assert_eq!(
            log.current_path().unwrap(),
            dir.join("billing-desk.2026-11-20.log")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir.join("billing-desk.2026-11-20.log")), 0o600);
            let fresh = root.path().join("new-logs");
            let mut log = DailyLog::new(&fresh, "billing-desk");
            assert!(!fresh.exists(), "made at the first line, not before");
            writeln!(log, "first").unwrap();
            assert_eq!(mode(&fresh), 0o700);
        }
    }

    #[test]
    fn the_size_budget_prunes_old_days_then_stops_today_with_a_note() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().to_path_buf();
        let big = usize::try_from(MAX_TOTAL_BYTES / 2 + 1).unwrap();
        fs::write(dir.join("billing-desk.2026-10-01.log"), vec![b'x'; big]).unwrap();
        fs::write(dir.join("billing-desk.2026-10-02.log"), vec![b'x'; big]).unwrap();
        let (today, _) = clock(NaiveDate::from_ymd_opt(2026, 10, 3).unwrap());
        let mut log = DailyLog::with_today(&dir, "billing-desk", today);
        writeln!(log, "start").unwrap();
        assert_eq!(
            names(&dir),
            ["billing-desk.2026-10-02.log", "billing-desk.2026-10-03.log"],
            "the oldest goes once the budget is passed"
        );
        let line = vec![b'y'; 1024 * 1024];
        for _ in 0..40 {
            log.write_all(&line).unwrap();
        }
        let today_len = fs::metadata(dir.join("billing-desk.2026-10-03.log"))
            .unwrap()
            .len();
        assert!(
            today_len + (MAX_TOTAL_BYTES / 2 + 1) <= MAX_TOTAL_BYTES + 200,
            "{today_len}"
        );
        assert!(
            today_len > MAX_TOTAL_BYTES / 2 - 2 * 1024 * 1024,
            "{today_len}"
        );
        let text = fs::read(dir.join("billing-desk.2026-10-03.log")).unwrap();
        assert!(
            String::from_utf8_lossy(&text[text.len() - 200..]).contains("size limit"),
            "the day says why it stopped"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_place_of_the_file_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("elsewhere");
        fs::write(&target, "").unwrap();
        let link = root.path().join("bdesk.log");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let error = open_log_file(&link).unwrap_err();
        assert!(error.to_string().contains("bdesk.log"), "{error}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "", "nothing written");
    }
}
