"""Writes the corpus of stim circuits that tests/circuit_corpus.rs and check_circuits.py check.

Run from the repository root with the reference venv's Python (stim 1.16), e.g.

    "$SURFACELAB_REFERENCE_PYTHON" scripts/reference/make_circuit_corpus.py [out_dir]

(`out_dir` defaults to tests/data/circuit_corpus). For every circuit it writes the circuit text
(`<name>.stim`) and stim's decomposed detector error model as sinter builds it
(`decompose_errors=True, approximate_disjoint_errors=True`; `<name>.dem`, with stim's repeat
folding). Circuits stim itself refuses to analyse go to `refused/<name>.stim` with the first
line of stim's message in `refused/<name>.reason`. The circuits are small (d <= 5, few rounds),
so the files stay small; the output is deterministic.

The corpus: stim's generated families with unusual noise; the rotated memory rewritten with
other gates that do the same thing (CZ-based, CY-, XCX-, YCZ-based CX, Y- and X-basis resets
and measurements through basis changes, identity pairs of every single- and two-qubit
Clifford with noise in between); Pauli-product (MPP) rounds with inverted targets;
PAULI_CHANNEL_1 (exactly convertible and not), PAULI_CHANNEL_2, CORRELATED_ERROR, Y_ERROR;
measurement flip probabilities and inverted measurements; nested REPEAT blocks; stim's color
code at d = 3 (decomposable with remnant pieces). Refused: the color code at d = 5 (stim cannot
decompose it into graph-like pieces) and a random detector.
"""

import pathlib
import sys

import stim

ONE_QUBIT_IDENTITY_PAIRS = [
    ("H", "H"),
    ("S", "S_DAG"),
    ("SQRT_X", "SQRT_X_DAG"),
    ("SQRT_Y", "SQRT_Y_DAG"),
    ("H_XY", "H_NXY"),
    ("H_YZ", "H_NYZ"),
    ("H_NXZ", "H"),
    ("C_XYZ", "C_ZYX"),
    ("C_NXYZ", "C_NZYX"),
    ("C_XNYZ", "C_ZNYX"),
    ("C_XYNZ", "C_ZYNX"),
]
TWO_QUBIT_IDENTITY_PAIRS = [
    ("CZ", "CZ"),
    ("CY", "CY"),
    ("SWAP", "SWAP"),
    ("ISWAP", "ISWAP_DAG"),
    ("XCX", "XCX"),
    ("XCY", "XCY"),
    ("XCZ", "XCZ"),
    ("YCX", "YCX"),
    ("YCY", "YCY"),
    ("YCZ", "YCZ"),
]


def generated(code: str, distance: int, rounds: int, **noise) -> stim.Circuit:
    return stim.Circuit.generated(code, distance=distance, rounds=rounds, **noise)


def uniform(p: float) -> dict:
    return dict(
        after_clifford_depolarization=p,
        after_reset_flip_probability=p,
        before_measure_flip_probability=p,
        before_round_data_depolarization=p,
    )


def rewrite(circuit: stim.Circuit, rule) -> stim.Circuit:
    """The circuit with every instruction replaced by `rule(instruction)` (a list of lines)."""
    out = stim.Circuit()
    for op in circuit:
        if isinstance(op, stim.CircuitRepeatBlock):
            out.append(stim.CircuitRepeatBlock(op.repeat_count, rewrite(op.body_copy(), rule)))
        else:
            for line in rule(op):
                out.append(line) if isinstance(line, stim.CircuitInstruction) else out.append_from_stim_program_text(line)
    return out


def targets_text(targets) -> str:
    return " ".join(str(t.value) if t.is_qubit_target else f"rec[{t.value}]" for t in targets)


def pairs(op):
    ts = op.targets_copy()
    return [(ts[i].value, ts[i + 1].value) for i in range(0, len(ts), 2)]


def cx_as(kind: str):
    """CX c t written with another two-qubit gate and single-qubit basis changes."""

    def rule(op):
        if op.name != "CX":
            return [op]
        lines = []
        for c, t in pairs(op):
            if kind == "cz":
                lines += [f"H {t}", f"CZ {c} {t}", f"H {t}"]
            elif kind == "cy":
                lines += [f"S {t}", f"CY {c} {t}", f"S_DAG {t}"]
            elif kind == "xcx":
                lines += [f"H {c}", f"XCX {c} {t}", f"H {c}"]
            elif kind == "ycz":
                lines += [f"S {t}", f"YCZ {t} {c}", f"S_DAG {t}"]
            elif kind == "xcz":
                lines += [f"XCZ {t} {c}"]
        return lines

    return rule


def cz_round_noise(op):
    """CZ-based extraction as hardware does it: H layers with DEPOLARIZE1, CZ layers."""
    if op.name == "CX":
        targets = [t for pair in pairs(op) for t in pair]
        ts = " ".join(str(t) for t in targets[1::2])
        return [f"H {ts}", f"CZ {' '.join(str(t) for t in targets)}", f"H {ts}"]
    return [op]


def reset_measure_basis(kind: str):
    """R / M / MR done in the Y (or X) basis plus a basis change, so the circuit is unchanged."""
    to_z = {"y": "H_YZ", "y2": "SQRT_X", "x": "H"}[kind]
    from_z = {"y": "H_YZ", "y2": "SQRT_X_DAG", "x": "H"}[kind]
    basis = "Y" if kind.startswith("y") else "X"

    def rule(op):
        ts = targets_text(op.targets_copy())
        args = op.gate_args_copy()
        arg = f"({args[0]})" if args else ""
        if op.name == "R":
            return [f"R{basis} {ts}", f"{to_z} {ts}"]
        if op.name == "M":
            return [f"{from_z} {ts}", f"M{basis}{arg} {ts}"]
        if op.name == "MR":
            return [f"{from_z} {ts}", f"MR{basis}{arg} {ts}", f"{to_z} {ts}"]
        return [op]

    return rule


def with_identity_pairs(circuit: stim.Circuit, p: float) -> stim.Circuit:
    """After each CX layer: every identity pair of gates with noise between them."""
    state = {"k": 0}

    def rule(op):
        if op.name != "CX":
            return [op]
        k = state["k"]
        state["k"] += 1
        ps = pairs(op)
        qubits = [q for pair in ps for q in pair]
        first, second = ONE_QUBIT_IDENTITY_PAIRS[k % len(ONE_QUBIT_IDENTITY_PAIRS)]
        g1, g2 = TWO_QUBIT_IDENTITY_PAIRS[k % len(TWO_QUBIT_IDENTITY_PAIRS)]
        flat = " ".join(str(q) for q in qubits)
        return [
            op,
            f"{first} {flat}",
            f"PAULI_CHANNEL_1({p}, {p / 2}, {p / 3}) {flat}",
            f"{second} {flat}",
            f"{g1} {flat}",
            f"Y_ERROR({p}) {flat}",
            f"{g2} {flat}",
        ]

    return rewrite(circuit, rule)


def replace_noise(kind: str, p: float):
    def rule(op):
        ts = targets_text(op.targets_copy())
        if op.name == "DEPOLARIZE1" and kind == "pc1_exact":
            return [f"PAULI_CHANNEL_1({p}, {2 * p}, {3 * p}) {ts}"]
        if op.name == "DEPOLARIZE1" and kind == "pc1_biased":
            return [f"PAULI_CHANNEL_1(0, 0, {p}) {ts}", f"PAULI_CHANNEL_1({p / 10}, {p / 10}, 0) {ts}"]
        if op.name == "DEPOLARIZE2" and kind == "pc2":
            probs = [p * (k + 1) / 40 for k in range(15)]
            return [f"PAULI_CHANNEL_2({', '.join(repr(x) for x in probs)}) {ts}"]
        if op.name == "DEPOLARIZE2" and kind == "pc2_single":
            return [f"PAULI_CHANNEL_2({', '.join(['0'] * 14 + [repr(p)])}) {ts}"]
        if op.name == "DEPOLARIZE2" and kind == "correlated":
            lines = []
            for a, b in pairs(op):
                lines += [f"E({p}) X{a} X{b}", f"CORRELATED_ERROR({p / 2}) Z{a} Y{b}", f"E({p / 3}) Y{a}"]
            return lines
        return [op]

    return rule


def rotated_layout(d: int):
    """Stabilizers of the rotated surface code on a d x d grid of data qubits (q = x + d y)."""
    stabilizers = []
    for fx in range(-1, d):
        for fy in range(-1, d):
            corners = [(x, y) for x in (fx, fx + 1) for y in (fy, fy + 1) if 0 <= x < d and 0 <= y < d]
            kind = "X" if (fx + fy) % 2 == 0 else "Z"
            if len(corners) == 4 or (
                len(corners) == 2
                and ((kind == "X" and fy in (-1, d - 1)) or (kind == "Z" and fx in (-1, d - 1)))
            ):
                stabilizers.append((kind, sorted(x + d * y for x, y in corners)))
    assert len(stabilizers) == d * d - 1
    for k1, q1 in stabilizers:
        for k2, q2 in stabilizers:
            assert pauli_string(d * d, k1, q1).commutes(pauli_string(d * d, k2, q2))
    return stabilizers


def pauli_string(n: int, kind: str, qubits) -> stim.PauliString:
    return stim.PauliString("".join(kind if q in qubits else "_" for q in range(n)))


def mpp_memory(d: int, rounds: int, basis: str, p: float, invert: bool) -> stim.Circuit:
    """A rotated-surface-code memory whose stabilizers are measured by MPP on the data."""
    stabilizers = rotated_layout(d)
    data = list(range(d * d))
    # The logical of `basis` on a row or a column, whichever commutes with every stabilizer.
    for line in ([x for x in range(d)], [d * y for y in range(d)]):
        logical = stim.PauliString(d * d)
        for q in line:
            logical[q] = basis
        if all(logical.commutes(pauli_string(d * d, k, qs)) for k, qs in stabilizers):
            break
    else:
        raise AssertionError("no logical")

    def product(k, qs, i):
        bang = "!" if invert and i % 3 == 0 else ""
        return bang + "*".join(f"{k}{q}" for q in qs)

    mpp = "MPP" + (f"({p})" if p else "") + " " + " ".join(product(k, qs, i) for i, (k, qs) in enumerate(stabilizers))
    n = len(stabilizers)
    same = [i for i, (k, _) in enumerate(stabilizers) if k == basis]
    c = stim.Circuit()
    for q in data:
        c.append("QUBIT_COORDS", [q], [q % d, q // d])
    c.append("R" + ("X" if basis == "X" else ""), data)
    c.append_from_stim_program_text(mpp)
    for i in same:
        c.append("DETECTOR", [stim.target_rec(-n + i)], [i, 0])
    body = stim.Circuit()
    body.append("TICK")
    body.append("DEPOLARIZE1", data, p)
    body.append_from_stim_program_text(mpp)
    for i in range(n):
        body.append("DETECTOR", [stim.target_rec(-n + i), stim.target_rec(-2 * n + i)], [i, 1])
    body.append("SHIFT_COORDS", [], [0, 1])
    c += body * rounds
    c.append("X_ERROR" if basis == "Z" else "Z_ERROR", data, p)
    c.append("M" + ("X" if basis == "X" else ""), data)
    for i in same:
        _, qs = stabilizers[i]
        c.append("DETECTOR", [stim.target_rec(-d * d + q) for q in qs] + [stim.target_rec(-d * d - n + i)], [i, 2])
    c.append("OBSERVABLE_INCLUDE", [stim.target_rec(-d * d + q) for q in line], 0)
    return c


def nested_repeat(d: int, p: float) -> stim.Circuit:
    """A repetition-code memory whose rounds sit in REPEAT 2 { REPEAT 3 { ... } }."""
    flat = generated("repetition_code:memory", d, 7, **uniform(p))
    text = str(flat)
    head, rest = text.split("REPEAT 6 {", 1)
    body, tail = rest.rsplit("}", 1)
    return stim.Circuit(head + "REPEAT 2 {\nREPEAT 3 {" + body + "}\n}" + tail)


def flipped_measurements(p: float) -> stim.Circuit:
    """The rotated memory with flip probabilities on M / MR and a few inverted results."""
    base = generated("surface_code:rotated_memory_z", 3, 3, after_clifford_depolarization=p)

    def rule(op):
        ts = op.targets_copy()
        if op.name in ("M", "MR"):
            words = [("!" if i % 2 else "") + str(t.value) for i, t in enumerate(ts)]
            return [f"{op.name}({2 * p}) {' '.join(words)}"]
        return [op]

    return rewrite(base, rule)


def corpus() -> dict:
    p = 0.002
    rz = lambda d, r, **n: generated("surface_code:rotated_memory_z", d, r, **n)  # noqa: E731
    rx = lambda d, r, **n: generated("surface_code:rotated_memory_x", d, r, **n)  # noqa: E731
    circuits = {
        "rotated_z_d3_r3_high_p": rz(3, 3, **uniform(0.02)),
        "rotated_x_d5_r2_data_only": rx(5, 2, before_round_data_depolarization=0.01),
        "rotated_z_d4_r4_reset_only": rz(4, 4, after_reset_flip_probability=0.01),
        "rotated_x_d3_r1_mixed": rx(3, 1, after_clifford_depolarization=0.004, before_measure_flip_probability=0.03),
        "unrotated_z_d3_r3": generated("surface_code:unrotated_memory_z", 3, 3, **uniform(0.003)),
        "unrotated_x_d3_r2_measure": generated(
            "surface_code:unrotated_memory_x", 3, 2, after_clifford_depolarization=0.003, before_measure_flip_probability=0.01
        ),
        "unrotated_z_d4_r2": generated("surface_code:unrotated_memory_z", 4, 2, **uniform(0.001)),
        "repetition_d5_r5": generated("repetition_code:memory", 5, 5, **uniform(0.01)),
        "repetition_d3_r1_measure": generated("repetition_code:memory", 3, 1, before_measure_flip_probability=0.05),
        "repetition_d9_r3": generated("repetition_code:memory", 9, 3, **uniform(0.02)),
        "cz_round_d3_r3": rewrite(rz(3, 3, **uniform(p)), cz_round_noise),
        "cz_round_x_d5_r3": rewrite(rx(5, 3, **uniform(p)), cz_round_noise),
        "cx_as_cz_d3_r2": rewrite(rz(3, 2, **uniform(p)), cx_as("cz")),
        "cx_as_cy_d3_r2": rewrite(rz(3, 2, **uniform(p)), cx_as("cy")),
        "cx_as_xcx_d3_r2": rewrite(rx(3, 2, **uniform(p)), cx_as("xcx")),
        "cx_as_ycz_d3_r2": rewrite(rz(3, 2, **uniform(p)), cx_as("ycz")),
        "cx_as_xcz_d3_r3": rewrite(rx(3, 3, **uniform(p)), cx_as("xcz")),
        "y_basis_h_yz_d3_r3": rewrite(rz(3, 3, **uniform(p)), reset_measure_basis("y")),
        "y_basis_sqrt_x_d3_r2": rewrite(rx(3, 2, **uniform(p)), reset_measure_basis("y2")),
        "x_basis_resets_d3_r2": rewrite(rz(3, 2, **uniform(p)), reset_measure_basis("x")),
        "identity_pairs_z_d3_r2": with_identity_pairs(rz(3, 2, **uniform(0.001)), 0.001),
        "identity_pairs_x_d3_r3": with_identity_pairs(rx(3, 3, **uniform(0.001)), 0.001),
        "pauli_channel_1_exact_d3_r3": rewrite(rz(3, 3, **uniform(p)), replace_noise("pc1_exact", p)),
        "pauli_channel_1_biased_d3_r3": rewrite(rx(3, 3, **uniform(p)), replace_noise("pc1_biased", p)),
        "pauli_channel_2_d3_r3": rewrite(rz(3, 3, **uniform(p)), replace_noise("pc2", 0.01)),
        "pauli_channel_2_single_d3_r2": rewrite(rx(3, 2, **uniform(p)), replace_noise("pc2_single", p)),
        "correlated_error_d3_r3": rewrite(rz(3, 3, **uniform(p)), replace_noise("correlated", p)),
        "correlated_error_repetition_d5_r3": rewrite(
            generated("repetition_code:memory", 5, 3, **uniform(0.01)), replace_noise("correlated", 0.01)
        ),
        "mpp_z_d3_r3": mpp_memory(3, 3, "Z", 0.005, invert=False),
        "mpp_x_d3_r2_inverted": mpp_memory(3, 2, "X", 0.005, invert=True),
        "mpp_z_d5_r2": mpp_memory(5, 2, "Z", 0.003, invert=True),
        "nested_repeat_repetition_d5": nested_repeat(5, 0.01),
        "flipped_measurements_d3_r3": flipped_measurements(0.002),
        # Decomposable only with stim's remnant pieces (d = 5 is not: see `refused`).
        "color_code_xyz_d3_r3": generated("color_code:memory_xyz", 3, 3, **uniform(0.001)),
    }
    refused = {
        "color_code_xyz_d5_r3": generated("color_code:memory_xyz", 5, 3, **uniform(0.001)),
        "random_detector": stim.Circuit("RX 0\nX_ERROR(0.1) 0\nM 0\nDETECTOR rec[-1]"),
    }
    return circuits, refused


def write(path: pathlib.Path, text: str) -> None:
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def main() -> None:
    out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/circuit_corpus")
    (out_dir / "refused").mkdir(parents=True, exist_ok=True)
    circuits, refused = corpus()
    for name, circuit in circuits.items():
        # The model of the text as written (stim prints arguments to 6 digits).
        circuit = stim.Circuit(str(circuit))
        dem = circuit.detector_error_model(decompose_errors=True, approximate_disjoint_errors=True)
        write(out_dir / f"{name}.stim", str(circuit))
        write(out_dir / f"{name}.dem", str(dem))
    for name, circuit in refused.items():
        try:
            circuit.detector_error_model(decompose_errors=True, approximate_disjoint_errors=True)
        except ValueError as error:
            write(out_dir / "refused" / f"{name}.stim", str(circuit))
            write(out_dir / "refused" / f"{name}.reason", str(error).strip().splitlines()[0])
        else:
            raise AssertionError(f"stim analysed {name}, expected a refusal")
    (out_dir / "STIM_VERSION").write_text(stim.__version__ + "\n", encoding="utf-8")
    print(f"{len(circuits)} circuits, {len(refused)} refused, in {out_dir}")


if __name__ == "__main__":
    main()
