"""Generate the sample photos in examples/photos/ and their expected findings.

The photos are drawn by :mod:`audit.demo.scenes` (the same code behind ``exposure demo``); see
its docstring for what each one plants. Run it from the repository root:

    python examples/make_examples.py

It rewrites examples/photos/ and examples/expected.json; the functional tests compare a scan
of examples/ with expected.json exactly.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from audit.demo.scenes import write_examples  # noqa: E402

PHOTOS = HERE / "photos"


def main() -> int:
    if PHOTOS.exists():
        shutil.rmtree(PHOTOS)
    made, expected = write_examples(PHOTOS)
    photos = expected["photos"]
    assert isinstance(photos, dict)
    missing = sorted(set(photos) ^ set(made))
    if missing:
        print(f"expected.json and the generated photos disagree: {missing}", file=sys.stderr)
        return 1
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(made)} photos to {PHOTOS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
