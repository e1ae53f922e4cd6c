"""Writes the SI1000 golden circuits and detector error models that tests/si1000.rs checks.

Run from the repository root with the reference venv's Python (stim 1.16), e.g.

    "$SURFACELAB_REFERENCE_PYTHON" scripts/reference/make_golden_si1000.py [out_dir]

(`out_dir` defaults to tests/data/si1000). The SI1000 circuit is built here with stim alone, from
stim's own noiseless `surface_code:rotated_memory_{z,x}`, straight from the rules of issue 6 (not
from the Rust code). A layer is the instructions between two TICKs:

- CX then DEPOLARIZE2(p); H then DEPOLARIZE1(p/10); R then X_ERROR(2p); RX then Z_ERROR(2p);
  X_ERROR(5p) then M; Z_ERROR(5p) then MX; X_ERROR(5p), MR, X_ERROR(2p); annotations as they are;
- at the end of the layer, DEPOLARIZE1 on the used qubits no gate of the layer touches (sorted):
  2p when the layer measures or resets, else p/10 (none for a layer without gates).

`stim.Circuit.append` fuses equal neighbours, as stim's parser does. The REPEAT block of rounds
2 ... r is kept, except its last iteration: that round's MR layer runs on into the data qubits' M
(no TICK in between), so it is written out after the block (after the inlined body when only one
iteration is left). The script checks that this folded circuit, flattened, is exactly the
flattened noiseless circuit made noisy layer by layer.

For d in {3, 5, 7}, r in {d, 3d} and both bases at p = 0.002 it writes `<name>.stim` (stim's
text of that circuit) and `<name>.dem` (its decomposed model, with stim's repeat folding). The
output is deterministic.
"""

import pathlib
import sys

import stim

P = 0.002
GATES = {"R", "RX", "M", "MX", "MR", "H", "CX"}
MEASURES_OR_RESETS = {"R", "RX", "M", "MX", "MR"}


def add_noise(out: stim.Circuit, name: str, targets, probability: float) -> None:
    if probability > 0 and targets:
        out.append(name, targets, probability)


def qubits_of(instruction: stim.CircuitInstruction) -> list:
    return [t.value for t in instruction.targets_copy() if t.is_qubit_target]


def add_noisy_layer(out: stim.Circuit, layer: list, used: list, p: float) -> None:
    """Appends one layer's instructions with SI1000 noise, then the idle noise."""
    touched = set()
    has_gate = False
    resonator = False
    for instruction in layer:
        name = instruction.name
        targets = qubits_of(instruction)
        if name in GATES:
            has_gate = True
            touched.update(targets)
            resonator = resonator or name in MEASURES_OR_RESETS
        if name == "M" or name == "MR":
            add_noise(out, "X_ERROR", targets, 5 * p)
        elif name == "MX":
            add_noise(out, "Z_ERROR", targets, 5 * p)
        out.append(instruction)
        if name == "CX":
            add_noise(out, "DEPOLARIZE2", targets, p)
        elif name == "H":
            add_noise(out, "DEPOLARIZE1", targets, p / 10)
        elif name == "R" or name == "MR":
            add_noise(out, "X_ERROR", targets, 2 * p)
        elif name == "RX":
            add_noise(out, "Z_ERROR", targets, 2 * p)
    if has_gate:
        idle = [q for q in used if q not in touched]
        add_noise(out, "DEPOLARIZE1", idle, 2 * p if resonator else p / 10)


def split_layers(instructions: list) -> list:
    """The instructions cut at TICKs (the TICKs themselves left out)."""
    layers = [[]]
    for instruction in instructions:
        if instruction.name == "TICK":
            layers.append([])
        else:
            layers[-1].append(instruction)
    return layers


def add_layers(out: stim.Circuit, layers: list, used: list, p: float, tick_first: bool) -> None:
    for k, layer in enumerate(layers):
        if k > 0 or tick_first:
            out.append("TICK")
        add_noisy_layer(out, layer, used, p)


def used_qubits(flat: stim.Circuit) -> list:
    used = set()
    for instruction in flat:
        if instruction.name in GATES:
            used.update(qubits_of(instruction))
    return sorted(used)


def si1000_flat(noiseless: stim.Circuit, p: float) -> stim.Circuit:
    flat = noiseless.flattened()
    out = stim.Circuit()
    add_layers(out, split_layers(list(flat)), used_qubits(flat), p, tick_first=False)
    return out


def si1000_folded(noiseless: stim.Circuit, p: float) -> stim.Circuit:
    used = used_qubits(noiseless.flattened())
    operations = list(noiseless)
    blocks = [k for k, op in enumerate(operations) if isinstance(op, stim.CircuitRepeatBlock)]
    if not blocks:
        # Not flattened: stim's flattened() would fold SHIFT_COORDS into the detectors (r = 2).
        out = stim.Circuit()
        add_layers(out, split_layers(operations), used, p, tick_first=False)
        return out
    assert len(blocks) == 1, "the rotated memory has at most one REPEAT block"
    before, block, after = operations[: blocks[0]], operations[blocks[0]], operations[blocks[0] + 1 :]
    body = list(block.body_copy())
    assert body[0].name == "TICK" and body[-1].name != "TICK" and after[0].name != "TICK"
    out = stim.Circuit()
    add_layers(out, split_layers(before), used, p, tick_first=False)
    body_layers = split_layers(body)[1:]  # the body starts with a TICK
    iteration = stim.Circuit()
    add_layers(iteration, body_layers, used, p, tick_first=True)
    folded = block.repeat_count - 1
    if folded == 1:
        out += iteration
    elif folded > 1:
        out.append(stim.CircuitRepeatBlock(folded, iteration))
    # The last round: its final (MR) layer and the first layer after the block are one layer.
    after_layers = split_layers(after)
    add_layers(out, body_layers[:-1], used, p, tick_first=True)
    out.append("TICK")
    add_noisy_layer(out, body_layers[-1] + after_layers[0], used, p)
    add_layers(out, after_layers[1:], used, p, tick_first=True)
    return out


def write(path: pathlib.Path, text: str) -> None:
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


def main() -> None:
    out_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/si1000")
    out_dir.mkdir(parents=True, exist_ok=True)
    for basis in ("z", "x"):
        for distance in (3, 5, 7):
            for rounds in (distance, 3 * distance):
                noiseless = stim.Circuit.generated(
                    f"surface_code:rotated_memory_{basis}", distance=distance, rounds=rounds
                )
                circuit = si1000_folded(noiseless, P)
                assert circuit.flattened() == si1000_flat(noiseless, P), (basis, distance, rounds)
                name = f"si1000_{basis}_d{distance}_r{rounds}_p{P}"
                write(out_dir / f"{name}.stim", str(circuit))
                dem = circuit.detector_error_model(decompose_errors=True)
                write(out_dir / f"{name}.dem", str(dem))
    (out_dir / "STIM_VERSION").write_text(stim.__version__ + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
