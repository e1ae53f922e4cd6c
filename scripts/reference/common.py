"""Pieces the reference scripts share: running the CLI, stim's uniform-noise rotated memory
circuit, reading `surfacelab decode` predictions and summing a DEM's errors by symptom.

The scripts run as `python scripts/reference/X.py`, so this directory is on sys.path and they
import it as `common`.
"""

import subprocess

import numpy as np
import stim


def cli(binary, *args):
    """Runs the CLI and returns its stdout; a failing run raises with its stderr attached."""
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def rotated_memory(basis: str, d: int, p: float) -> stim.Circuit:
    """stim's rotated memory circuit, r = d, with all four noise parameters equal to p (our --p)."""
    return stim.Circuit.generated(
        f"surface_code:rotated_memory_{basis}",
        distance=d,
        rounds=d,
        after_clifford_depolarization=p,
        after_reset_flip_probability=p,
        before_measure_flip_probability=p,
        before_round_data_depolarization=p,
    )


def read_predictions(text, num_observables):
    """`surfacelab decode` prints one 0/1 row per shot; returns the first num_observables columns."""
    rows = [line for line in text.splitlines() if line]
    return np.array([[c == "1" for c in row[:num_observables]] for row in rows], dtype=bool)


def by_symptom(dem: stim.DetectorErrorModel) -> dict:
    """Total probability per (detectors, observables) symptom, errors XOR-combined, so two DEMs
    that split or merge errors differently but mean the same compare equal."""
    totals = {}
    for instruction in dem.flattened():
        if instruction.type != "error":
            continue
        p = instruction.args_copy()[0]
        detectors, observables = set(), set()
        for target in instruction.targets_copy():
            if target.is_relative_detector_id():
                detectors ^= {target.val}
            elif target.is_logical_observable_id():
                observables ^= {target.val}
        key = (tuple(sorted(detectors)), tuple(sorted(observables)))
        q = totals.get(key, 0.0)
        totals[key] = q * (1 - p) + (1 - q) * p
    return totals
