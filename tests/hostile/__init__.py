"""Hostile inputs and faults, each made by code in :mod:`hostile.generators`."""
