"""Cross-check: `surfacelab shot` against stim 1.16 and PyMatching 2.4.

1. Matching weights. For d = 5 and 7 (r = d, both bases, stim noise p = 0.01 and 0.005), the
   detection events of 300 shots from `surfacelab shot --json --count 300` are decoded by
   PyMatching built from stim's own decomposed DEM of the same circuit. Passes when every
   shot's weight equals PyMatching's `decode(..., return_weight=True)` within 0.1 % and
   predictions agree on at least 99 % of shots (equal-weight matchings may differ).
2. Hand-made errors. On a shot of d = 5, r = 5, p = 0.001 with no detection events, every data
   qubit and every measure qubit at every round gets a `--flip qubit:round`; the detection
   events and observable flips must equal what stim gives for the same error inserted into the
   same circuit: on a data qubit, X (Z-basis memory) or Z (X-basis) where stim puts
   `before_round_data_depolarization` in that round; on a measure qubit, X where stim puts
   `before_measure_flip_probability` before that round's MR. The reference finds those places
   from stim's own noise instructions, not from our rules.
Run from the repository root with SURFACELAB_BIN set (scripts/test.sh does this).
"""

import json
import os
import subprocess
import sys

import numpy as np
import pymatching
import stim

WEIGHT_CASES = [(5, 0.01, "z"), (5, 0.01, "x"), (7, 0.005, "z"), (7, 0.005, "x")]
WEIGHT_SHOTS = 300


def shot_json(binary, args):
    out = subprocess.run(
        [binary, "shot", "--json", *args], check=True, capture_output=True, text=True
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line]


def stim_circuit(d, r, basis, **noise):
    return stim.Circuit.generated(f"surface_code:rotated_memory_{basis}", distance=d, rounds=r, **noise)


def check_weights(binary):
    failures = 0
    for d, p, basis in WEIGHT_CASES:
        circuit = stim_circuit(
            d,
            d,
            basis,
            after_clifford_depolarization=p,
            after_reset_flip_probability=p,
            before_measure_flip_probability=p,
            before_round_data_depolarization=p,
        )
        matching = pymatching.Matching.from_detector_error_model(
            circuit.detector_error_model(decompose_errors=True)
        )
        shots = shot_json(
            binary,
            ["--distance", str(d), "--rounds", str(d), "--p", str(p), "--basis", basis,
             "--count", str(WEIGHT_SHOTS), "--seed", "5"],
        )
        worst, agree = 0.0, 0
        for shot in shots:
            syndrome = np.zeros(circuit.num_detectors, dtype=np.uint8)
            syndrome[shot["detection_events"]] = 1
            prediction, weight = matching.decode(syndrome, return_weight=True)
            ours = shot["weight"]
            relative = abs(ours - weight) / max(abs(weight), 1e-9) if weight or ours else 0.0
            worst = max(worst, relative)
            mask = sum(int(bit) << k for k, bit in enumerate(prediction))
            agree += mask == shot["prediction"]
        ok = worst <= 1e-3 and agree >= 0.99 * len(shots)
        failures += not ok
        print(
            f"{'ok  ' if ok else 'FAIL'} weights d={d} p={p} {basis}: {len(shots)} shots, worst "
            f"relative difference {worst:.2e} (limit 1e-3), predictions agree on {agree}"
        )
    return failures


def stim_reference(d, r, basis, qubit, round_, on_data):
    """Detector and observable flips of one error, inserted where stim puts its noise."""
    anchored = stim_circuit(
        d, r, basis, before_round_data_depolarization=0.01, before_measure_flip_probability=0.01
    ).flattened()
    ops = list(anchored)
    if on_data:
        anchors = [i for i, op in enumerate(ops) if op.name == "DEPOLARIZE1"]
        gate = "X_ERROR" if basis == "z" else "Z_ERROR"
    else:
        anchors = [
            i for i, op in enumerate(ops)
            if op.name == "X_ERROR" and i + 1 < len(ops) and ops[i + 1].name == "MR"
        ]
        gate = "X_ERROR"
    position = anchors[round_]
    noise = {"DEPOLARIZE1", "X_ERROR", "Z_ERROR"}
    circuit = stim.Circuit()
    for i, op in enumerate(ops):
        if i == position:
            circuit.append(gate, [qubit], 1.0)
        if op.name not in noise:
            circuit.append(op)
    dets, obs = circuit.compile_detector_sampler().sample(1, separate_observables=True)
    detectors = [int(k) for k in np.flatnonzero(dets[0])]
    observables = sum(int(bit) << k for k, bit in enumerate(obs[0]))
    return detectors, observables


def check_flips(binary):
    failures = 0
    d, r, p = 5, 5, 0.001
    for basis in ["z", "x"]:
        task = ["--distance", str(d), "--rounds", str(r), "--p", str(p), "--basis", basis, "--seed", "1"]
        quiet = next(s for s in shot_json(binary, [*task, "--count", "200"]) if not s["detection_events"])
        geometry = json.loads(
            subprocess.run([binary, "shot", *task, "--geometry"], check=True, capture_output=True, text=True).stdout
        )
        checked = 0
        for qubit in geometry["qubits"]:
            on_data = qubit["role"] == "data"
            for round_ in range(r):
                flip = f"{qubit['index']}:{round_}"
                ours = shot_json(binary, [*task, "--index", str(quiet["index"]), "--flip", flip])[0]
                expected = stim_reference(d, r, basis, qubit["index"], round_, on_data)
                got = (ours["detection_events"], ours["observable_flips"])
                if got != expected:
                    failures += 1
                    print(f"FAIL flip {flip} ({qubit['role']}) {basis}: ours {got}, stim {expected}")
                checked += 1
        print(f"ok   hand-made errors {basis}: {checked} flips on shot {quiet['index']} equal stim's")
    return failures


def main():
    binary = os.environ.get("SURFACELAB_BIN")
    if not binary:
        print("SURFACELAB_BIN is not set (scripts/test.sh sets it)")
        return 1
    failures = check_weights(binary) + check_flips(binary)
    print("check_shot:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
