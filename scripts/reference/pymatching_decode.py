"""PyMatching doing the job of `surfacelab decode`, in one process: stim reads the b8 detection
events, PyMatching builds its graph from the .dem file and decodes every shot
(`decode_batch`, single-threaded), stim writes the predictions as 01 text.

    python scripts/reference/pymatching_decode.py --dem M.dem --dets D.b8 --out P.01 [--correlated]

`npm run bench` (scripts/reference/bench_reference.py e2e) times this whole process, interpreter
start included, against `surfacelab decode`'s. On stderr it prints one JSON line with its own
phases in seconds (imports, read, build, decode, write), so the benchmark can also compare
against PyMatching's work without the interpreter's start.
"""

import time

start = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

import pymatching  # noqa: E402
import stim  # noqa: E402


def main() -> None:
    imported = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dem", required=True)
    parser.add_argument("--dets", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--correlated", action="store_true")
    args = parser.parse_args()
    dem = stim.DetectorErrorModel.from_file(args.dem)
    dets = stim.read_shot_data_file(
        path=args.dets, format="b8", num_detectors=dem.num_detectors, bit_packed=True
    )
    read = time.perf_counter()
    matching = pymatching.Matching.from_detector_error_model(
        dem, enable_correlations=args.correlated
    )
    built = time.perf_counter()
    predictions = matching.decode_batch(
        dets,
        bit_packed_shots=True,
        bit_packed_predictions=True,
        enable_correlations=args.correlated,
    )
    decoded = time.perf_counter()
    stim.write_shot_data_file(
        data=predictions, path=args.out, format="01", num_observables=dem.num_observables
    )
    written = time.perf_counter()
    phases = {
        "imports": imported - start,
        "read": read - imported,
        "build": built - read,
        "decode": decoded - built,
        "write": written - decoded,
    }
    print(json.dumps(phases), file=sys.stderr)


if __name__ == "__main__":
    main()
