"""The cycle collector: off in a command's main process, on in every worker it starts."""

from __future__ import annotations

import gc

import pytest

from audit import collector, pool


@pytest.fixture(autouse=True)
def _collector_restored():
    was_on = gc.isenabled()
    yield
    gc.unfreeze()
    if was_on:
        gc.enable()
    else:
        gc.disable()


def _collecting(_item):
    return gc.isenabled()


def test_held_off_inside_and_back_after():
    gc.enable()
    with collector.held_off():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_what_the_block_made_is_not_walked_again():
    gc.enable()
    with collector.held_off():
        kept = [[n] for n in range(1000)]
    assert gc.get_freeze_count() >= len(kept)


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with collector.held_off():
        pass
    assert not gc.isenabled()


def test_workers_collect_while_the_parent_holds_off():
    gc.enable()
    with collector.held_off():
        results = dict(pool.run(_collecting, ["a", "b"], jobs=2, budget=10.0))
        assert not gc.isenabled()
    assert results == {0: True, 1: True}


def test_the_scan_command_holds_the_collector_off(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from audit import cli

    seen = []
    monkeypatch.setattr(cli, "run_audit", lambda *a, **k: seen.append(gc.isenabled()) or 1 / 0)
    gc.enable()
    CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--no-cache"])
    assert seen == [False]
    assert gc.isenabled()
