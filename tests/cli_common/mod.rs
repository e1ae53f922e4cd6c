//! What the command-line tests share: run the binary, read its output, check a refusal.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `surfacelab` with `args`, without the worker-count environment variables.
pub fn surfacelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_surfacelab"))
        .args(args)
        .env_remove("NUM_WORKERS")
        .env_remove("WINDOW_PARALLEL_WORKERS")
        .output()
        .expect("the surfacelab binary runs")
}

/// The standard output of a run that must have succeeded.
pub fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("utf-8 output")
}

/// Asserts exit status 2 and a one-line message containing every fragment.
pub fn assert_rejected(args: &[&str], fragments: &[&str]) {
    let output = surfacelab(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    for fragment in fragments {
        assert!(
            stderr.contains(fragment),
            "{args:?}: {stderr:?} lacks {fragment:?}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}
