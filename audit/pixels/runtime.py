"""Keep the OCR runtime private: ONNX Runtime's telemetry is turned off before it loads.

ONNX Runtime writes a device id and an event database under the user's cache folder
(``~/.cache/Microsoft/DeveloperTools/.onnxruntime``) unless ``ORT_DISABLE_TELEMETRY`` is set
when the library loads; calling ``disable_telemetry_events()`` afterwards is not enough on its
own (measured with onnxruntime 1.32). A privacy tool must leave no such trace, so the variable
is set before the first import and the call is made too, for versions that honour only it.
"""

from __future__ import annotations

import os


def quiet() -> None:
    """Turn the runtime's telemetry off; call before anything imports onnxruntime."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    disable = getattr(onnxruntime, "disable_telemetry_events", None)
    if disable is not None:
        disable()
