//! Shots of a stim circuit of the user's own (`surfacelab shot --circuit FILE.stim`) rather
//! than a generated memory: the same stream as `collect --circuit` (keyed by the text's
//! SHA-256), decoded and explained the same way. What a generated memory knows and a circuit
//! does not (a distance to default window rounds to, rounds to place hand-made errors in) is
//! refused with what is missing; its geometry comes from its own `QUBIT_COORDS` and detector
//! coordinates.

use super::geometry::{shot_geometry, ShotGeometry};
use super::{DecoderSlot, ShotExplorer};
use crate::circuit::parse::parse_circuit;
use crate::collect::circuit_task::circuit_window;
use crate::collect::PreparedTask;
use crate::spec::{DecoderKind, TaskSpec, WindowRounds};
use crate::window::WindowThreads;
use crate::Result;

impl ShotExplorer {
    /// Prepares the circuit `text` decoded by `decoder` (with `window` rounds for a window
    /// decoder); `window_threads` (a) labels which window thread decodes each window.
    pub fn from_circuit(
        text: &str,
        decoder: DecoderKind,
        window: Option<WindowRounds>,
        correlated: bool,
        window_threads: u32,
    ) -> Result<ShotExplorer> {
        let task = PreparedTask::from_circuit(text, decoder, window, correlated)?;
        let traced = task.new_traced_decoder(WindowThreads::Sequential, None)?;
        Ok(ShotExplorer {
            spec: task.spec,
            window_threads: window_threads.max(1),
            slots: vec![DecoderSlot {
                kind: decoder,
                task,
                decoder: traced,
            }],
            hand: None,
            circuit: Some(text.to_string()),
            block: None,
            fired: None,
        })
    }

    /// The circuit decoded by `kind`: a window decoder takes the window rounds asked for (a
    /// circuit has no distance to default them to), correlated where `kind` can be.
    pub(super) fn circuit_spec_for(&self, kind: DecoderKind) -> Result<TaskSpec> {
        let asked = self.spec.window;
        let window = circuit_window(kind, asked.map(|w| w.commit), asked.map(|w| w.buffer))?;
        Ok(TaskSpec {
            decoder: kind,
            window,
            correlated: self.spec.correlated && kind != DecoderKind::IndependentWindows,
            ..self.spec
        })
    }

    /// The circuit's geometry, read off its own `QUBIT_COORDS` and detector coordinates
    /// ([`shot_geometry`] refuses, naming them, qubits or detectors it cannot place). Distance
    /// 0 and basis `""`: a circuit has neither.
    pub(super) fn circuit_geometry(&mut self) -> Result<ShotGeometry> {
        let text = self.circuit.clone().unwrap_or_default();
        let circuit = parse_circuit(&text)?;
        let layers = self.spec.rounds;
        let kind = self.spec.decoder;
        let slot = self.slot(kind)?;
        let whole = slot.task.whole()?;
        shot_geometry(
            &circuit,
            &whole.dem,
            &whole.graph,
            0,
            layers.saturating_sub(1),
            "",
        )
    }
}
