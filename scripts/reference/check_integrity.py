"""Cross-check: SurfaceLab's merge rule and unmatchable defects against sinter 1.16 and PyMatching 2.4.

- Rows record their seed and shard in sinter's custom_counts: sinter reads our CSV, and
  `sinter combine` of two shards and another seed gives the same rows as `surfacelab combine`
  (shots, errors, discards, decoder, strong id, metadata and custom counts; seconds aside), with
  custom counts that add up to the shots.
- `surfacelab combine` of a file with itself keeps its counts (sinter's would double them).
- A detection event that no matching can pair (an odd number of defects in a component without a
  boundary): PyMatching raises on that shot, and `surfacelab decode` exits 2 with one line naming
  the detector; with --ignore-unmatchable it decodes what is left.
Run from the repository root with SURFACELAB_BIN set (scripts/test.sh does this).
"""

import os
import subprocess
import sys
import tempfile

import numpy as np
import pymatching
import sinter
import stim

FLAGS = ["--distances", "3,5", "--p", "0.005,0.01", "--max-shots", "3000", "--no-progress"]


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def collect(binary, path, *extra):
    result = run([binary, "collect", *FLAGS, *extra, "--out", path])
    assert result.returncode == 0, result.stderr


def comparable(path):
    stats = sinter.read_stats_from_csv_files(path)
    rows = {}
    for s in stats:
        counts = dict(s.custom_counts)
        assert sum(counts.values()) == s.shots, f"{path}: {counts} do not add up to {s.shots}"
        rows[s.strong_id] = (s.shots, s.errors, s.discards, s.decoder, s.json_metadata, counts)
    return rows


def check_combine(binary, workdir):
    shard0, shard1, seed6 = (os.path.join(workdir, n) for n in ("s0.csv", "s1.csv", "seed6.csv"))
    collect(binary, shard0, "--seed", "5", "--shard", "0/2")
    collect(binary, shard1, "--seed", "5", "--shard", "1/2")
    collect(binary, seed6, "--seed", "6")
    ours_path, theirs_path = os.path.join(workdir, "ours.csv"), os.path.join(workdir, "theirs.csv")
    ours = run([binary, "combine", shard0, shard1, seed6])
    assert ours.returncode == 0, ours.stderr
    with open(ours_path, "w") as f:
        f.write(ours.stdout)
    # sinter's own command-line entry point, as its `sinter` script calls it.
    sinter_main = "import sys; from sinter._command._main import main; sys.exit(main())"
    theirs = run([sys.executable, "-c", sinter_main, "combine", shard0, shard1, seed6])
    assert theirs.returncode == 0, theirs.stderr
    with open(theirs_path, "w") as f:
        f.write(theirs.stdout)
    assert comparable(ours_path) == comparable(theirs_path), "combine differs from sinter's"
    print(f"combine: {len(comparable(ours_path))} rows identical to sinter combine's")
    again = run([binary, "combine", ours_path, ours_path])
    assert again.returncode == 0, again.stderr
    assert "counted once" in again.stderr, again.stderr
    with open(os.path.join(workdir, "again.csv"), "w") as f:
        f.write(again.stdout)
    assert comparable(os.path.join(workdir, "again.csv")) == comparable(ours_path)
    print("combine of a file with itself: counts unchanged, and it says why")


# Detectors 0 and 1 reach the boundary; 2 and 3 form a component without one.
DEM = "error(0.1) D0 L0\nerror(0.1) D0 D1\nerror(0.1) D1\nerror(0.1) D2 D3\n"


def check_unmatchable(binary, workdir):
    dem_path, dets_path = os.path.join(workdir, "closed.dem"), os.path.join(workdir, "closed.b8")
    with open(dem_path, "w") as f:
        f.write(DEM)
    shots = np.array([[1, 0, 1, 1], [1, 0, 1, 0]], dtype=bool)
    stim.write_shot_data_file(data=shots, path=dets_path, format="b8", num_detectors=4)
    matching = pymatching.Matching.from_detector_error_model(stim.DetectorErrorModel(DEM))
    matching.decode(shots[0])
    try:
        matching.decode(shots[1])
        raise AssertionError("PyMatching decoded an unmatchable shot")
    except ValueError as error:
        print(f"PyMatching raises on shot 1: {str(error)[:70]}...")
    refused = run([binary, "decode", "--dem", dem_path, "--dets", dets_path])
    lines = refused.stderr.strip().splitlines()
    assert refused.returncode == 2 and len(lines) == 1, refused.stderr
    assert "shot 1" in lines[0] and "detector 2" in lines[0], lines[0]
    print(f"surfacelab decode: {lines[0]}")
    kept = run([binary, "decode", "--dem", dem_path, "--dets", dets_path, "--ignore-unmatchable"])
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout == "1\n1\n", kept.stdout


def main():
    binary = os.environ.get("SURFACELAB_BIN")
    if not binary:
        sys.exit("check_integrity.py: set SURFACELAB_BIN to the surfacelab binary")
    with tempfile.TemporaryDirectory() as workdir:
        check_combine(binary, workdir)
        check_unmatchable(binary, workdir)
    print("check_integrity: ok")


if __name__ == "__main__":
    main()
