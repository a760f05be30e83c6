"""Progress of long commands: a bar redrawn in place on a terminal, a plain line per tenth elsewhere."""

import io

from rallynov.initiatives.interchange.progress import Progress


def test_progress_in_a_log_writes_one_plain_line_per_tenth():
    out = io.StringIO()
    progress = Progress(label="Import", stream=out, tty=False)

    for done in range(0, 1001, 7):
        progress(done, 1000)
    progress(1000, 1000)

    lines = out.getvalue().splitlines()
    assert [int(line.split()[1].rstrip("%")) // 10 for line in lines] == list(range(11))
    assert "\r" not in out.getvalue()
    assert lines[-1].startswith("Import 100% 1000/1000 lignes en ")


def test_progress_on_a_terminal_redraws_one_bar_and_ends_the_line():
    out = io.StringIO()
    progress = Progress(label="Import", stream=out, tty=True)

    progress(0, 200)
    progress(200, 200)

    text = out.getvalue()
    assert text.startswith("\rImport [..............................]   0% 0/200 lignes")
    assert text.endswith("\n")
    assert "\rImport [##############################] 100% 200/200 lignes en " in text
    assert text.count("\n") == 1
