"""Writes the golden stim circuits that `tests/circuit_golden.rs` compares our generator against.

Run it with a Python that has stim 1.16.0 installed, from anywhere:

    $SURFACELAB_REF_PYTHON scripts/reference/make_golden_circuits.py
    python3 scripts/reference/make_golden_circuits.py --python /path/to/venv/bin/python

If the running interpreter cannot import stim, the script re-runs itself under the interpreter
named by `--python` or by the environment variable SURFACELAB_REF_PYTHON.

Output: `tests/data/circuits/d{d}_r{r}_{z|x}_{noise}.stim` (relative to the repository root) and
`tests/data/circuits/README.md`. Each file is `str(circuit)` followed by one newline, which is
exactly what stim's `Circuit.to_file` writes. The output depends only on stim's version: the grid
is fixed and iterated in a fixed order, and stale `.stim` files in the folder are removed.
"""

import argparse
import os
import pathlib
import sys

STIM_VERSION = "1.16.0"
DISTANCES = [2, 3, 4, 5, 7, 9, 11]
BASES = ["z", "x"]

# Noise settings by file-name tag: (after_clifford_depolarization, after_reset_flip_probability,
# before_measure_flip_probability, before_round_data_depolarization).
NOISE_SETTINGS = {
    "p0.001": (0.001, 0.001, 0.001, 0.001),
    "mixed": (1e-5, 0.0002, 0.25, 0.02),
    "clifford": (0.003, 0.0, 0.0, 0.0),
    "noiseless": (0.0, 0.0, 0.0, 0.0),
}

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT_DIR = REPO_ROOT / "tests" / "data" / "circuits"


def rounds_for(distance):
    """The round counts tested at one distance: 1, 2, 3, d and 3d, without repeats, ascending."""
    return sorted({1, 2, 3, distance, 3 * distance})


def ensure_stim(python_override):
    """Imports stim, or re-executes this script under the reference interpreter."""
    try:
        import stim  # noqa: F401
    except ImportError:
        python = python_override or os.environ.get("SURFACELAB_REF_PYTHON")
        # A venv's python is a symlink to the system one, so paths cannot tell whether we already
        # re-executed; a marker variable does, and stops a loop.
        if not python or os.environ.get("SURFACELAB_GOLDEN_REEXEC"):
            sys.exit(
                "stim is not importable; run with the reference venv's python, "
                "or pass --python PATH, or set SURFACELAB_REF_PYTHON"
            )
        os.environ["SURFACELAB_GOLDEN_REEXEC"] = "1"
        os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])
    import stim

    if stim.__version__ != STIM_VERSION:
        sys.exit(f"expected stim {STIM_VERSION}, found {stim.__version__}")
    return stim


def generate(stim, distance, rounds, basis, noise):
    clifford, reset, measure, data = noise
    return stim.Circuit.generated(
        f"surface_code:rotated_memory_{basis}",
        distance=distance,
        rounds=rounds,
        after_clifford_depolarization=clifford,
        after_reset_flip_probability=reset,
        before_measure_flip_probability=measure,
        before_round_data_depolarization=data,
    )


def write_readme(count):
    settings = "\n".join(
        f"| `{tag}` | {c} | {r} | {m} | {d} |" for tag, (c, r, m, d) in NOISE_SETTINGS.items()
    )
    text = f"""# Golden circuits

Written by `scripts/reference/make_golden_circuits.py` with stim {STIM_VERSION}
(`stim.Circuit.generated("surface_code:rotated_memory_{{z|x}}", ...)`). Do not edit by hand; rerun:

    $SURFACELAB_REF_PYTHON scripts/reference/make_golden_circuits.py

File `d{{d}}_r{{r}}_{{basis}}_{{noise}}.stim` holds `str(circuit)` plus one trailing newline
(what `Circuit.to_file` writes). `tests/circuit_golden.rs` regenerates each with our generator
and asserts byte equality.

Grid ({count} files): d in {DISTANCES}, r in {{1, 2, 3, d, 3d}} (duplicates dropped),
basis z and x, and these noise settings:

| tag | after_clifford_depolarization | after_reset_flip_probability | before_measure_flip_probability | before_round_data_depolarization |
|---|---|---|---|---|
{settings}
"""
    (OUT_DIR / "README.md").write_text(text, encoding="utf-8", newline="\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="interpreter with stim installed (re-exec if needed)")
    args = parser.parse_args()
    stim = ensure_stim(args.python)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for stale in OUT_DIR.glob("*.stim"):
        stale.unlink()
    count = 0
    for distance in DISTANCES:
        for rounds in rounds_for(distance):
            for basis in BASES:
                for tag, noise in NOISE_SETTINGS.items():
                    circuit = generate(stim, distance, rounds, basis, noise)
                    path = OUT_DIR / f"d{distance}_r{rounds}_{basis}_{tag}.stim"
                    path.write_text(str(circuit) + "\n", encoding="utf-8", newline="\n")
                    count += 1
    write_readme(count)
    print(f"wrote {count} circuits to {OUT_DIR.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
