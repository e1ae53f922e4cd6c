"""Writes the golden circuits and detector error models that tests/dem_reference.rs checks.

Run from the repository root with the reference venv's Python (stim 1.16), e.g.

    "$SURFACELAB_REFERENCE_PYTHON" scripts/reference/make_golden_dems.py [out_dir]

(`out_dir` defaults to tests/data/dems). For d in {3, 5, 7}, r in {d, 3d}, both bases and all
four noise parameters at p = 0.001 it writes stim's circuit text (`<name>.stim`) and stim's
decomposed detector error model (`<name>.dem`, with stim's repeat folding, which keeps the
files small; the test unrolls it). It also writes the d = r = 17 memory_z circuit used to time
the builder. The output is deterministic: running it twice gives identical files.
"""

import pathlib
import sys

import stim

P = 0.001


def generated(basis: str, distance: int, rounds: int) -> stim.Circuit:
    return stim.Circuit.generated(
        f"surface_code:rotated_memory_{basis}",
        distance=distance,
        rounds=rounds,
        after_clifford_depolarization=P,
        after_reset_flip_probability=P,
        before_measure_flip_probability=P,
        before_round_data_depolarization=P,
    )


def write(path: pathlib.Path, text: str) -> None:
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def main() -> None:
    out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/dems")
    out_dir.mkdir(parents=True, exist_ok=True)
    for basis in ("z", "x"):
        for distance in (3, 5, 7):
            for rounds in (distance, 3 * distance):
                name = f"memory_{basis}_d{distance}_r{rounds}_p0.001"
                circuit = generated(basis, distance, rounds)
                write(out_dir / f"{name}.stim", str(circuit))
                dem = circuit.detector_error_model(decompose_errors=True)
                write(out_dir / f"{name}.dem", str(dem))
    write(out_dir / "timing_memory_z_d17_r17_p0.001.stim", str(generated("z", 17, 17)))
    (out_dir / "STIM_VERSION").write_text(stim.__version__ + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
