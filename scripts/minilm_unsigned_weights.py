"""Store a dynamically quantised ONNX model's int8 weights as uint8, so it computes the same on every CPU.

``quantize_dynamic(weight_type=QInt8)`` gives ``MatMulInteger`` nodes of uint8 activations times
int8 weights (U8S8). onnxruntime's U8S8 kernels for AVX2 and for AVX-512 without VNNI multiply with
``vpmaddubsw``, which saturates each pair's sum at 16 bits (255 * 127 * 2 > 32767); VNNI and ARM
compute it exactly. The same input then gave different sentence vectors on two machines (mean cosine
0.992, up to 0.054 apart in one coordinate, on an AMD EPYC with AVX2), and different personas.

A weight ``w`` (int8, zero point ``z``) is stored as ``w + 128`` (uint8, zero point ``z + 128``): the
same numbers, since ``(a - za) * (w - z)`` is unchanged. U8U8 products are widened to 16 bits before
they are multiplied (``vpmaddwd``), exact on every kernel, so the integer part of the model is the
same everywhere; what is left is float rounding (about 1e-7) in the layer norms, softmax and
attention. Speed on 2,000 reviews, 2 cores (AVX2): 38.0 s before, 40.7 s after.

Needs the ``onnx`` package (not one of the project's requirements)::

    python3 -m venv /tmp/ov && /tmp/ov/bin/pip install onnx numpy
    /tmp/ov/bin/python scripts/minilm_unsigned_weights.py analysis/data/minilm_int8.onnx /tmp/minilm_u8.onnx

``scripts/export_onnx_minilm.py`` applies it to each quantised candidate before scoring it.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def unsigned_weights(src: Path, dst: Path) -> int:
    """Write ``src`` with every ``MatMulInteger`` weight and weight zero point moved from int8 to
    uint8 (+128) to ``dst``; returns how many initializers changed. Refuses a weight that another
    node also reads, or one that is not int8."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(src))
    initializers = {t.name: t for t in model.graph.initializer}
    readers = Counter(name for node in model.graph.node for name in node.input)
    changed: set[str] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger":
            continue
        for name in (node.input[1], node.input[3] if len(node.input) > 3 else ""):
            if not name or name in changed:
                continue
            tensor = initializers.get(name)
            if tensor is None or tensor.data_type != onnx.TensorProto.INT8:
                raise SystemExit(f"{src}: {node.name} input {name!r} is not an int8 initializer; nothing written")
            if readers[name] != 1:
                raise SystemExit(f"{src}: {name!r} is read by {readers[name]} nodes, not only by {node.name}; nothing written")
            values = numpy_helper.to_array(tensor).astype(np.int16) + 128
            tensor.CopyFrom(numpy_helper.from_array(values.astype(np.uint8), name))
            changed.add(name)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return len(changed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    args = parser.parse_args()
    print(f"{unsigned_weights(args.src, args.dst)} initializers moved to uint8: {args.dst}")


if __name__ == "__main__":
    main()
