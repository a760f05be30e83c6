"""The clock of a test run (pytest plugin): `--clock=2026-12-31T23:59:00+01:00` (or the variable
RALLYNOV_TEST_CLOCK) starts the whole run at that instant, with time moving on from there.

No test may depend on the hour, the day or the date it runs. This is how that is checked: run the
suite at the awkward instants (just after midnight, either side of noon UTC, New Year's Eve, in
UTC and in Paris time) and compare. Python's clock is moved (time-machine); the database
server's is not, so the check is made on SQLite, whose clock the code never reads.
"""

import datetime
import os

import pytest

_TRAVELLER = pytest.StashKey[object]()


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("RALLYNOV_TEST_CLOCK", ""),
        help="instant ISO 8601 avec fuseau où commence l'horloge des tests (ex. 2026-12-31T23:59:00+01:00)",
    )


def _instant(value):
    try:
        instant = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise pytest.UsageError(f"--clock : instant ISO 8601 attendu, pas {value!r}") from error
    if instant.tzinfo is None:
        raise pytest.UsageError(f"--clock : précisez le fuseau de {value!r} (Z ou +01:00)")
    return instant


def pytest_configure(config):
    value = config.getoption("--clock")
    if not value:
        return
    import time_machine

    traveller = time_machine.travel(_instant(value), tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config):
    value = config.getoption("--clock")
    if value:
        return f"horloge des tests : {_instant(value).isoformat()} (time-machine)"
    return None
