"""Cross-check: SurfaceLab's correlated matching against PyMatching 2.4's enable_correlations=True.

For d = 5 and 7, rounds = d, p = 0.003 and 0.005, memory in the Z and the X basis, 20,000 shots
each:
- stim 1.16 generates the circuit (uniform circuit noise), its decomposed DEM and b8 detection
  events;
- PyMatching decodes them with correlations (and without, for comparison);
- `surfacelab decode --correlated` decodes them from stim's .dem file.
Passes when, in every case, the predictions agree with PyMatching's correlated ones on at least
99.5 % of shots and the two logical error rates are within 3 combined standard errors, and when
over all cases correlated decoding (ours) makes fewer logical errors than plain matching.
Run from the repository root with SURFACELAB_BIN set (scripts/test.sh does this).
"""

import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pymatching
import stim

from common import read_predictions, rotated_memory

SHOTS = 20_000
CASES = [(d, p, basis) for d in (5, 7) for p in (0.003, 0.005) for basis in ("z", "x")]
MIN_AGREEMENT = 0.995


def run(args):
    return subprocess.run(args, check=True, capture_output=True, text=True)


def standard_error(errors, shots):
    rate = errors / shots
    return math.sqrt(rate * (1 - rate) / shots)


def check_case(binary, workdir, d, p, basis):
    circuit = rotated_memory(basis, d, p)
    dem = circuit.detector_error_model(decompose_errors=True)
    dem_path = os.path.join(workdir, f"d{d}_{basis}.dem")
    dem.to_file(dem_path)
    seed = 7000 + 100 * d + int(p * 1000) + (1 if basis == "x" else 0)
    sampler = circuit.compile_detector_sampler(seed=seed)
    dets, actual = sampler.sample(SHOTS, separate_observables=True, bit_packed=False)
    dets_path = os.path.join(workdir, f"dets_d{d}_{basis}.b8")
    np.packbits(dets, axis=1, bitorder="little").tofile(dets_path)

    plain = pymatching.Matching.from_detector_error_model(dem)
    plain_errors = int(np.sum(np.any(plain.decode_batch(dets) != actual, axis=1)))
    correlated = pymatching.Matching.from_detector_error_model(dem, enable_correlations=True)
    start = time.perf_counter()
    pm = correlated.decode_batch(dets, enable_correlations=True).astype(bool)
    pm_seconds = time.perf_counter() - start

    start = time.perf_counter()
    result = run([binary, "decode", "--correlated", "--dem", dem_path, "--dets", dets_path])
    ours_seconds = time.perf_counter() - start
    ours = read_predictions(result.stdout, dem.num_observables)
    assert ours.shape == pm.shape, (ours.shape, pm.shape)

    agree = float(np.mean(np.all(ours == pm, axis=1)))
    pm_errors = int(np.sum(np.any(pm != actual, axis=1)))
    our_errors = int(np.sum(np.any(ours != actual, axis=1)))
    combined = math.hypot(standard_error(pm_errors, SHOTS), standard_error(our_errors, SHOTS))
    gap = abs(pm_errors - our_errors) / SHOTS
    ok = agree >= MIN_AGREEMENT and gap <= 3 * combined
    print(
        f"d={d} p={p} basis={basis.upper()}: agree on {agree:.4%} of {SHOTS} shots; logical errors "
        f"ours {our_errors}, PyMatching correlated {pm_errors} (plain {plain_errors}); "
        f"|dLER| = {gap:.2e} vs 3 SE = {3 * combined:.2e}; decode {ours_seconds:.2f} s (process) "
        f"vs PyMatching {pm_seconds:.2f} s (decode_batch) {'ok' if ok else 'FAIL'}"
    )
    return ok, our_errors, plain_errors


def main():
    binary = os.environ.get("SURFACELAB_BIN")
    if not binary or not os.path.exists(binary):
        print("SURFACELAB_BIN must name the built surfacelab binary", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as workdir:
        results = [check_case(binary, workdir, d, p, basis) for d, p, basis in CASES]
    ours = sum(r[1] for r in results)
    plain = sum(r[2] for r in results)
    fewer = ours < plain
    print(f"all cases: {ours} logical errors correlated (ours), {plain} plain (PyMatching)")
    ok = all(r[0] for r in results) and fewer
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
