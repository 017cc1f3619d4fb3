"""Rebuild audit/pixels/models/ch_PP-OCRv4_det_int8.onnx, the 8-bit text detector exposure ships.

Text detection is most of the pixel pass's time. The PP-OCRv4 detector inside the
rapidocr-onnxruntime wheel is quantised here to 8 bits (static, per-channel weights, activations
calibrated on generated photos from audit/demo/pixel_samples.py at the working resolution), which
makes it about 1.7 times faster with the same boxes; benchmarks/pixel_accuracy.py measures the
recall.

Before it is quantised, the network is rewritten into the same function with fewer steps
(:func:`fold`). Its backbone, PP-LCNetV3, follows every convolution with a learnable scale and
shift of the whole tensor, and writes each hard-swish as four steps (``x * clip(x + 3, 0, 6) /
6``). Quantised as they are, those ~190 element-wise steps each convert to and from 8 bits (the
division runs in float) and took half the detector's time. A scale and shift right after a
convolution becomes part of its weights and bias; one right before a convolution does too, with
that convolution's zero padding made an explicit padding by ``-shift / scale`` (the value that
the scale and shift turn into 0); a hard-swish's division by 6 goes into the scale that follows
it. The float network's output is unchanged (differences under 1e-4 on photos); the quantised
one runs about a third faster, and its map is closer to the float one's (on 20 corpus photos,
3,537 points fall on the other side of the 0.3 cut-off against 5,161 before, of 7,289 text
points). Needs the ``onnx`` package besides the project's own dependencies:

    pip install onnx && python benchmarks/make_int8_detector.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from audit.demo import pixel_samples

TARGET = ROOT / "audit" / "pixels" / "models" / "ch_PP-OCRv4_det_int8.onnx"
CALIBRATION = (1600, 1200)


def calibration_inputs() -> list:
    import numpy as np
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    from audit.pixels import decode

    cases = [
        *pixel_samples.text_cases(20, CALIBRATION, offset=3),
        *pixel_samples.clean_cases(6, CALIBRATION),
        *pixel_samples.qr_cases(4, CALIBRATION),
    ]
    prepare = DetPreProcess(decode.WORK_SIDE, "max", [0.5, 0.5, 0.5], [0.5, 0.5, 0.5])
    inputs = []
    for case in cases:
        picture = decode.decode(case.data, "jpeg")
        inputs.append(prepare(np.ascontiguousarray(np.asarray(picture.upright)[:, :, ::-1])))
    return inputs


def _scalar(node, consts: dict) -> tuple[float, str] | None:
    """The scalar constant of a two-input node, and its other input (None when it has none)."""
    first, second = node.input
    for constant, other in ((first, second), (second, first)):
        if constant in consts and consts[constant].size == 1 and other not in consts:
            return float(consts[constant].ravel()[0]), other
    return None


def fold(model):
    """``model`` rewritten as described in the module's docstring; returns it and what was
    folded, by kind."""
    import itertools

    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    consts = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            value = helper.get_attribute_value(node.attribute[0])
            array = numpy_helper.to_array(value) if hasattr(value, "dims") else np.array(value)
            consts[node.output[0]] = array
    if any(array.dtype == np.float16 for array in consts.values()):
        raise ValueError("fold() rewrites float32 networks only")
    nodes = [node for node in graph.node if node.op_type != "Constant"]
    taken = {node.name for node in nodes}
    for number, node in enumerate(nodes):
        if not node.name:
            node.name = next(
                name for k in itertools.count(number) if (name := f"folded_{k}") not in taken
            )
            taken.add(node.name)
    outputs = {output.name for output in graph.output}
    folded = dict.fromkeys(
        (
            "scale and shift after a convolution",
            "hard-swish division",
            "scale and shift before a convolution",
        ),
        0,
    )

    def single_reader(name: str):
        readers = [node for node in nodes if name in node.input]
        return readers[0] if len(readers) == 1 and name not in outputs else None

    def maker(name: str):
        return next((node for node in nodes if name in node.output), None)

    def affine(start) -> tuple[float, float, str, str] | None:
        """Scale, shift, input and output of ``start`` (a Mul by a scalar) followed by an Add of
        a scalar that nothing else reads."""
        if start is None or start.op_type != "Mul" or _scalar(start, consts) is None:
            return None
        shift = single_reader(start.output[0])
        if shift is None or shift.op_type != "Add" or _scalar(shift, consts) is None:
            return None
        scale, source = _scalar(start, consts)
        return scale, _scalar(shift, consts)[0], source, shift.output[0]

    def set_weights(conv, source: str, weights, bias) -> None:
        weight_name, bias_name = f"{conv.name}_w_folded", f"{conv.name}_b_folded"
        consts[weight_name] = weights.astype(np.float32)
        consts[bias_name] = bias.astype(np.float32)
        conv.input[:] = [source, weight_name, bias_name]

    def weights(conv):
        kernel = consts[conv.input[1]].astype(np.float64)
        bias = (
            consts[conv.input[2]].astype(np.float64)
            if len(conv.input) > 2
            else np.zeros(len(kernel))
        )
        return kernel, bias

    def drop(*names: str) -> None:
        nodes[:] = [node for node in nodes if node.name not in names]

    def plain(conv) -> bool:
        """A 2-D convolution whose padding, if any, is written out (``auto_pad`` would be
        worked out at run time, after the folded scale and shift)."""
        auto = next((a.s for a in conv.attribute if a.name == "auto_pad"), b"NOTSET")
        kernel = consts.get(conv.input[1])
        return auto in (b"NOTSET", b"VALID") and kernel is not None and kernel.ndim == 4

    for conv in [node for node in nodes if node.op_type == "Conv" and plain(node)]:
        found = affine(single_reader(conv.output[0]))
        if found is None:
            continue
        scale, shift, _, output = found
        kernel, bias = weights(conv)
        mul = single_reader(conv.output[0])
        drop(mul.name, single_reader(mul.output[0]).name)
        set_weights(conv, conv.input[0], kernel * scale, bias * scale + shift)
        conv.output[0] = output
        folded["scale and shift after a convolution"] += 1

    for divide in [node for node in nodes if node.op_type == "Div"]:
        # a division by a constant followed by a scale (a hard-swish's last step, x * clip(x +
        # 3, 0, 6) / 6, then the next scale and shift): the scale takes the division, since
        # 8-bit element-wise steps are quick and a division runs in float
        divisor = consts.get(divide.input[1])
        scale = single_reader(divide.output[0])
        if divisor is None or divisor.size != 1 or scale is None or scale.op_type != "Mul":
            continue
        if _scalar(scale, consts) is None:
            continue
        value, _ = _scalar(scale, consts)
        consts[f"{scale.name}_divided"] = np.array([value / float(divisor.ravel()[0])], np.float32)
        scale.input[:] = [f"{scale.name}_divided", divide.input[0]]
        drop(divide.name)
        folded["hard-swish division"] += 1

    for start in [node for node in nodes if node.op_type == "Mul"]:
        found = affine(start)
        conv = single_reader(found[3]) if found is not None else None
        if found is None or conv is None or conv.op_type != "Conv" or conv.input[0] != found[3]:
            continue
        if not plain(conv):
            continue
        scale, shift, source, _ = found
        if scale == 0:
            continue
        kernel, bias = weights(conv)
        pads = next((list(a.ints) for a in conv.attribute if a.name == "pads"), [])
        if any(pads):
            # the zero padding was added after the shift; before it, it is -shift / scale
            half = len(pads) // 2
            pads_name, value_name = f"{conv.name}_pads", f"{conv.name}_pad_value"
            consts[pads_name] = np.array([0, 0, *pads[:half], 0, 0, *pads[half:]], np.int64)
            consts[value_name] = np.array(-shift / scale, np.float32)
            padded = f"{conv.name}_padded"
            nodes.insert(
                nodes.index(conv),
                helper.make_node(
                    "Pad", [source, pads_name, value_name], [padded], name=f"{conv.name}_pad"
                ),
            )
            source = padded
            for attribute in conv.attribute:
                if attribute.name == "pads":
                    attribute.ints[:] = [0] * len(pads)
        drop(start.name, single_reader(start.output[0]).name)
        set_weights(conv, source, kernel * scale, bias + shift * kernel.sum(axis=(1, 2, 3)))
        folded["scale and shift before a convolution"] += 1

    used = {name for node in nodes for name in node.input}
    graph.ClearField("node")
    graph.ClearField("initializer")
    graph.initializer.extend(
        numpy_helper.from_array(array, name) for name, array in consts.items() if name in used
    )
    graph.node.extend(nodes)
    return model, folded


def agreement(float_path: Path, quantised_path: Path, inputs: list) -> str:
    """How far the 8-bit map strays from the float network's on ``inputs``: the points on the
    other side of the 0.3 text cut-off. It also shows a folded padding value that 8 bits could
    not hold (clamped to the range calibration saw), which would move the map's edges."""
    import onnxruntime

    def session(path: Path):
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    exact, quantised = session(float_path), session(quantised_path)
    moved = text = 0
    for item in inputs:
        truth = exact.run(None, {"x": item})[0] > 0.3
        moved += int(((quantised.run(None, {"x": item})[0] > 0.3) != truth).sum())
        text += int(truth.sum())
    return (
        f"against the float network on {len(inputs)} calibration photos: {moved:,} points on "
        f"the other side of the 0.3 cut-off, of {text:,} text points"
    )


def main() -> None:
    import onnx
    import rapidocr_onnxruntime
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.preprocess import quant_pre_process

    source = Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_det_infer.onnx"
    inputs = calibration_inputs()

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.remaining = iter(inputs)

        def get_next(self):
            item = next(self.remaining, None)
            return None if item is None else {"x": item}

    with tempfile.TemporaryDirectory() as scratch:
        folded_path, prepared = (
            Path(scratch) / "det_folded.onnx",
            Path(scratch) / "det_prepared.onnx",
        )
        folded, counts = fold(version_converter.convert_version(onnx.load(str(source)), 13))
        onnx.checker.check_model(folded)
        onnx.save(folded, str(folded_path))
        print("folded: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()))
        quant_pre_process(str(folded_path), str(prepared), skip_symbolic_shape=True)
        quantize_static(
            str(prepared),
            str(TARGET),
            Reader(),
            quant_format=QuantFormat.QOperator,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
        )
    print(agreement(source, TARGET, inputs))
    print(
        f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size / 1e6:.1f} MB) from "
        f"{source.name}"
    )


if __name__ == "__main__":
    main()
