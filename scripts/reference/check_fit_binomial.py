"""Cross-check: our fit_binomial (src/collect/stats.rs) against sinter 1.16's own
`sinter.fit_binomial(num_shots=, num_hits=, max_likelihood_factor=1000)` on a grid of
(shots, errors), through `surfacelab fit --rows` on a CSV of those counts.

sinter's ends are quantized (an integer binary search over expected hits in steps of 1/100, so
low and high are multiples of 0.01 / shots) and its log-likelihood loses precision at very
large counts. A point passes when ours and sinter's agree within that step (0.011 / shots, or
1e-9 relative), or, where they do not, when ours solves the defining equation better than
sinter's: the log-likelihood drop from the best rate, evaluated in 60-digit decimal arithmetic,
is ln 1000 within 1e-3 at our end (double-precision log-likelihoods of 10^12 shots resolve
only ~1e-4) and farther from it at sinter's. `best` must be equal.
Run from the repository root with SURFACELAB_BIN set (scripts/test.sh does this).
"""

import decimal
import json
import os
import subprocess
import sys
import tempfile

import sinter

SHOTS = [1, 2, 10, 100, 1_000, 12_345, 1_000_000, 10**9, 10**12]


def grid():
    for shots in SHOTS:
        errors = {0, 1, 2, 5, 10, 100, 1000, shots // 1000, shots // 2, shots - 1, shots}
        for hits in sorted(e for e in errors if 0 <= e <= shots):
            yield shots, hits


decimal.getcontext().prec = 60
LN_1000 = decimal.Decimal(1000).ln()


def log_likelihood(p, shots, hits):
    """hits ln p + (shots - hits) ln(1 - p), in 60-digit decimals (0 ln 0 = 0)."""
    p = decimal.Decimal(p)
    total = decimal.Decimal(0)
    if hits:
        if p <= 0:
            return None
        total += hits * p.ln()
    if shots - hits:
        if p >= 1:
            return None
        total += (shots - hits) * (1 - p).ln()
    return total


def drop_error(p, shots, hits):
    """|log-likelihood(best) - log-likelihood(p) - ln 1000|, or None when p is impossible."""
    at = log_likelihood(p, shots, hits)
    if at is None:
        return None
    best = log_likelihood(decimal.Decimal(hits) / decimal.Decimal(shots), shots, hits)
    return abs(best - at - LN_1000)


def main():
    binary = os.environ["SURFACELAB_BIN"]
    points = list(grid())
    lines = [sinter.CSV_HEADER]
    for index, (shots, hits) in enumerate(points):
        meta = json.dumps({"i": index}).replace('"', '""')
        lines.append(f'{shots},{hits},0,0.1,grid,id{index},"{meta}",')
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "grid.csv")
        with open(path, "w") as out:
            out.write("\n".join(lines) + "\n")
        text = subprocess.run(
            [binary, "fit", "--csv", path, "--rows"], check=True, capture_output=True, text=True
        ).stdout
    ours = [json.loads(line) for line in text.splitlines() if line]
    assert len(ours) == len(points), (len(ours), len(points))
    agreed = 0
    ours_better = []
    failures = []
    for (shots, hits), row in zip(points, ours):
        assert (row["shots"], row["errors"]) == (shots, hits), row
        theirs = sinter.fit_binomial(num_shots=shots, num_hits=hits, max_likelihood_factor=1000)
        if row["per_shot"]["best"] != theirs.best:
            failures.append(f"shots {shots} errors {hits} best: {row['per_shot']['best']!r} vs {theirs.best!r}")
        for name, value in [("low", theirs.low), ("high", theirs.high)]:
            mine = row["per_shot"][name]
            if abs(mine - value) <= max(0.011 / shots, 1e-9 * abs(value)):
                agreed += 1
                continue
            # An end at 0 or 1 (no errors, every shot an error) is exact on both sides.
            mine_error = drop_error(mine, shots, hits)
            their_error = drop_error(value, shots, hits)
            where = f"shots {shots} errors {hits} {name}: ours {mine!r}, sinter {value!r}"
            if mine_error is not None and mine_error < 1e-3 and (their_error is None or mine_error < their_error):
                ours_better.append(f"{where} (ln-likelihood drop off by {float(mine_error):.1e} vs {float(their_error or 0):.1e})")
            else:
                failures.append(where)
    print(f"fit_binomial: {len(points)} (shots, errors) points, {agreed} ends equal to sinter's within its 0.01-hit step")
    for line in ours_better:
        print(f"  sinter's end is off its own equation: {line}")
    if failures:
        print("\n".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
