//! What a view needs to draw a memory experiment, read off its own circuit and error model:
//! qubits at their `QUBIT_COORDS`, stabilizers with their support, the logical observable's
//! support, detectors at their `DETECTOR` coordinates, and the matching graph's edges.
//!
//! Nothing here is geometry of our own: roles come from what the circuit does to each qubit
//! (measured and reset every round: a measure qubit; measured once at the end: a data qubit;
//! given an H: an X-type stabilizer), supports from its CX gates. A 1D code (stim's
//! `repetition_code:memory`) has no `QUBIT_COORDS` and (x, t) detectors: its qubits are drawn
//! on a line at (index, 0), which is where its detectors' x puts their measure qubits.

use crate::circuit::{Circuit, Gate, Instruction, Target};
use crate::dem::DetectorErrorModel;
use crate::ints::{DetectorIndex, ObservableMask, QubitIndex};
use crate::matching::MatchingGraph;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A qubit of the circuit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QubitView {
    /// stim's qubit index.
    pub index: QubitIndex,
    /// `QUBIT_COORDS` x.
    pub x: f64,
    /// `QUBIT_COORDS` y.
    pub y: f64,
    /// `data`, or the stabilizer it measures: `X` or `Z`.
    pub role: &'static str,
    /// For measure qubits: the data qubits its CX gates touch (ascending); empty for data.
    pub support: Vec<QubitIndex>,
}

/// A detector: where and when it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DetectorView {
    /// Its `DETECTOR` x, y (absolute).
    pub x: f64,
    /// y coordinate.
    pub y: f64,
    /// Its layer t = 0 … r (the time coordinate).
    pub t: f64,
    /// The measure qubit at its (x, y), if any.
    pub qubit: Option<QubitIndex>,
}

/// A matching-graph edge, as views draw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeView {
    /// One endpoint.
    pub a: DetectorIndex,
    /// The other, or `None` for the boundary.
    pub b: Option<DetectorIndex>,
    /// Its weight ln((1 − p) / p).
    pub weight: f64,
    /// Observables it flips.
    pub observables: ObservableMask,
}

/// Everything about a task's memory that a view draws, independent of the shot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShotGeometry {
    /// Code distance.
    pub distance: u32,
    /// Rounds r.
    pub rounds: u32,
    /// `Z` or `X`.
    pub basis: &'static str,
    /// Detector layers L = r + 1.
    pub num_layers: u32,
    /// Every qubit, ascending by index.
    pub qubits: Vec<QubitView>,
    /// The data qubits whose final measurements make up observable 0 (ascending).
    pub observable_qubits: Vec<QubitIndex>,
    /// Every detector, by index.
    pub detectors: Vec<DetectorView>,
    /// Every matching-graph edge, by index.
    pub edges: Vec<EdgeView>,
}

/// Reads roles, supports and the observable off the circuit's first round and its end.
pub fn shot_geometry(
    circuit: &Circuit,
    dem: &DetectorErrorModel,
    graph: &MatchingGraph,
    distance: u32,
    rounds: u32,
    basis: &'static str,
) -> Result<ShotGeometry> {
    let reading = CircuitReading::of(circuit);
    reading.check_placeable(dem)?;
    let mut qubits = Vec::with_capacity(reading.used.len());
    for &index in &reading.used {
        let (x, y) = reading
            .coords
            .get(&index)
            .copied()
            .unwrap_or((f64::from(index), 0.0));
        let role = if reading.measure.contains(&index) {
            if reading.hadamard.contains(&index) {
                "X"
            } else {
                "Z"
            }
        } else {
            "data"
        };
        let support = reading
            .support
            .get(&index)
            .map(|set| set.iter().copied().collect())
            .unwrap_or_default();
        qubits.push(QubitView {
            index,
            x,
            y,
            role,
            support,
        });
    }
    let at: HashMap<(i64, i64), QubitIndex> = qubits
        .iter()
        .filter(|q| q.role != "data")
        .map(|q| (coordinate_key(q.x, q.y), q.index))
        .collect();
    let mut detectors = Vec::with_capacity(dem.num_detectors as usize);
    for (index, coords) in dem.detector_coords.iter().enumerate() {
        let [x, y, t] = match coords[..] {
            [x, y, t, ..] => [x, y, t],
            [x, t] => [x, 0.0, t],
            _ => {
                return Err(Error::Model {
                    reason: format!("the viewer needs (x, y, t) or (x, t) coordinates on every detector; D{index} has {coords:?}"),
                })
            }
        };
        detectors.push(DetectorView {
            x,
            y,
            t,
            qubit: at.get(&coordinate_key(x, y)).copied(),
        });
    }
    let edges = graph
        .edges
        .iter()
        .map(|edge| EdgeView {
            a: edge.node_a,
            b: edge.node_b,
            weight: edge.weight,
            observables: edge.observables,
        })
        .collect();
    Ok(ShotGeometry {
        distance,
        rounds,
        basis,
        num_layers: rounds + 1,
        qubits,
        observable_qubits: reading.observable.into_iter().collect(),
        detectors,
        edges,
    })
}

fn coordinate_key(x: f64, y: f64) -> (i64, i64) {
    ((x * 2.0).round() as i64, (y * 2.0).round() as i64)
}

/// What one pass over the flat circuit tells about its qubits.
#[derive(Default)]
struct CircuitReading {
    coords: BTreeMap<QubitIndex, (f64, f64)>,
    /// Every qubit that has coordinates or that a gate acts on.
    used: BTreeSet<QubitIndex>,
    /// Qubits measured and reset (`MR`): the measure qubits.
    measure: BTreeSet<QubitIndex>,
    /// Qubits that get an H gate.
    hadamard: BTreeSet<QubitIndex>,
    /// CX partners of each qubit (filled for every qubit; views keep those of measure qubits).
    support: HashMap<QubitIndex, BTreeSet<QubitIndex>>,
    /// Qubits whose records observable 0 includes.
    observable: BTreeSet<QubitIndex>,
}

impl CircuitReading {
    /// Refuses, naming what is missing, a circuit whose qubits cannot be placed: some qubits
    /// with `QUBIT_COORDS` and others without, or none with them while the detectors are not
    /// on one line (a 1D code's qubits are drawn at (index, 0), where its (x, t) detectors are).
    fn check_placeable(&self, dem: &DetectorErrorModel) -> Result<()> {
        let missing: Vec<String> = self
            .used
            .iter()
            .filter(|q| !self.coords.contains_key(q))
            .map(|q| q.to_string())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        if !self.coords.is_empty() {
            let shown = missing
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = missing.len().saturating_sub(8);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            let (qubits, have) = if missing.len() == 1 {
                ("qubit", "has")
            } else {
                ("qubits", "have")
            };
            return Err(Error::Model {
                reason: format!(
                    "the viewer needs QUBIT_COORDS for every qubit the circuit uses; {qubits} \
                     {shown}{more} {have} none"
                ),
            });
        }
        let off_line = dem
            .detector_coords
            .iter()
            .enumerate()
            .find(|(_, c)| match c[..] {
                [_, y, _, ..] => y != 0.0,
                _ => false,
            });
        match off_line {
            Some((index, coords)) => Err(Error::Model {
                reason: format!(
                    "the viewer needs QUBIT_COORDS to place the qubits: the circuit has none, and \
                     its detectors are not on one line (D{index} is at {coords:?}; without \
                     QUBIT_COORDS qubits are drawn at (index, 0))"
                ),
            }),
            None => Ok(()),
        }
    }

    fn of(circuit: &Circuit) -> CircuitReading {
        let mut reading = CircuitReading::default();
        let mut records: Vec<QubitIndex> = Vec::new();
        let mut cx_pairs: Vec<(QubitIndex, QubitIndex)> = Vec::new();
        circuit.for_each_flat(&mut |instruction: &Instruction| {
            let qubits = instruction.qubits();
            if !matches!(
                instruction.gate,
                Gate::Detector | Gate::ObservableInclude | Gate::ShiftCoords | Gate::Tick
            ) {
                reading.used.extend(instruction.qubits());
            }
            match instruction.gate {
                Gate::QubitCoords => {
                    if let (Some(&x), Some(&y)) =
                        (instruction.args.first(), instruction.args.get(1))
                    {
                        for q in qubits {
                            reading.coords.insert(q, (x, y));
                        }
                    }
                }
                Gate::MR => reading.measure.extend(qubits),
                Gate::H => reading.hadamard.extend(qubits),
                Gate::CX => {
                    let list: Vec<QubitIndex> = qubits.collect();
                    cx_pairs.extend(list.chunks_exact(2).map(|pair| (pair[0], pair[1])));
                }
                Gate::ObservableInclude if instruction.args.first() == Some(&0.0) => {
                    for target in &instruction.targets {
                        if let Target::Rec(back) = target {
                            if let Some(&q) = records
                                .len()
                                .checked_sub(*back as usize)
                                .and_then(|at| records.get(at))
                            {
                                reading.observable.insert(q);
                            }
                        }
                    }
                }
                _ => {}
            }
            if instruction.gate.is_measurement() {
                records.extend(instruction.qubits());
            }
        });
        for (a, b) in cx_pairs {
            if reading.measure.contains(&a) && !reading.measure.contains(&b) {
                reading.support.entry(a).or_default().insert(b);
            }
            if reading.measure.contains(&b) && !reading.measure.contains(&a) {
                reading.support.entry(b).or_default().insert(a);
            }
        }
        reading
    }
}
