"""The hosts of the tests with two programmes and the national catalogue (tests/trust/conftest.py)."""

OCC_HOST = "occitanie.example.org"
NATIONAL_HOST = "carrefour.example.org"
