//! Every `bdesk …` line of the README's examples runs as written and succeeds, in the README's
//! order, against the stub. One substitution: the example server `https://api.example.com`
//! becomes the stub's address (no test talks to anything but loopback). `bdesk token set`
//! gets the token on standard input, as in a pipe; `bdesk demo-server` runs until it says it
//! listens and is then stopped. Needs the keyring session (scripts/with-keyring.sh) for the
//! `token` examples; outside it the test skips with a notice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{TOKEN, TestEnv, in_keyring_session, texts};

const EXAMPLE_SERVER: &str = "https://api.example.com";

/// The `bdesk` command lines of the README's shell blocks, without their comments.
fn readme_examples() -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let mut in_shell = false;
    let mut lines = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_shell = line.trim() == "```sh";
            continue;
        }
        if in_shell && line.starts_with("bdesk ") {
            let command = line.split(" #").next().unwrap_or(line).trim().to_owned();
            assert!(
                !command.contains(['"', '\'', '$', '|', '>', '<']),
                "this test runs plain argument lists; extend it for: {command}"
            );
            lines.push(command);
        }
    }
    lines
}

#[test]
fn every_bdesk_example_in_the_readme_runs_as_written() {
    let examples = readme_examples();
    assert!(
        examples.len() >= 10,
        "the README's examples were found: {examples:?}"
    );
    if !in_keyring_session("every_bdesk_example_in_the_readme_runs_as_written") {
        return;
    }
    let env = TestEnv::new();
    std::fs::write(env.path("orgs.txt"), "org_123\nacme-corp\n").unwrap();
    for example in &examples {
        let mut args: Vec<String> = example
            .split_whitespace()
            .skip(1)
            .map(|arg| {
                if arg == EXAMPLE_SERVER {
                    env.url()
                } else {
                    arg.to_owned()
                }
            })
            .collect();
        // The README's https server is the stub here, on plain http: saving it as a
        // connection needs the opt-in a real https server does not.
        if args.first().map(String::as_str) == Some("connection")
            && example.contains(EXAMPLE_SERVER)
        {
            args.push("--allow-plain-http".to_owned());
        }
        if args.first().map(String::as_str) == Some("demo-server") {
            runs_until_listening(&env, &args);
            continue;
        }
        let mut cmd = env.bare();
        cmd.args(&args);
        if args.starts_with(&["token".to_owned(), "set".to_owned()]) {
            cmd.write_stdin(format!("{TOKEN}\n"));
        }
        let output = cmd.output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "`{example}` exits 0: {}",
            texts(&output).1
        );
    }
    // The example connection and its keyring entry go again.
    env.bare()
        .args(["connection", "remove", "prod"])
        .assert()
        .code(0);
}

/// Starts a long-running example, waits for its "listening on" line, and stops it.
fn runs_until_listening(env: &TestEnv, args: &[String]) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bdesk"))
        .args(args)
        .env("BDESK_CONFIG_DIR", env.config.path())
        .current_dir(env.work.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let started = Instant::now();
    let mut listening = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if line.starts_with("listening on ") {
            listening = true;
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "bdesk {args:?} says nothing"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(listening, "bdesk {args:?} listens");
}
