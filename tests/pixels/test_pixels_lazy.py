"""The pixel stage costs nothing until it is used: no OCR, OpenCV, zxing-cpp or NumPy at import
time."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("cv2", "numpy", "onnxruntime", "rapidocr_onnxruntime", "phonenumbers", "zxingcpp")


def _imported_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(output.split())


def test_importing_the_pixel_package_loads_no_heavy_library():
    loaded = _imported_after(
        "import audit.pixels, audit.pixels.rules, audit.pixels.qr, audit.pixels.faces, "
        "audit.pixels.ocr; from audit.detectors.registry import all_detectors; all_detectors()"
    )
    assert not loaded & set(HEAVY)


def test_the_command_line_entry_loads_no_ocr_or_opencv():
    loaded = _imported_after("import audit.cli")
    assert not loaded & {"cv2", "onnxruntime", "rapidocr_onnxruntime"}


def test_models_ship_in_the_package_or_a_wheel():
    from audit.pixels import faces, ocr

    assert ocr.DETECTOR.is_file() and ocr.DETECTOR.stat().st_size > 500_000
    assert faces.MODEL.is_file() and faces.MODEL.stat().st_size > 500_000
    assert (faces.MODEL.parent / "README.md").read_text(encoding="utf-8").count("Apache-2.0") >= 2
