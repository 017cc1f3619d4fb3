"""Rebuild audit/pixels/models/ch_PP-OCRv4_det_int8.onnx, the 8-bit text detector exposure ships.

Text detection is most of the pixel pass's time. The PP-OCRv4 detector inside the
rapidocr-onnxruntime wheel is quantised here to 8 bits (static, per-channel weights, activations
calibrated on generated photos from audit/demo/pixel_samples.py at the working resolution), which
makes it about 1.7 times faster with the same boxes; benchmarks/pixel_accuracy.py measures the
recall. Needs the ``onnx`` package besides the project's own dependencies:

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
        prepared, upgraded = Path(scratch) / "det_prepared.onnx", Path(scratch) / "det_opset13.onnx"
        quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
        onnx.save(version_converter.convert_version(onnx.load(str(prepared)), 13), str(upgraded))
        quantize_static(
            str(upgraded),
            str(TARGET),
            Reader(),
            quant_format=QuantFormat.QOperator,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
        )
    print(
        f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size / 1e6:.1f} MB) from "
        f"{source.name}"
    )


if __name__ == "__main__":
    main()
