import io
from contextlib import redirect_stdout

import pytest

from rallynov.cli import main


@pytest.mark.django_db
def test_cli_maps_hyphenated_commands_to_management_commands():
    output = io.StringIO()
    with redirect_stdout(output):
        main(["load-territories"])
    assert "0 commune(s) ajoutée(s)" in output.getvalue()


def test_python_dash_m_rallynov_runs_the_cli():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "rallynov", "help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "load_territories" in result.stdout
