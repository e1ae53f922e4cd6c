"""Writes the golden stim circuits that `tests/circuit_golden.rs` compares our generator against.

Run it with a Python that has stim 1.16.0 installed, from anywhere:

    $SURFACELAB_REF_PYTHON scripts/reference/make_golden_circuits.py
    python3 scripts/reference/make_golden_circuits.py --python /path/to/venv/bin/python

If the running interpreter cannot import stim, the script re-runs itself under the interpreter
named by `--python` or by the environment variable SURFACELAB_REF_PYTHON.

Output: `tests/data/circuits/d{d}_r{r}_{z|x}_{noise}.stim` (relative to the repository root) and
`tests/data/circuits/README.md`; and for the other families (`repetition_code:memory`,
`surface_code:unrotated_memory_{z,x}`) in `tests/data/circuits/families/`: `hashes.tsv`, the
SHA-256 of every circuit of their grid (hundreds of full texts would be too much to commit), a
few full texts (`<name>.stim`, to show where a failing circuit differs), SI1000 at p = 0.002
built by `make_golden_si1000.py`'s rules on stim's noiseless circuits (tag `si1000`) and stim's decomposed
detector error models of a few (`<name>.dem`, with stim's repeat folding). Each file is `str(circuit)` followed by one newline, which is
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
FAMILIES_DIR = OUT_DIR / "families"

# The other families' grid (issue 12): stim's generator name per (code, basis), distances, and
# the four noise settings by tag, in stim's argument order as above.
FAMILIES = {
    ("repetition", "z"): ("repetition_code:memory", [2, 3, 4, 5, 7, 9, 11, 25]),
    ("unrotated", "z"): ("surface_code:unrotated_memory_z", [2, 3, 4, 5, 7, 9]),
    ("unrotated", "x"): ("surface_code:unrotated_memory_x", [2, 3, 4, 5, 7, 9]),
}
FAMILY_NOISE = {
    "all0.001": (0.001, 0.001, 0.001, 0.001),
    "clifford0.01": (0.01, 0.0, 0.0, 0.0),
    "measure0.01": (0.0, 0.0, 0.01, 0.0),
    "four": (0.001, 0.002, 0.003, 0.004),
}
# The SI1000 parameter of the families' `si1000` lines.
SI1000_P = 0.002
# Written in full (name: code, basis, d, r, noise tag).
FAMILY_TEXTS = [
    ("repetition", "z", 3, 3, "four"),
    ("repetition", "z", 2, 1, "measure0.01"),
    ("unrotated", "z", 3, 3, "four"),
    ("unrotated", "x", 2, 2, "clifford0.01"),
    ("repetition", "z", 3, 3, "si1000"),
]
# With stim's decomposed detector error model.
FAMILY_DEMS = [
    ("repetition", "z", 3, 3, "four"),
    ("repetition", "z", 5, 15, "four"),
    ("repetition", "z", 25, 25, "all0.001"),
    ("unrotated", "z", 3, 3, "four"),
    ("unrotated", "x", 3, 9, "four"),
    ("unrotated", "z", 4, 4, "all0.001"),
    ("unrotated", "x", 5, 5, "all0.001"),
    ("unrotated", "x", 2, 6, "measure0.01"),
]


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


def family_name(code, basis, distance, rounds, tag):
    return f"{code}_{basis}_d{distance}_r{rounds}_{tag}"


def generate_family(stim, code, basis, distance, rounds, tag):
    if tag == "si1000":
        noiseless = stim.Circuit.generated(FAMILIES[(code, basis)][0], distance=distance, rounds=rounds)
        return si1000_reference().si1000_folded(noiseless, SI1000_P)
    clifford, reset, measure, data = FAMILY_NOISE[tag]
    return stim.Circuit.generated(
        FAMILIES[(code, basis)][0],
        distance=distance,
        rounds=rounds,
        after_clifford_depolarization=clifford,
        after_reset_flip_probability=reset,
        before_measure_flip_probability=measure,
        before_round_data_depolarization=data,
    )


def si1000_reference():
    """`make_golden_si1000.py`'s SI1000 (built from the rules with stim alone), imported."""
    import importlib.util

    path = pathlib.Path(__file__).resolve().parent / "make_golden_si1000.py"
    spec = importlib.util.spec_from_file_location("make_golden_si1000", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_families(stim):
    """The other families: hashes of the whole grid, a few texts and a few models."""
    import hashlib

    si1000 = si1000_reference()

    FAMILIES_DIR.mkdir(parents=True, exist_ok=True)
    for stale in list(FAMILIES_DIR.glob("*.stim")) + list(FAMILIES_DIR.glob("*.dem")):
        stale.unlink()
    lines = ["# code\tbasis\td\tr\tnoise\tsha256 of str(circuit) + newline"]
    for (code, basis), (_, distances) in FAMILIES.items():
        for distance in distances:
            for rounds in rounds_for(distance):
                for tag in FAMILY_NOISE:
                    text = str(generate_family(stim, code, basis, distance, rounds, tag)) + "\n"
                    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
                    lines.append(f"{code}\t{basis}\t{distance}\t{rounds}\t{tag}\t{digest}")
                # SI1000 at p = SI1000_P on stim's noiseless circuit, folded as the Rust side
                # folds it; checked against the flat construction as make_golden_si1000 does.
                noiseless = stim.Circuit.generated(
                    FAMILIES[(code, basis)][0], distance=distance, rounds=rounds
                )
                noisy = si1000.si1000_folded(noiseless, SI1000_P)
                assert noisy.flattened() == si1000.si1000_flat(noiseless, SI1000_P)
                digest = hashlib.sha256((str(noisy) + "\n").encode("utf-8")).hexdigest()
                lines.append(f"{code}\t{basis}\t{distance}\t{rounds}\tsi1000\t{digest}")
    (FAMILIES_DIR / "hashes.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    for case in FAMILY_TEXTS:
        text = str(generate_family(stim, *case)) + "\n"
        (FAMILIES_DIR / f"{family_name(*case)}.stim").write_text(text, encoding="utf-8", newline="\n")
    for case in FAMILY_DEMS:
        circuit = generate_family(stim, *case)
        dem = circuit.detector_error_model(decompose_errors=True)
        (FAMILIES_DIR / f"{family_name(*case)}.dem").write_text(
            str(dem) + "\n", encoding="utf-8", newline="\n"
        )
    return len(lines) - 1


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
    hashed = write_families(stim)
    print(f"wrote {hashed} family hashes to {FAMILIES_DIR.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
