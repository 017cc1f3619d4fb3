"""Start-up stays small: ``exposure scan`` and ``exposure --help`` load neither the other
commands nor the readers until a file has to be read (a re-scan of cached files never needs
them)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from audit.cli import main

OTHER_COMMANDS = ("audit.trace", "audit.demo", "audit.clean", "audit.checklist", "audit.profile")
#: What only reading a file needs: the readers, the detectors and the worker pool.
READERS = (
    "exiv2", "exifread", "audit.readers", "audit.inspect", "numpy", "PIL", "audit.pool",
    "multiprocessing",
)  # fmt: skip


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(output.split())


def _under(loaded: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {name for name in loaded if name.startswith(prefixes)}


@pytest.mark.parametrize(
    "statement",
    [
        # the scan command and what a re-scan from the cache runs
        "main.get_command(None, 'scan')\nimport audit.engine, audit.formats.table",
        # the group's help, which lists every command
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])",
    ],
    ids=["scan", "help"],
)
def test_loads_no_other_command_and_no_reader(statement):
    loaded = _loaded_after(f"from audit.cli import main\n{statement}")
    assert _under(loaded, OTHER_COMMANDS) == set()
    assert _under(loaded, READERS) == set()


def test_every_command_is_listed_and_loads_when_asked():
    result = CliRunner().invoke(main, ["--help"])
    for name in ("cache", "checklist", "clean", "demo", "profile", "scan", "trace"):
        assert f"  {name} " in result.output
    assert CliRunner().invoke(main, ["trace", "--help"]).exit_code == 0


def test_each_listed_summary_is_the_first_paragraph_of_the_commands_own_help():
    import importlib

    from audit import cli_words
    from audit.cli import OTHER_COMMANDS as LAZY
    from audit.models import Lang

    assert set(cli_words.COMMAND_SUMMARIES) == set(LAZY)
    for name, where in LAZY.items():
        module, _, attribute = where.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        # the English the command was made with, whatever language an earlier test left
        english = command.__dict__.get(cli_words._ORIGINAL, {}).get("help", command.help)
        listed = cli_words.COMMAND_SUMMARIES[name]
        assert cli_words.first_paragraph(english) == listed, name
        chinese = cli_words.first_paragraph(cli_words._HELP[cli_words._key(english)])
        assert cli_words.summary(listed, Lang.ZH) == chinese, name


def test_cleaning_photos_with_gps_never_loads_the_places(tmp_path):
    """A receipt names no place: the audits of a clean run look none up, so neither the place
    arrays nor numpy are loaded (0.1-0.2 s of every run)."""
    from photo_factory import gps, scene, write_metadata

    photos = tmp_path / "photos"
    photos.mkdir()
    for index in range(3):
        path = photos / f"p{index}.jpg"
        scene(index, (64, 48)).save(path, "JPEG")
        write_metadata(path, gps(31.2304, 121.4737))
    # Each photo cleaned in this one process, as a worker cleans it, after what the main
    # process loads before forking its workers.
    code = (
        "import sys\n"
        "from audit.clean import engine\n"
        f"options = engine.CleanOptions(({str(photos)!r},), {str(tmp_path / 'out')!r}, "
        "metadata_only=True)\n"
        "engine._load_shared()\n"
        "tasks, _ = engine.prepare(options)\n"
        "print('VERDICTS', [engine.clean_one(task).verdict.value for task in tasks])\n"
        "print('LOADED', ' '.join(sorted(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "VERDICTS ['clean', 'clean', 'clean']" in output
    loaded = set(output.split("LOADED", 1)[1].split())
    assert len(list((tmp_path / "out").iterdir())) == 3
    assert _under(loaded, ("numpy",)) == set()
