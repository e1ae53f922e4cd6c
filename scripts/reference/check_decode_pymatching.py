"""Cross-check: SurfaceLab's matching against PyMatching 2.4 on the same stim-sampled shots.

For (d=5, p=0.005) and (d=9, p=0.003), rounds = d, memory_z, 10,000 shots each:
- stim 1.16 generates the circuit, its decomposed DEM and b8 detection events;
- PyMatching decodes them (predictions and matching weights);
- `surfacelab decode` decodes them twice: with stim's .dem file (import path) and with the DEM
  that `surfacelab dem` builds itself; each with both matching engines (ours, `blossom`, and the
  rmatching cross-check), chosen by the SURFACELAB_ENGINE environment variable.
Passes when, for both engines, every shot's weight is at most PyMatching's + 1e-6*max(1, weight)
and within 0.1 % of it (stim's .dem), predictions agree on at least 99.9 % of shots (both DEMs),
and every shot whose prediction differs has a matching of PyMatching's weight (|dw| at most
1e-4 * max(1, weight), the two engines' rounding), i.e. the engines only break ties differently.
Run from the repository root with SURFACELAB_BIN set (scripts/test.sh does this).
"""

import os
import subprocess
import sys
import tempfile

import numpy as np
import pymatching
import stim

from common import read_predictions, rotated_memory

SHOTS = 10_000
CASES = [(5, 0.005), (9, 0.003)]


ENGINES = ["blossom", "rmatching"]


def run(args, engine=None, **kwargs):
    env = dict(os.environ)
    if engine:
        env["SURFACELAB_ENGINE"] = engine
    return subprocess.run(args, check=True, capture_output=True, text=True, env=env, **kwargs)


def check_case(binary, workdir, d, p):
    circuit = rotated_memory("z", d, p)
    dem = circuit.detector_error_model(decompose_errors=True)
    stim_dem_path = os.path.join(workdir, f"stim_d{d}.dem")
    dem.to_file(stim_dem_path)
    sampler = circuit.compile_detector_sampler(seed=1000 + d)
    dets, _ = sampler.sample(SHOTS, separate_observables=True, bit_packed=False)
    dets_path = os.path.join(workdir, f"dets_d{d}.b8")
    np.packbits(dets, axis=1, bitorder="little").tofile(dets_path)

    matching = pymatching.Matching.from_detector_error_model(dem)
    pm_predictions, pm_weights = matching.decode_batch(dets, return_weights=True)
    pm_predictions = pm_predictions.astype(bool)

    ours_dem_path = os.path.join(workdir, f"ours_d{d}.dem")
    ours_dem = run(
        [binary, "dem", "--distance", str(d), "--rounds", str(d), "--basis", "z", "--p", str(p)]
    ).stdout
    with open(ours_dem_path, "w") as f:
        f.write(ours_dem)

    ok = True
    runs = [
        (engine, label, dem_path)
        for engine in ENGINES
        for label, dem_path in [("stim's .dem", stim_dem_path), ("our dem", ours_dem_path)]
    ]
    for engine, label, dem_path in runs:
        weights_path = os.path.join(workdir, f"weights_d{d}.txt")
        result = run(
            [binary, "decode", "--dem", dem_path, "--dets", dets_path, "--weights-out", weights_path],
            engine=engine,
        )
        ours = read_predictions(result.stdout, dem.num_observables)
        weights = np.loadtxt(weights_path, ndmin=1)
        assert ours.shape == pm_predictions.shape, (ours.shape, pm_predictions.shape)
        same = np.all(ours == pm_predictions, axis=1)
        agree = float(np.mean(same))
        tolerance = 1e-6 * np.maximum(1.0, np.abs(pm_weights))
        heavier = int(np.sum(weights > pm_weights + tolerance))
        close = float(np.mean(np.abs(weights - pm_weights) <= 1e-3 * np.maximum(1e-12, np.abs(pm_weights))))
        differ = ~same
        tie = np.abs(weights - pm_weights) <= 1e-4 * np.maximum(1.0, np.abs(pm_weights))
        not_ties = int(np.sum(differ & ~tie))
        print(
            f"d={d} p={p} {engine} {label}: predictions agree on {agree:.5%} of {SHOTS} shots; "
            f"weights within 0.1 % on {close:.5%}; heavier than PyMatching's on {heavier} shots; "
            f"max |dw| = {np.max(np.abs(weights - pm_weights)):.3g}; "
            f"{int(np.sum(differ))} differing predictions, {not_ties} of them not ties"
        )
        if label == "stim's .dem":
            ok &= heavier == 0 and close == 1.0 and not_ties == 0
        ok &= agree >= 0.999
    return ok


def main():
    binary = os.environ.get("SURFACELAB_BIN")
    if not binary or not os.path.exists(binary):
        print("SURFACELAB_BIN must name the built surfacelab binary", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as workdir:
        results = [check_case(binary, workdir, d, p) for d, p in CASES]
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
