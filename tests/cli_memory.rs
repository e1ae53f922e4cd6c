//! The CLI refuses, before building anything, a task that would not fit in the machine's
//! memory, with the numbers (exit status 2).

mod cli_common;
use cli_common::assert_rejected;

#[test]
fn a_task_beyond_the_machine_memory_is_refused_with_its_numbers() {
    for command in ["collect", "threshold"] {
        assert_rejected(
            &[
                command,
                "--distances",
                "101",
                "--rounds",
                "100000",
                "--p",
                "0.001",
                "--max-shots",
                "10",
                "--seed",
                "1",
            ],
            &[
                "task d = 101, r = 100000 (global) needs about 8 TiB",
                "this machine has",
            ],
        );
    }
    assert_rejected(
        &[
            "sweep",
            "--distance",
            "101",
            "--rounds",
            "100000",
            "--grid",
            "1x1",
            "--seed",
            "1",
        ],
        &[
            "(parallel-window) needs about",
            "TiB",
            "use fewer rounds or a smaller distance",
        ],
    );
}
