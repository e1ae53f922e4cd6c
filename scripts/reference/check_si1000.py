"""Cross-check: `surfacelab circuit/dem --noise si1000` against the SI1000 circuit built with stim.

The stim side is `make_golden_si1000.py`'s builder (stim's noiseless rotated memory made noisy by
the rules of issue 6, written from the rules, not from the Rust code). For shapes the golden
files do not cover (r = 1 and 2, even d, a larger d, both ends of the p range) it checks:
- the CLI's circuit text equals stim's text of that circuit, byte for byte;
- the CLI's decomposed DEM has the same symptoms as stim's, each with the same total probability
  (errors XOR-combined by full symptom) within 1e-12 relative.
Run from the repository root with SURFACELAB_BIN set (scripts/test.sh does this).
"""

import os
import pathlib
import sys

import stim

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from common import by_symptom, cli  # noqa: E402
from make_golden_si1000 import si1000_flat, si1000_folded  # noqa: E402

CASES = [
    ("z", 3, 1, 0.001),
    ("x", 3, 2, 0.001),
    ("z", 4, 6, 0.003),
    ("x", 4, 3, 0.1),
    ("z", 9, 4, 0.0005),
    ("x", 5, 10, 0.0),
]
RELATIVE_TOLERANCE = 1e-12


def check_case(binary, basis, d, r, p) -> list:
    name = f"{basis} d={d} r={r} p={p}"
    noiseless = stim.Circuit.generated(f"surface_code:rotated_memory_{basis}", distance=d, rounds=r)
    theirs = si1000_folded(noiseless, p)
    assert theirs.flattened() == si1000_flat(noiseless, p), name
    shape = ["--distance", str(d), "--rounds", str(r), "--basis", basis, "--noise", "si1000"]
    shape += ["--p", str(p)]
    problems = []
    ours_text = cli(binary, "circuit", *shape)
    if ours_text != str(theirs) + "\n":
        problems.append(f"{name}: circuit text differs from stim's")
    ours = by_symptom(stim.DetectorErrorModel(cli(binary, "dem", *shape)))
    expected = by_symptom(theirs.detector_error_model(decompose_errors=True))
    if ours.keys() != expected.keys():
        problems.append(f"{name}: symptoms differ ({len(ours)} here, {len(expected)} in stim)")
    else:
        for key, q in expected.items():
            if abs(ours[key] - q) > RELATIVE_TOLERANCE * abs(q):
                problems.append(f"{name}: {key} has p = {ours[key]} here but {q} in stim")
                break
    print(f"{name}: {len(expected)} symptoms, {'ok' if not problems else 'DIFFERENT'}")
    return problems


def main() -> None:
    binary = os.environ["SURFACELAB_BIN"]
    problems = []
    for case in CASES:
        problems += check_case(binary, *case)
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
