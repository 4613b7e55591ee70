//! The fuzz targets' properties on the stable toolchain: every file of the committed corpus
//! (`fuzz/corpus/<target>/`, seeds and the minimized inputs of every crash found) goes
//! through the same checks as `cargo fuzz run`, so `cargo test` keeps each fixed bug fixed.
//! The checks are `fuzz/src/checks.rs`, compiled into this test as a module.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../../fuzz/src/checks.rs"]
mod checks;

use std::path::PathBuf;

/// Every input of one target's committed corpus, by file name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 3,
        "the {target} corpus is committed with several seeds"
    );
    inputs
}

/// Runs `check` on every input of `target`, naming the input that fails.
fn replay(target: &str, check: fn(&[u8])) {
    for (name, input) in corpus(target) {
        let outcome = std::panic::catch_unwind(|| check(&input));
        assert!(
            outcome.is_ok(),
            "fuzz/corpus/{target}/{name} fails its check"
        );
    }
}

#[test]
fn decode_corpus_round_trips() {
    replay("decode", checks::decode);
}

#[test]
fn money_corpus_round_trips() {
    replay("money", checks::money);
}

#[test]
fn csv_corpus_reads_back_unchanged() {
    replay("csv_export", checks::csv_export);
}

#[test]
fn xlsx_corpus_reads_back_unchanged() {
    replay("xlsx_export", checks::xlsx_export);
}

#[test]
fn org_path_corpus_stays_one_segment() {
    replay("org_path", checks::org_path);
}

#[test]
fn external_link_corpus_accepts_only_safe_links() {
    replay("external_link", checks::external_link);
}
