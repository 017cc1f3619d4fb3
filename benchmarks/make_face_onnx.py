"""Rebuild audit/pixels/models/face_detection_full_range.onnx from the BlazeFace TFLite file.

The face detector is MediaPipe's BlazeFace full-range network, shipped as TFLite. OpenCV's TFLite
importer ran it at about 9 ms for each 192 x 192 input on this project's machine, and a photo
needs seven (the whole picture and six tiles); ONNX Runtime, which runs the OCR models already,
runs the same network in about a third of that. This script writes the same network as ONNX,
layer by layer: every weight is the TFLite file's own (its float16 weights widened to float32),
and the layers keep their order, padding and activations. Tensors are laid out channels first
(NCHW), as ONNX convolutions want; the two outputs are the TFLite ones, anchors by 1 score and
by 16 box and key-point values.

It checks what it wrote: ONNX Runtime and TFLite's own interpreter are run on the same photos
and must agree to 1e-3 on every output. Needs TensorFlow (for TFLite's interpreter and its file
schema) and the ``onnx`` package besides the project's own dependencies:

    pip install tensorflow-cpu onnx && python benchmarks/make_face_onnx.py [PHOTO_FOLDER]

The check runs on JPEG photos (the shared camera corpus beside the repository, or the folder
given), at least 12 of them; the converter handles the operators BlazeFace uses and refuses
others.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "audit" / "pixels" / "models" / "face_detection_full_range.tflite"
TARGET = ROOT / "audit" / "pixels" / "models" / "face_detection_full_range.onnx"
#: Photos the result is checked on (a folder can be given on the command line instead).
DEFAULT_PHOTOS = ROOT.parent / "shared" / "corpus" / "exif-samples"
#: Largest difference allowed between the ONNX and TFLite outputs (scores are logits, boxes pixels).
TOLERANCE = 1e-3
#: TFLite's fused activations that this network uses: none, and ReLU.
NO_ACTIVATION, RELU = 0, 1


class Converter:
    """Walks a TFLite subgraph's operators in order and emits the same ONNX nodes."""

    def __init__(self, model, schema) -> None:
        import numpy as np

        self.schema = schema
        self.model = model
        self.graph = model.Subgraphs(0)
        self.nodes: list = []
        self.constants: dict[str, object] = {}
        self.np = np
        self.opcodes = {
            value: name for name, value in vars(schema.BuiltinOperator).items() if name.isupper()
        }
        self.dequantized: dict[int, object] = {}

    def name(self, index: int) -> str:
        return f"t{index}"

    def shape(self, index: int) -> list[int]:
        return [int(v) for v in self.graph.Tensors(index).ShapeAsNumpy()]

    def data(self, index: int):
        """A constant tensor's values (float16 widened), or None for one computed at run time."""
        if index in self.dequantized:
            return self.dequantized[index]
        tensor = self.graph.Tensors(index)
        buffer = self.model.Buffers(tensor.Buffer())
        if buffer.DataLength() == 0:
            return None
        raw = buffer.DataAsNumpy().tobytes()
        kinds = {
            self.schema.TensorType.FLOAT32: self.np.float32,
            self.schema.TensorType.FLOAT16: self.np.float16,
            self.schema.TensorType.INT32: self.np.int32,
        }
        values = self.np.frombuffer(raw, dtype=kinds[tensor.Type()]).reshape(self.shape(index))
        if tensor.Type() == self.schema.TensorType.INT32:
            return values
        return values.astype(self.np.float32)

    def constant(self, name: str, values) -> str:
        self.constants[name] = values
        return name

    def emit(self, kind: str, inputs: list[str], output: str, **attributes) -> None:
        from onnx import helper

        self.nodes.append(helper.make_node(kind, inputs, [output], **attributes))

    def activation(self, code: int, output: str) -> str:
        """The name the layer's own result goes to before its fused activation."""
        if code == NO_ACTIVATION:
            return output
        if code != RELU:
            raise ValueError(f"fused activation {code} is not used by BlazeFace")
        inner = f"{output}_linear"
        self.emit("Relu", [inner], output)
        return inner

    def same_pads(self, size: tuple[int, int], kernel: tuple[int, int], stride: tuple[int, int]):
        """TensorFlow's SAME padding: the extra pixel, when odd, goes after."""
        before, after = [], []
        for length, k, s in zip(size, kernel, stride, strict=True):
            total = max((-(-length // s) - 1) * s + k - length, 0)
            before.append(total // 2)
            after.append(total - total // 2)
        return before + after

    def options(self, operator, kind):
        table = operator.BuiltinOptions()
        found = kind()
        found.Init(table.Bytes, table.Pos)
        return found

    def convert(self) -> None:
        for number in range(self.graph.OperatorsLength()):
            operator = self.graph.Operators(number)
            code = self.model.OperatorCodes(operator.OpcodeIndex())
            kind = self.opcodes[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
            inputs = [int(v) for v in operator.InputsAsNumpy()]
            outputs = [int(v) for v in operator.OutputsAsNumpy()]
            getattr(self, f"op_{kind.lower()}")(operator, inputs, outputs[0])

    def op_dequantize(self, operator, inputs, output) -> None:
        values = self.data(inputs[0])
        if values is None:
            raise ValueError("a run-time DEQUANTIZE is not used by BlazeFace")
        self.dequantized[output] = values.astype(self.np.float32)

    def _conv(self, operator, inputs, output, depthwise: bool) -> None:
        schema = self.schema
        kind = schema.DepthwiseConv2DOptions if depthwise else schema.Conv2DOptions
        options = self.options(operator, kind)
        weights = self.data(inputs[1])
        bias = self.data(inputs[2]) if len(inputs) > 2 and inputs[2] >= 0 else None
        height, width = self.shape(inputs[0])[1:3]
        # TFLite keeps filters as out x kh x kw x in (depthwise: 1 x kh x kw x channels)
        if depthwise:
            if options.DepthMultiplier() != 1:
                raise ValueError("BlazeFace's depthwise layers have a multiplier of 1")
            kernel = weights.transpose(3, 0, 1, 2)
            group = kernel.shape[0]
        else:
            kernel = weights.transpose(0, 3, 1, 2)
            group = 1
        size = kernel.shape[2:]
        stride = (options.StrideH(), options.StrideW())
        if (options.DilationHFactor(), options.DilationWFactor()) != (1, 1):
            raise ValueError("BlazeFace's convolutions are not dilated")
        if options.Padding() == schema.Padding.SAME:
            pads = self.same_pads((height, width), size, stride)
        else:
            pads = [0, 0, 0, 0]
        names = [
            self.name(inputs[0]),
            self.constant(f"w{output}", kernel),
        ]
        if bias is not None:
            names.append(self.constant(f"b{output}", bias))
        target = self.activation(options.FusedActivationFunction(), self.name(output))
        self.emit(
            "Conv",
            names,
            target,
            kernel_shape=list(size),
            strides=list(stride),
            pads=pads,
            group=group,
            dilations=[options.DilationHFactor(), options.DilationWFactor()],
        )

    def op_conv_2d(self, operator, inputs, output) -> None:
        self._conv(operator, inputs, output, depthwise=False)

    def op_depthwise_conv_2d(self, operator, inputs, output) -> None:
        self._conv(operator, inputs, output, depthwise=True)

    def op_add(self, operator, inputs, output) -> None:
        options = self.options(operator, self.schema.AddOptions)
        target = self.activation(options.FusedActivationFunction(), self.name(output))
        rank = len(self.shape(output))
        self.emit("Add", [self.operand(inputs[0], rank), self.operand(inputs[1], rank)], target)

    def operand(self, index: int, rank: int) -> str:
        """An input of an element-wise step whose result has ``rank`` axes; a constant is laid
        out channels first, as the step's other input is, when that is a picture's 4 axes."""
        values = self.data(index)
        if values is None:
            return self.name(index)
        if rank == 4 and values.ndim == 4:
            values = values.transpose(0, 3, 1, 2)
        elif rank == 4 and values.ndim == 1 and values.size > 1:
            # one value a channel: channels-last broadcasting is along the last axis
            values = values.reshape(1, -1, 1, 1)
        return self.constant(f"c{index}", values)

    def op_relu(self, operator, inputs, output) -> None:
        self.emit("Relu", [self.name(inputs[0])], self.name(output))

    def op_pad(self, operator, inputs, output) -> None:
        paddings = self.data(inputs[1])
        # NHWC rows of (before, after) to ONNX's NCHW befores then afters
        order = (0, 3, 1, 2)
        pads = [int(paddings[axis][0]) for axis in order] + [
            int(paddings[axis][1]) for axis in order
        ]
        self.emit(
            "Pad",
            [self.name(inputs[0]), self.constant(f"p{output}", self.np.array(pads, self.np.int64))],
            self.name(output),
            mode="constant",
        )

    def op_max_pool_2d(self, operator, inputs, output) -> None:
        options = self.options(operator, self.schema.Pool2DOptions)
        height, width = self.shape(inputs[0])[1:3]
        size = (options.FilterHeight(), options.FilterWidth())
        stride = (options.StrideH(), options.StrideW())
        if options.Padding() == self.schema.Padding.SAME:
            pads = self.same_pads((height, width), size, stride)
        else:
            pads = [0, 0, 0, 0]
        target = self.activation(options.FusedActivationFunction(), self.name(output))
        self.emit(
            "MaxPool",
            [self.name(inputs[0])],
            target,
            kernel_shape=list(size),
            strides=list(stride),
            pads=pads,
        )

    def op_resize_bilinear(self, operator, inputs, output) -> None:
        options = self.options(operator, self.schema.ResizeBilinearOptions)
        if options.AlignCorners():
            mode = "align_corners"
        elif options.HalfPixelCenters():
            mode = "half_pixel"
        else:
            mode = "asymmetric"
        batch, height, width, channels = self.shape(output)
        sizes = self.np.array([batch, channels, height, width], self.np.int64)
        self.emit(
            "Resize",
            [self.name(inputs[0]), "", "", self.constant(f"s{output}", sizes)],
            self.name(output),
            mode="linear",
            coordinate_transformation_mode=mode,
        )

    def op_reshape(self, operator, inputs, output) -> None:
        # TFLite reshapes channels-last tensors: back to that order first
        source = self.name(inputs[0])
        if len(self.shape(inputs[0])) == 4:
            self.emit("Transpose", [source], f"{source}_nhwc", perm=[0, 2, 3, 1])
            source = f"{source}_nhwc"
        shape = self.np.array(self.shape(output), self.np.int64)
        self.emit("Reshape", [source, self.constant(f"r{output}", shape)], self.name(output))

    def to_onnx(self):
        from onnx import TensorProto, helper, numpy_helper

        self.convert()
        (first,) = [int(v) for v in self.graph.InputsAsNumpy()]
        batch, height, width, channels = self.shape(first)
        inputs = [
            helper.make_tensor_value_info(
                self.name(first), TensorProto.FLOAT, [batch, channels, height, width]
            )
        ]
        outputs = [
            helper.make_tensor_value_info(self.name(int(v)), TensorProto.FLOAT, self.shape(int(v)))
            for v in self.graph.OutputsAsNumpy()
        ]
        initializers = [
            numpy_helper.from_array(self.np.ascontiguousarray(values), name)
            for name, values in self.constants.items()
        ]
        graph = helper.make_graph(self.nodes, "blazeface_full_range", inputs, outputs, initializers)
        model = helper.make_model(
            graph,
            opset_imports=[helper.make_opsetid("", 13)],
            producer_name="exposure benchmarks/make_face_onnx.py",
        )
        model.ir_version = 8
        return model


#: Photos the check needs at the least: the converter refuses to vouch for a model on fewer.
MIN_PHOTOS = 12


def photos(folder: Path, count: int):
    """Inputs for the check: ``count`` photos from ``folder`` brought to 192 x 192, and an empty
    picture."""
    import numpy as np
    from PIL import Image

    found = []
    for path in sorted(folder.rglob("*.jpg")):
        try:
            with Image.open(path) as image:
                rgb = image.convert("RGB").resize((192, 192))
        except OSError:
            continue
        found.append(np.asarray(rgb, dtype=np.float32) / 127.5 - 1.0)
        if len(found) == count:
            break
    found.append(np.zeros((192, 192, 3), np.float32))
    return found


def main() -> None:
    import numpy as np
    import onnx
    import onnxruntime
    import tensorflow as tf
    from tensorflow.lite.python import schema_py_generated as schema

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PHOTOS
    inputs = photos(folder, 24)
    if len(inputs) - 1 < MIN_PHOTOS:
        sys.exit(f"make_face_onnx.py: {len(inputs) - 1} JPEG photos in {folder}, not enough")
    flat = SOURCE.read_bytes()
    model = Converter(schema.Model.GetRootAs(flat, 0), schema).to_onnx()
    onnx.checker.check_model(model)
    written = TARGET.with_suffix(".onnx.new")
    onnx.save(model, str(written))

    interpreter = tf.lite.Interpreter(model_path=str(SOURCE), num_threads=1)
    interpreter.allocate_tensors()
    session = onnxruntime.InferenceSession(str(written), providers=["CPUExecutionProvider"])
    worst = 0.0
    for picture in inputs:
        interpreter.set_tensor(interpreter.get_input_details()[0]["index"], picture[None])
        interpreter.invoke()
        expected = {
            detail["shape"][-1]: interpreter.get_tensor(detail["index"])
            for detail in interpreter.get_output_details()
        }
        got = session.run(None, {session.get_inputs()[0].name: picture.transpose(2, 0, 1)[None]})
        for values in got:
            worst = max(worst, float(np.abs(values - expected[values.shape[-1]]).max()))
    if worst > TOLERANCE:
        written.unlink()
        sys.exit(f"make_face_onnx.py: ONNX and TFLite differ by {worst:.2g}; nothing written")
    written.replace(TARGET)
    print(
        f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size / 1e6:.2f} MB); largest "
        f"difference from TFLite's own interpreter on {len(inputs)} inputs: {worst:.1e}"
    )


if __name__ == "__main__":
    main()
