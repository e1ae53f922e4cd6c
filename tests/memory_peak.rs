//! The memory estimate adds up: for a 6-task native run with 2 workers, what
//! `spec::check_native_run` budgets is at least the peak resident memory the run measures
//! (`/usr/bin/time -v`, where there is one; elsewhere the test fails rather than pass unseen).
//! Workers move from task to task, dropping each task's decoder before building the next.

mod task_common;

use std::process::Command;
use surfacelab::circuit::Basis;
use surfacelab::spec::{check_native_run, format_bytes, DecoderKind};

/// Peak resident bytes from `/usr/bin/time -v`'s report.
fn max_resident_bytes(report: &str) -> u64 {
    let line = report
        .lines()
        .find(|line| line.contains("Maximum resident set size (kbytes)"))
        .unwrap_or_else(|| panic!("no peak memory in /usr/bin/time's report: {report}"));
    let kbytes: u64 = line
        .rsplit(':')
        .next()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or_else(|| panic!("unreadable peak memory: {line}"));
    kbytes * 1024
}

#[test]
fn the_estimate_bounds_the_measured_peak_of_a_six_task_run() {
    let (distances, ps) = ([9u32, 11, 13], [0.004, 0.008]);
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_surfacelab"))
        .args([
            "collect",
            "--distances",
            "9,11,13",
            "--rounds",
            "d",
            "--p",
            "0.004,0.008",
            "--max-shots",
            "3072",
            "--workers",
            "2",
            "--batch-blocks",
            "1",
            "--seed",
            "1",
            "--no-progress",
        ])
        .env_remove("NUM_WORKERS")
        .env_remove("WINDOW_PARALLEL_WORKERS")
        .output()
        .expect("/usr/bin/time runs (GNU time is needed for this test)");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{report}");
    let rows = String::from_utf8_lossy(&output.stdout).lines().count() - 1;
    assert_eq!(rows, 6, "six tasks");
    let measured = max_resident_bytes(&report);
    let specs: Vec<_> = distances
        .iter()
        .flat_map(|&d| {
            ps.iter()
                .map(move |&p| task_common::spec(DecoderKind::Global, Basis::Z, d, d, p))
        })
        .collect();
    let estimate = check_native_run(&specs, 2, u64::MAX, true).expect("no machine limit");
    println!(
        "6 tasks, 2 workers: measured peak {} ({measured} B), estimate {} ({estimate} B), ratio {:.2}",
        format_bytes(measured),
        format_bytes(estimate),
        estimate as f64 / measured as f64
    );
    assert!(
        estimate >= measured,
        "the estimate {estimate} B is below the measured peak {measured} B"
    );
}
