"""Writes tests/data/sinter_threshold_d3_d11.csv: sinter's own CSV of stim + PyMatching runs that
tests/cli_fit.rs reads to check `surfacelab fit` against the crossing sinter's data show.

Run from the repository root with the reference venv's Python (stim 1.16, pymatching 2.4,
sinter 1.16):

    "$SURFACELAB_VENV/bin/python" scripts/reference/make_sinter_threshold.py [out_csv]

Tasks: stim's rotated memory Z circuit, d = 3, 5, 7, 9, 11, r = d, the four noise parameters all
equal to p, p = 0.002 ... 0.012 in steps of 0.002; decoded by PyMatching through sinter.collect
with max_errors 2000 and max_shots 400000. Metadata as ours: {"b", "d", "p", "r"}. sinter's
counts come from its own random seeds, so a rerun gives other (statistically equal) counts.
"""

import pathlib
import sys

import sinter
import stim

from common import rotated_memory

DISTANCES = [3, 5, 7, 9, 11]
PS = [0.002, 0.004, 0.006, 0.008, 0.010, 0.012]


def tasks():
    for d in DISTANCES:
        for p in PS:
            circuit = rotated_memory("z", d, p)
            yield sinter.Task(circuit=circuit, json_metadata={"b": "Z", "d": d, "p": p, "r": d})


def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/sinter_threshold_d3_d11.csv")
    stats = sinter.collect(
        num_workers=2,
        tasks=list(tasks()),
        decoders=["pymatching"],
        max_errors=2000,
        max_shots=400_000,
    )
    stats = sorted(stats, key=lambda s: (s.json_metadata["d"], s.json_metadata["p"]))
    out.write_text(sinter.CSV_HEADER + "\n" + "".join(s.to_csv_line() + "\n" for s in stats))
    print(f"wrote {out}: {len(stats)} rows")


if __name__ == "__main__":
    main()
