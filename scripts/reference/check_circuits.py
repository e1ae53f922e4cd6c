"""Cross-check: `surfacelab collect --circuit FILE` against sinter + PyMatching on corpus circuits.

For a selection of tests/data/circuit_corpus/ (every kind of instruction the reader supports:
CZ-based and MPP-based rounds, Y-basis resets and measurements, PAULI_CHANNEL_1/2,
CORRELATED_ERROR, nested REPEAT, inverted measurements, the repetition and unrotated codes,
stim's d = 3 color code) it checks:
- the CSV row's metadata is {"circuit": SHA-256 hex of the file's text};
- our logical error rate with global matching is within 4 combined standard errors of sinter's
  with PyMatching on the same circuit (sinter builds the model with
  approximate_disjoint_errors=True, as our builder does);
- `surfacelab dem --circuit FILE` has stim's symptoms (total probability per symptom within
  1e-9 relative);
- a circuit with an unsupported instruction is refused with its line number.
Run from the repository root with SURFACELAB_BIN set (scripts/test.sh does this). About 30 s.
"""

import csv
import hashlib
import io
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile

import sinter
import stim

from common import by_symptom, cli

CORPUS = pathlib.Path("tests/data/circuit_corpus")
CASES = [
    "cz_round_d3_r3",
    "mpp_z_d3_r3",
    "mpp_x_d3_r2_inverted",
    "y_basis_h_yz_d3_r3",
    "pauli_channel_1_biased_d3_r3",
    "pauli_channel_2_d3_r3",
    "correlated_error_d3_r3",
    "nested_repeat_repetition_d5",
    "flipped_measurements_d3_r3",
    "unrotated_x_d3_r2_measure",
    "identity_pairs_z_d3_r2",
    "color_code_xyz_d3_r3",
]
SHOTS = 40_000
SEED = 12345
RELATIVE_TOLERANCE = 1e-9


def ours(binary, path: pathlib.Path) -> tuple:
    text = cli(
        binary, "collect", "--circuit", str(path), "--max-shots", str(SHOTS), "--seed", str(SEED),
        "--no-progress",
    )
    (row,) = list(csv.DictReader(io.StringIO(text), skipinitialspace=True))
    return int(row["shots"]), int(row["errors"]), json.loads(row["json_metadata"])


def theirs() -> dict:
    tasks = [
        sinter.Task(circuit=stim.Circuit.from_file(CORPUS / f"{name}.stim"), json_metadata={"name": name})
        for name in CASES
    ]
    stats = sinter.collect(
        num_workers=2, tasks=tasks, decoders=["pymatching"], max_shots=SHOTS, print_progress=False
    )
    return {s.json_metadata["name"]: (s.shots, s.errors) for s in stats}


def check_dem(binary, path: pathlib.Path) -> list:
    circuit = stim.Circuit.from_file(path)
    expected = by_symptom(circuit.detector_error_model(decompose_errors=True, approximate_disjoint_errors=True))
    got = by_symptom(stim.DetectorErrorModel(cli(binary, "dem", "--circuit", str(path))))
    if got.keys() != expected.keys():
        return [f"{path.stem}: dem symptoms differ ({len(got)} here, {len(expected)} in stim)"]
    for key, q in expected.items():
        if abs(got[key] - q) > RELATIVE_TOLERANCE * abs(q):
            return [f"{path.stem}: dem {key} has p = {got[key]} here but {q} in stim"]
    return []


def check_refusal(binary) -> list:
    with tempfile.NamedTemporaryFile("w", suffix=".stim", delete=False) as f:
        f.write("R 0 1\nH 0\nMXX 0 1\nDETECTOR rec[-1]\n")
    result = subprocess.run([binary, "dem", "--circuit", f.name], capture_output=True, text=True)
    os.unlink(f.name)
    if result.returncode == 0 or "line 3" not in result.stderr or "MXX" not in result.stderr:
        return [f"an MXX circuit should be refused naming line 3, got: {result.stderr.strip()!r}"]
    return []


def main() -> None:
    binary = os.environ["SURFACELAB_BIN"]
    problems = check_refusal(binary)
    reference = theirs()
    for name in CASES:
        path = CORPUS / f"{name}.stim"
        problems += check_dem(binary, path)
        shots, errors, metadata = ours(binary, path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if metadata != {"circuit": digest}:
            problems.append(f"{name}: metadata {metadata}, expected the circuit's SHA-256 {digest}")
        their_shots, their_errors = reference[name]
        p1, p2 = errors / shots, their_errors / their_shots
        sigma = math.sqrt(p1 * (1 - p1) / shots + p2 * (1 - p2) / their_shots)
        z = abs(p1 - p2) / sigma if sigma > 0 else (0.0 if p1 == p2 else math.inf)
        print(f"{name}: ours {errors}/{shots} = {p1:.5f}, sinter {their_errors}/{their_shots} = {p2:.5f}, {z:.2f} sigma")
        if z > 4:
            problems.append(f"{name}: logical error rates differ by {z:.2f} combined standard errors")
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
