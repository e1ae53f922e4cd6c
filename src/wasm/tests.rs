//! The facade in a real browser (wasm-bindgen-test, headless Chromium; scripts/test-wasm.sh):
//! plain objects and typed arrays across the boundary, errors as JS exceptions with the core's
//! messages, and a Run driven through the facade giving the core's own counts, also when it is
//! resumed from saved blocks (Run.restore).

use super::form::validate_form;
use super::memory::memory_for;
use super::plan::plan_for;
use super::run::Run;
use super::stats::{rates_for, read_csv_text, write_csv_text};
use super::task::Task;
use crate::circuit::{Basis, NoiseParams};
use crate::collect::{run_serial, Limits, PreparedTask};
use crate::spec::{DecoderKind, NoiseModel, Shard, TaskSpec, WindowRounds};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn form(fields: &[(&str, &str)]) -> JsValue {
    let defaults = [
        ("distances", "3"),
        ("rounds", "d"),
        ("p", "0.005"),
        ("basis", "z"),
        ("noise", "stim"),
        ("decoder", "global"),
        ("commit-rounds", ""),
        ("buffer-rounds", ""),
        ("max-shots", "5000"),
        ("max-errors", "1000000"),
        ("seed", "18446744073709551615"),
        ("workers", "2"),
        ("window-workers", "1"),
    ];
    let object = Object::new();
    for (name, value) in defaults.iter().chain(fields) {
        Reflect::set(&object, &(*name).into(), &(*value).into()).expect("setting a plain field");
    }
    object.into()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).expect("reading a plain field")
}

fn message(error: JsError) -> String {
    let value: JsValue = error.into();
    get(&value, "message").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn valid_form_has_no_messages_and_bad_fields_have_the_cores() {
    let messages = validate_form(form(&[])).expect("a plain object");
    assert_eq!(Object::keys(messages.unchecked_ref::<Object>()).length(), 0);
    let messages = validate_form(form(&[("distances", "1"), ("p", "2"), ("workers", "65")]))
        .expect("a plain object");
    assert_eq!(
        get(&messages, "distances").as_string().as_deref(),
        Some("distance must be an integer from 2 to 101, got 1")
    );
    assert!(get(&messages, "p")
        .as_string()
        .unwrap_or_default()
        .ends_with("got 2"));
    assert_eq!(
        get(&messages, "workers").as_string().as_deref(),
        Some("workers must be an integer from 1 to 64, got 65")
    );
}

#[wasm_bindgen_test]
fn plan_is_the_cores() {
    let plan = plan_for(form(&[("window-workers", "32")]), 2).expect("a valid a and b");
    assert_eq!(get(&plan, "concurrency").as_f64(), Some(64.0));
    assert_eq!(get(&plan, "zone").as_string().as_deref(), Some("too many"));
    assert_eq!(get(&plan, "windowWorkersUnused").as_bool(), Some(true));
    let error = plan_for(form(&[("workers", "0")]), 2).expect_err("b = 0 is refused");
    assert_eq!(
        message(error),
        "workers must be an integer from 1 to 64, got 0"
    );
}

#[wasm_bindgen_test]
fn a_run_through_the_facade_counts_what_the_core_counts() {
    let spec = TaskSpec {
        code: crate::circuit::CodeFamily::Rotated,
        distance: 3,
        rounds: 6,
        basis: Basis::X,
        noise: NoiseModel::Stim(NoiseParams::uniform(0.008)),
        decoder: DecoderKind::ParallelWindow,
        window: Some(WindowRounds {
            commit: 2,
            buffer: 2,
        }),
        correlated: false,
    };
    let limits = Limits {
        max_shots: 5000,
        max_errors: Some(40),
        shard: Shard::WHOLE,
    };
    let prepared = PreparedTask::prepare(spec).expect("a valid task");
    let expected = run_serial(&[prepared], &[limits], u64::MAX, 2, &|| 0.0).expect("decoders")[0];

    let fields = [
        ("rounds", "6"),
        ("p", "0.008"),
        ("basis", "x"),
        ("decoder", "parallel-window"),
        ("commit-rounds", "2"),
        ("buffer-rounds", "2"),
        ("max-errors", "40"),
    ];
    let mut run = Run::new(form(&fields)).expect("a valid form");
    let tasks = run.tasks().expect("tasks");
    let task_view = Reflect::get_u32(&tasks, 0).expect("one task");
    let mut task = Task::new(get(&task_view, "params"), false).expect("a valid task");
    assert_eq!(
        task.metadata(),
        get(&task_view, "metadata").as_string().unwrap_or_default()
    );
    let finished = drive(&mut run, &mut task);
    assert_counts(&run, expected);

    // A reload: a new Run given the blocks saved so far (not block 0, so the prefix waits for
    // it) hands out only the others and ends with the same counts.
    let mut resumed = Run::new(form(&fields)).expect("a valid form");
    let saved: Vec<_> = finished.iter().filter(|b| b.0 != 0.0).collect();
    for &&(block, shots, errors) in &saved {
        resumed
            .restore(0, &[block], &[shots], &[errors], 0.01)
            .expect("a block of this task");
    }
    let redone = drive(&mut resumed, &mut task);
    assert!(redone.iter().any(|b| b.0 == 0.0));
    assert!(redone.iter().all(|b| saved.iter().all(|s| s.0 != b.0)));
    assert_counts(&resumed, expected);
    let error = resumed.restore(0, &[99.0], &[1024], &[0], 0.0).err();
    assert_eq!(
        error.map(message).unwrap_or_default(),
        "task 0 has no block 99 of 1024 shots"
    );
}

/// Claims and runs every block `run` hands out (batches of 3, the later block of each
/// finishing first); returns them as (block, shots, errors).
fn drive(run: &mut Run, task: &mut Task) -> Vec<(f64, u32, u32)> {
    let mut finished = Vec::new();
    while let Some(batch) = Some(run.claim(3).expect("a batch")).filter(|b| !b.is_undefined()) {
        let index = get(&batch, "task").as_f64().unwrap_or(-1.0) as usize;
        let blocks: Vec<f64> = js_sys::Array::from(&get(&batch, "blocks"))
            .iter()
            .filter_map(|b| b.as_f64())
            .collect();
        let shots: Vec<u32> = js_sys::Array::from(&get(&batch, "shots"))
            .iter()
            .filter_map(|s| s.as_f64().map(|s| s as u32))
            .collect();
        let errors = task
            .run_blocks(&run.seed(), &blocks, &shots)
            .expect("blocks");
        for at in (0..blocks.len()).rev() {
            let one = |v: &[f64]| vec![v[at]];
            run.complete(index, &one(&blocks), &[shots[at]], &[errors[at]], 0.01)
                .expect("a batch of this run");
            finished.push((blocks[at], shots[at], errors[at]));
        }
    }
    finished
}

fn assert_counts(run: &Run, expected: crate::collect::Tally) {
    assert!(run.is_complete());
    let progress = Reflect::get_u32(&run.progress().expect("progress"), 0).expect("one task");
    assert_eq!(
        get(&progress, "shots").as_f64(),
        Some(expected.shots as f64)
    );
    assert_eq!(
        get(&progress, "errors").as_f64(),
        Some(expected.errors as f64)
    );
}

/// A small repetition-code round as a user would paste it.
const OWN_CIRCUIT: &str = "R 0 1 2\nX_ERROR(0.1) 0 1 2\nCX 0 1 2 1\nMR 1\nDETECTOR(1, 0) rec[-1]\n\
     M 0 2\nDETECTOR(1, 1) rec[-1] rec[-2] rec[-3]\nOBSERVABLE_INCLUDE(0) rec[-1]\n";

#[wasm_bindgen_test]
fn the_circuit_box_is_checked_and_counted_as_the_cli_does() {
    let circuit = |text: &str, extra: &[(&str, &str)]| {
        let mut fields = vec![("code", "circuit"), ("circuit", text)];
        fields.extend_from_slice(extra);
        form(&fields)
    };
    let messages = validate_form(circuit("R 0 1\nH 0\nMXX 0 1\n", &[])).expect("a plain object");
    let message = get(&messages, "circuit").as_string().unwrap_or_default();
    assert!(message.starts_with("circuit line 3: MXX"), "{message}");
    let messages = validate_form(circuit(OWN_CIRCUIT, &[("decoder", "sliding")])).expect("object");
    let message = get(&messages, "commit-rounds")
        .as_string()
        .unwrap_or_default();
    assert!(message.contains("both given"), "{message}");
    // The memory fields are not read: a bad distance beside a circuit is no error.
    let valid = circuit(OWN_CIRCUIT, &[("distances", "1"), ("max-errors", "30")]);
    let messages = validate_form(valid.clone()).expect("a plain object");
    assert_eq!(Object::keys(messages.unchecked_ref::<Object>()).length(), 0);

    let prepared = PreparedTask::from_circuit(OWN_CIRCUIT, DecoderKind::Global, None, false)
        .expect("a valid circuit");
    let metadata = prepared.metadata.clone();
    let limits = Limits {
        max_shots: 5000,
        max_errors: Some(30),
        shard: Shard::WHOLE,
    };
    let expected = run_serial(&[prepared], &[limits], u64::MAX, 2, &|| 0.0).expect("decoders")[0];
    let mut run = Run::new(valid).expect("a valid form");
    let tasks = run.tasks().expect("tasks");
    let task_view = Reflect::get_u32(&tasks, 0).expect("one task");
    assert_eq!(
        get(&task_view, "metadata").as_string(),
        Some(metadata.clone())
    );
    let mut task = Task::new(get(&task_view, "params"), false).expect("a valid task");
    assert_eq!(task.metadata(), metadata);
    drive(&mut run, &mut task);
    assert_counts(&run, expected);
}

#[wasm_bindgen_test]
fn errors_cross_as_exceptions_with_the_cores_messages() {
    let error = Run::new(form(&[("rounds", "0")]))
        .err()
        .expect("rounds 0 is refused");
    assert!(message(error).starts_with("rounds must be an integer from 1 to 1000000,"));
    let error = read_csv_text("name,value\nx,1\n").expect_err("not sinter's format");
    assert!(message(error).contains("missing column shots"));
    let error = rates_for(10.0, 11.0, 1).expect_err("errors above shots");
    assert!(message(error).contains("errors <= shots"));
    let rows = read_csv_text(&write_csv_text(js_sys::Array::new().into()).expect("empty CSV"))
        .expect("our own CSV reads back");
    assert_eq!(js_sys::Array::from(&rows).length(), 0);
}

#[wasm_bindgen_test]
fn memory_is_stated_before_a_run_and_what_does_not_fit_is_refused() {
    let fits = memory_for(form(&[("distances", "33"), ("rounds", "3")])).expect("an object");
    assert_eq!(get(&fits, "refused").as_string().as_deref(), Some(""));
    assert_eq!(get(&fits, "limit").as_string().as_deref(), Some("4 GiB"));
    let bytes = get(&fits, "perWorkerBytes").as_f64().unwrap_or(0.0);
    assert!(bytes > 20e6 && bytes < 100e6, "{bytes}");
    let big = form(&[("distances", "101"), ("rounds", "100000")]);
    let refused = memory_for(big.clone()).expect("an object");
    let reason = get(&refused, "refused").as_string().unwrap_or_default();
    assert!(reason.starts_with("task d = 101, r = 100000 (global) needs about 8 TiB per worker; a worker has 4 GiB (wasm)"), "{reason}");
    let error = Run::new(big).err().map(message).unwrap_or_default();
    assert_eq!(error, reason);
    assert!(memory_for(form(&[("distances", "1")]))
        .expect("null")
        .is_null());
}

#[wasm_bindgen_test]
fn shot_viewer_gives_the_cores_explanation() {
    use super::shot::ShotViewer;
    use crate::shot::flip::HandError;
    use crate::shot::ShotExplorer;
    let spec = TaskSpec {
        code: crate::circuit::CodeFamily::Rotated,
        distance: 3,
        rounds: 9,
        basis: Basis::X,
        noise: NoiseModel::Stim(NoiseParams::uniform(0.01)),
        decoder: DecoderKind::ParallelWindow,
        window: Some(WindowRounds {
            commit: 2,
            buffer: 2,
        }),
        correlated: false,
    };
    let params = super::to_js(&super::task::TaskParams::from_spec(&spec)).expect("params");
    let mut viewer = ShotViewer::new(params, 2).expect("a valid memory");
    let flips: JsValue = js_sys::Array::of1(&"3:4".into()).into();
    let shot = viewer
        .explain("5", 17.0.into(), flips, "parallel-window")
        .expect("a shot");
    let mut explorer = ShotExplorer::new(spec, 2).expect("a valid memory");
    let expected = explorer
        .explain(
            5,
            17,
            &[HandError::parse("3:4").unwrap()],
            DecoderKind::ParallelWindow,
        )
        .expect("a shot");
    let expected = super::to_js(&expected).expect("plain object");
    let json = |value: &JsValue| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    };
    assert_eq!(json(&shot), json(&expected));
    let error = viewer
        .explain("5", (-1.0).into(), JsValue::UNDEFINED, "global")
        .unwrap_err();
    assert!(message(error).starts_with("shot must be an integer from 0 to 9007199254740991"));
    let error = viewer
        .explain("5", "abc".into(), JsValue::UNDEFINED, "global")
        .unwrap_err();
    assert_eq!(
        message(error),
        "shot must be an integer from 0 to 9007199254740991, got abc"
    );
    let error = viewer
        .explain(
            "5",
            0.0.into(),
            js_sys::Array::of1(&"3:9".into()).into(),
            "global",
        )
        .unwrap_err();
    assert_eq!(
        message(error),
        "flip must be qubit:round with a round from 0 to r - 1 = 8, got 3:9"
    );
    let found = viewer
        .find("5", 0.0.into(), 5000.0.into(), "failure", "global")
        .expect("a search");
    assert!(get(&found, "index").as_f64().is_some());
    let verdicts = js_sys::Array::from(
        &viewer
            .compare("5", 17.0.into(), JsValue::NULL)
            .expect("verdicts"),
    );
    assert_eq!(verdicts.length(), 4);
    let huge = TaskSpec {
        code: crate::circuit::CodeFamily::Rotated,
        distance: 101,
        rounds: 100_000,
        ..spec
    };
    let params = super::to_js(&super::task::TaskParams::from_spec(&huge)).expect("params");
    let error = ShotViewer::new(params, 1).err().expect("refused");
    assert!(message(error).starts_with("task d = 101, r = 100000 (parallel-window) needs about"));
}
