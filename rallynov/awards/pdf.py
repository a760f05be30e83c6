"""PDF documents of the prize (dossier receipt, jury booklet), rendered by Typst from templates in
`awards/typst/` fed with JSON data (no Typst code is ever built from user text)."""

import json
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "typst"


def render(template, data):
    import typst

    return typst.compile(
        str(TEMPLATES / template),
        format="pdf",
        root=str(TEMPLATES),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
    )
