"""The stim / PyMatching side of `npm run bench`, and the end-to-end timer of both sides.

Three subcommands, each printing one JSON line per case on stdout (progress on stderr):

  data --dir DIR --cases d:p:shots,...
      For each case (rotated memory, rounds = d, all four stim noise parameters = p, Z basis):
      stim's decomposed .dem and `shots` b8 detection events (seed 2026) with their observables,
      written once into DIR and reused when already there. The line is the case's manifest
      entry: {case, d, p, shots, dem, dets, obs, num_detectors, num_observables}.
  loop --manifest FILE [--case NAME]
      Single-threaded rates on the manifest's shots, in µs/shot: stim's sampler (same circuit,
      as many shots), PyMatching's `decode_batch` (bit-packed in and out) and
      `decode_batch(enable_correlations=True)` on a Matching built with correlations. Graph
      builds are outside the timing.
  e2e --manifest FILE --bin SURFACELAB_BIN [--engines blossom,rmatching] [--case NAME]
      The whole job as a user meets it, timed as the wall clock of the whole process (start to
      exit, predictions written): `surfacelab decode --dem M --dets D --out P [--correlated]`
      per engine (SURFACELAB_ENGINE), and `scripts/reference/pymatching_decode.py` (stim reads
      the b8 file, PyMatching builds and decodes, stim writes the predictions) in one Python
      process. Plain and correlated, alternating the programs. Each run's CPU time (user + sys,
      from wait4) is kept too, and PyMatching's own phases; predictions are compared with
      PyMatching's (agreement = fraction of shots with equal predictions).

Everything is single-threaded: `surfacelab decode` and `decode_batch` use one thread.
Run with the reference venv's python; scripts/bench.sh drives it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

import numpy as np
import pymatching
import stim

from common import rotated_memory

SEED = 2026
HERE = os.path.dirname(os.path.abspath(__file__))


def case_name(d: int, p: float) -> str:
    return f"d{d}_r{d}_p{p}"


def write_data(directory: str, cases: str) -> None:
    os.makedirs(directory, exist_ok=True)
    for text in cases.split(","):
        d_text, p_text, shots_text = text.split(":")
        d, p, shots = int(d_text), float(p_text), int(shots_text)
        stem = os.path.join(directory, f"{case_name(d, p)}_s{shots}")
        circuit = rotated_memory("z", d, p)
        paths = {"dem": stem + ".dem", "dets": stem + ".b8", "obs": stem + ".obs.b8"}
        if not all(os.path.exists(path) for path in paths.values()):
            print(f"bench data: {case_name(d, p)} ({shots} stim shots)", file=sys.stderr)
            circuit.detector_error_model(decompose_errors=True).to_file(paths["dem"])
            circuit.compile_detector_sampler(seed=SEED).sample_write(
                shots,
                filepath=paths["dets"],
                format="b8",
                obs_out_filepath=paths["obs"],
                obs_out_format="b8",
            )
        entry = {"case": case_name(d, p), "d": d, "p": p, "shots": shots, **paths}
        entry["num_detectors"] = circuit.num_detectors
        entry["num_observables"] = circuit.num_observables
        print(json.dumps(entry), flush=True)


def read_manifest(path: str, only: str | None) -> list[dict]:
    with open(path) as file:
        entries = [json.loads(line) for line in file if line.startswith("{")]
    return [entry for entry in entries if only is None or entry["case"] == only]


def read_dets(entry: dict) -> np.ndarray:
    return stim.read_shot_data_file(
        path=entry["dets"], format="b8", num_detectors=entry["num_detectors"], bit_packed=True
    )


def timed(action):
    """Runs action(); returns (result, wall seconds)."""
    wall = time.perf_counter()
    result = action()
    return result, time.perf_counter() - wall


def loop_case(entry: dict) -> dict:
    shots = entry["shots"]
    dem = stim.DetectorErrorModel.from_file(entry["dem"])
    dets = read_dets(entry)
    actual = stim.read_shot_data_file(
        path=entry["obs"], format="b8", num_observables=entry["num_observables"], bit_packed=True
    )
    circuit = rotated_memory("z", entry["d"], entry["p"])
    sampler = circuit.compile_detector_sampler(seed=SEED)
    sampler.sample(1024, bit_packed=True, separate_observables=True)
    _, sample_s = timed(lambda: sampler.sample(shots, bit_packed=True, separate_observables=True))

    row = {"kind": "loop", "case": entry["case"], "d": entry["d"], "p": entry["p"], "shots": shots}
    row["stim_sample_us_per_shot"] = sample_s * 1e6 / shots
    for label, correlated in (("plain", False), ("correlated", True)):
        matching = pymatching.Matching.from_detector_error_model(
            dem, enable_correlations=correlated
        )
        # Warm up (first calls touch fresh memory and lazily built tables).
        matching.decode_batch(
            dets[:256],
            bit_packed_shots=True,
            bit_packed_predictions=True,
            enable_correlations=correlated,
        )
        predictions, seconds = timed(
            lambda: matching.decode_batch(
                dets,
                bit_packed_shots=True,
                bit_packed_predictions=True,
                enable_correlations=correlated,
            )
        )
        row[f"pymatching_{label}_us_per_shot"] = seconds * 1e6 / shots
        row[f"pymatching_{label}_logical_errors"] = int(
            np.any(predictions != actual, axis=1).sum()
        )
    row["stim"] = stim.__version__
    row["pymatching"] = pymatching.__version__
    row["python"] = platform.python_version()
    return row


def run_process(argv: list[str], env: dict) -> tuple[float, float, str]:
    """Runs argv to its end; returns (wall seconds, CPU seconds user + sys, stderr)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench e2e: {' '.join(argv)} failed ({process.returncode}): {stderr}")
    return wall, usage.ru_utime + usage.ru_stime, stderr


def read_01(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def agreement(ours: bytes, theirs: bytes) -> float:
    rows_ours, rows_theirs = ours.split(b"\n"), theirs.split(b"\n")
    if len(rows_ours) != len(rows_theirs):
        return 0.0
    shots = max(1, len([row for row in rows_theirs if row]))
    equal = sum(1 for a, b in zip(rows_ours, rows_theirs) if a == b and a)
    return equal / shots


def e2e_case(entry: dict, binary: str, engines: list[str], workdir: str) -> list[dict]:
    rows = []
    python = sys.executable
    job = os.path.join(HERE, "pymatching_decode.py")
    for label, flags in (("plain", []), ("correlated", ["--correlated"])):
        row = {"kind": "e2e", "case": entry["case"], "d": entry["d"], "p": entry["p"]}
        row["shots"], row["decoding"] = entry["shots"], label
        theirs_path = os.path.join(workdir, f"{entry['case']}_{label}_pymatching.01")
        args = ["--dem", entry["dem"], "--dets", entry["dets"]]
        wall, cpu, stderr = run_process(
            [python, job, *args, "--out", theirs_path, *flags], dict(os.environ)
        )
        row["pymatching_s"], row["pymatching_cpu_s"] = wall, cpu
        phases = json.loads(stderr.strip().splitlines()[-1])
        row["pymatching_phases_s"] = phases
        row["pymatching_work_s"] = sum(v for k, v in phases.items() if k != "imports")
        theirs = read_01(theirs_path)
        for engine in engines:
            ours_path = os.path.join(workdir, f"{entry['case']}_{label}_{engine}.01")
            env = dict(os.environ, SURFACELAB_ENGINE=engine)
            wall, cpu, _ = run_process([binary, "decode", *args, "--out", ours_path, *flags], env)
            row[f"{engine}_s"], row[f"{engine}_cpu_s"] = wall, cpu
            row[f"{engine}_agreement"] = agreement(read_01(ours_path), theirs)
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data")
    data.add_argument("--dir", required=True)
    data.add_argument("--cases", required=True, help="comma list of d:p:shots")
    loop = sub.add_parser("loop")
    loop.add_argument("--manifest", required=True)
    loop.add_argument("--case")
    e2e = sub.add_parser("e2e")
    e2e.add_argument("--manifest", required=True)
    e2e.add_argument("--case")
    e2e.add_argument("--bin", required=True)
    e2e.add_argument("--engines", default="blossom,rmatching")
    args = parser.parse_args()

    if args.command == "data":
        write_data(args.dir, args.cases)
        return
    entries = read_manifest(args.manifest, args.case)
    if not entries:
        raise SystemExit(f"bench: no case {args.case!r} in {args.manifest}")
    for entry in entries:
        if args.command == "loop":
            print(f"bench loop: {entry['case']} stim + PyMatching", file=sys.stderr)
            print(json.dumps(loop_case(entry)), flush=True)
        else:
            print(f"bench e2e: {entry['case']} PyMatching + surfacelab decode", file=sys.stderr)
            workdir = os.path.dirname(os.path.abspath(args.manifest))
            engines = [name for name in args.engines.split(",") if name]
            for row in e2e_case(entry, args.bin, engines, workdir):
                print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
