//! Circuit → error model → sample → decode on small random circuits. The fuzz bytes are a
//! program for a tiny circuit (at most 6 qubits and 48 instructions, noise of every kind,
//! detectors and observables over recent measurements, an occasional short REPEAT), written
//! as stim text and read by the `.stim` reader. Each stage may refuse the circuit with an error
//! (a detector that is not deterministic, an error that does not decompose into graph edges);
//! none may panic, and (without negative-weight edges) no defects must decode to no flip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use std::fmt::Write;
use surfacelab::circuit::parse::parse_circuit;
use surfacelab::dem::detector_error_model;
use surfacelab::matching::{Matcher, MatchingDetails, MatchingGraph};
use surfacelab::sample::{Sampler, ShotBatch};

const MAX_QUBITS: u8 = 6;
const MAX_INSTRUCTIONS: usize = 48;

/// Reads the fuzz bytes one at a time, zeros once they run out.
struct Bytes<'a>(std::slice::Iter<'a, u8>);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }

    fn below(&mut self, n: u8) -> u8 {
        self.next() % n
    }

    /// A probability: often a typical small one, sometimes 0 or up to 0.5.
    fn probability(&mut self) -> f64 {
        match self.next() {
            0 => 0.0,
            byte if byte < 128 => f64::from(byte) * 1e-3,
            byte => f64::from(byte - 128) / 254.0,
        }
    }
}

/// State of the program: qubits in use and measurements so far.
struct Writer {
    text: String,
    num_qubits: u8,
    measurements: u32,
}

impl Writer {
    fn qubit(&self, bytes: &mut Bytes) -> u8 {
        bytes.below(self.num_qubits)
    }

    fn pair(&self, bytes: &mut Bytes) -> Option<(u8, u8)> {
        let a = self.qubit(bytes);
        let b = self.qubit(bytes);
        (a != b).then_some((a, b))
    }

    /// Up to three `rec[-k]` targets within the measurements so far.
    fn records(&self, bytes: &mut Bytes) -> String {
        let mut targets = String::new();
        if self.measurements == 0 {
            return targets;
        }
        for _ in 0..=bytes.below(3) {
            let lookback = 1 + u32::from(bytes.next()) % self.measurements.min(12);
            let _ = write!(targets, " rec[-{lookback}]");
        }
        targets
    }

    fn instruction(&mut self, bytes: &mut Bytes) {
        let line = match bytes.below(15) {
            0 => format!("R {}", self.qubit(bytes)),
            1 => format!("RX {}", self.qubit(bytes)),
            2 | 3 => {
                let gate = ["M", "MX", "MR"][usize::from(bytes.below(3))];
                let q = self.qubit(bytes);
                let flip = bytes.below(4) == 0;
                self.measurements += 1;
                if flip {
                    format!("{gate}({}) {q}", bytes.probability())
                } else {
                    format!("{gate} {q}")
                }
            }
            4 => format!("H {}", self.qubit(bytes)),
            5 | 6 => match self.pair(bytes) {
                Some((a, b)) => format!("CX {a} {b}"),
                None => "TICK".into(),
            },
            7 => format!("X_ERROR({}) {}", bytes.probability(), self.qubit(bytes)),
            8 => format!("Z_ERROR({}) {}", bytes.probability(), self.qubit(bytes)),
            9 => format!("DEPOLARIZE1({}) {}", bytes.probability(), self.qubit(bytes)),
            10 => match self.pair(bytes) {
                Some((a, b)) => format!("DEPOLARIZE2({}) {a} {b}", bytes.probability()),
                None => "TICK".into(),
            },
            11 | 12 => format!("DETECTOR{}", self.records(bytes)),
            13 => format!(
                "OBSERVABLE_INCLUDE({}){}",
                bytes.below(3),
                self.records(bytes)
            ),
            _ => "TICK".into(),
        };
        self.text.push_str(&line);
        self.text.push('\n');
    }
}

/// The circuit's stim text; a REPEAT block (2 … 4 passes) wraps a stretch of it.
fn circuit_text(data: &[u8]) -> String {
    let mut bytes = Bytes(data.iter());
    let mut writer = Writer {
        text: String::new(),
        num_qubits: 1 + bytes.below(MAX_QUBITS),
        measurements: 0,
    };
    let repeat_at = usize::from(bytes.next());
    let repeat_len = 1 + usize::from(bytes.below(8));
    let repeat_count = 2 + bytes.below(3);
    let count = data.len().min(MAX_INSTRUCTIONS * 3) / 3;
    for index in 0..count.min(MAX_INSTRUCTIONS) {
        if index == repeat_at {
            let _ = writeln!(writer.text, "REPEAT {repeat_count} {{");
            let before = writer.measurements;
            for _ in 0..repeat_len {
                writer.instruction(&mut bytes);
            }
            // Later look-backs may reach into any pass of the block.
            writer.measurements = before + (writer.measurements - before) * u32::from(repeat_count);
            writer.text.push_str("}\n");
        }
        writer.instruction(&mut bytes);
    }
    writer.text
}

fuzz_target!(|data: &[u8]| {
    let text = circuit_text(data);
    let circuit = parse_circuit(&text).expect("the generated text is valid stim");
    let Ok(model) = detector_error_model(&circuit) else {
        return;
    };
    let sampler = Sampler::new(&model);
    let mut batch = ShotBatch::zeroed(0, 0);
    sampler.sample(&mut Xoshiro256PlusPlus::seed_from_u64(5), 64, &mut batch);
    assert_eq!(batch.num_detectors, model.num_detectors as usize);
    let Ok(graph) = MatchingGraph::from_dem(&model) else {
        return;
    };
    let Ok(mut matcher) = Matcher::new(&graph) else {
        return;
    };
    let (mut defects, mut details) = (Vec::new(), MatchingDetails::default());
    if graph.edges.iter().all(|edge| edge.weight >= 0.0) {
        matcher.decode_details(&[], &mut details);
        assert_eq!(details.observables, 0, "no defects, no flip");
    }
    for shot in 0..batch.num_shots {
        batch.defects_into(shot, &mut defects);
        matcher.decode_details(&defects, &mut details);
    }
});
