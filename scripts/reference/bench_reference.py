"""Side-by-side baseline for SurfaceLab's benchmarks: stim sampling and PyMatching decoding rates.

For each d in --distances and p in --ps (rounds = d, rotated memory, all four stim noise
parameters = p) this times, single-threaded:

  sampling  stim's compile_detector_sampler().sample(shots, bit_packed=True, separate_observables=True)
  decoding  pymatching.Matching.from_detector_error_model(dem).decode_batch(bit-packed shots)

and prints one JSON line per case on stdout (progress goes to stderr). Each rate is the fastest of
--repeats runs, in microseconds per shot; every run's value is kept in the matching *_per_run list.
Field names follow tests/data/reference/bench_decode.json so the Rust benchmark can read either.

Run with the reference venv: `$HOME/.cache/surfacelab/venv-ref/bin/python scripts/reference/bench_reference.py`
(`npm run bench` does this after the Rust benchmark).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time

import numpy as np
import pymatching
import stim

from common import rotated_memory


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distances", default="5,9,13,17", help="comma list (default 5,9,13,17)")
    parser.add_argument("--ps", default="0.001,0.005", help="comma list (default 0.001,0.005)")
    parser.add_argument("--basis", choices=["z", "x"], default="z")
    parser.add_argument("--shots", type=int, default=100_000, help="shots per run (default 100000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per case (default 3)")
    parser.add_argument("--seed", type=int, default=2026, help="stim sampler seed")
    args = parser.parse_args()
    if args.shots < 1 or args.repeats < 1:
        parser.error("--shots and --repeats must be at least 1")
    return args


def timed(action):
    """Runs action(); returns (result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def bench_case(d: int, p: float, basis: str, shots: int, repeats: int, seed: int) -> dict:
    circuit = rotated_memory(basis, d, p)
    dem, dem_build_s, _ = timed(lambda: circuit.detector_error_model(decompose_errors=True))
    matching, matching_build_s, _ = timed(lambda: pymatching.Matching.from_detector_error_model(dem))
    sampler = circuit.compile_detector_sampler(seed=seed)

    # Warm up both (first calls touch fresh memory and lazily built tables).
    warm_dets, _ = sampler.sample(min(shots, 1024), bit_packed=True, separate_observables=True)
    matching.decode_batch(warm_dets, bit_packed_shots=True, bit_packed_predictions=True)

    sample_runs, sample_cpu_runs, decode_runs, decode_cpu_runs = [], [], [], []
    logical_errors = 0
    detection_events = 0
    for _ in range(repeats):
        (dets, obs), wall, cpu = timed(
            lambda: sampler.sample(shots, bit_packed=True, separate_observables=True)
        )
        sample_runs.append(wall * 1e6 / shots)
        sample_cpu_runs.append(cpu * 1e6 / shots)

        predictions, wall, cpu = timed(
            lambda: matching.decode_batch(dets, bit_packed_shots=True, bit_packed_predictions=True)
        )
        decode_runs.append(wall * 1e6 / shots)
        decode_cpu_runs.append(cpu * 1e6 / shots)

        logical_errors += int(np.any(predictions != obs, axis=1).sum())
        detection_events += int(np.unpackbits(dets, axis=1).sum())

    total_shots = shots * repeats
    return {
        "d": d,
        "r": d,
        "p": p,
        "basis": basis.upper(),
        "shots": shots,
        "repeats": repeats,
        "num_detectors": circuit.num_detectors,
        "dem_errors": dem.num_errors,
        "matching_edges": matching.num_edges,
        "matching_nodes": matching.num_nodes,
        "dem_build_s": dem_build_s,
        "matching_build_s": matching_build_s,
        "sample_us_per_shot": min(sample_runs),
        "sample_us_per_shot_per_run": sample_runs,
        "sample_cpu_us_per_shot": min(sample_cpu_runs),
        "sample_cpu_us_per_shot_per_run": sample_cpu_runs,
        "decode_us_per_shot": min(decode_runs),
        "decode_us_per_shot_per_run": decode_runs,
        "decode_us_per_round": min(decode_runs) / d,
        "decode_cpu_us_per_shot": min(decode_cpu_runs),
        "decode_cpu_us_per_shot_per_run": decode_cpu_runs,
        "mean_detection_events_per_shot": detection_events / total_shots,
        "logical_errors": logical_errors,
        "logical_error_rate": logical_errors / total_shots,
        "stim": stim.__version__,
        "pymatching": pymatching.__version__,
        "python": platform.python_version(),
    }


def main() -> None:
    args = parse_args()
    distances = [int(text) for text in args.distances.split(",")]
    ps = [float(text) for text in args.ps.split(",")]
    for d in distances:
        for p in ps:
            print(f"reference: d={d} r={d} p={p} ({args.shots} shots x {args.repeats})", file=sys.stderr)
            result = bench_case(d, p, args.basis, args.shots, args.repeats, args.seed)
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
