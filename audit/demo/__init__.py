"""Sample photos with planted exposures, for workshops, the examples folder and the tests."""
