"""The accessibility statement (RGAA model) shows the figures of the project's own axe runs, and
the footer its conformance status; the figures are computed from the runs, never typed in."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.template.defaultfilters import floatformat
from django.utils import translation

from rallynov.site import accessibility
from rallynov.site.accessibility import load_audit, read_runs, summarise

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.7444.175 Safari/537.36"


def _run(path, *, passes, violations=(), width=1366, height=900):
    return {
        "path": path,
        "width": width,
        "height": height,
        "user_agent": UA,
        "axe": "4.10.3",
        "passes": list(passes),
        "violations": list(violations),
        "incomplete": [],
        "inapplicable": 40,
    }


RUNS = [
    _run("/", passes=["color-contrast", "image-alt", "label"]),
    _run("/", passes=["color-contrast", "image-alt"], width=390, height=844),
    _run("/evenements/12/inscription/", passes=["label", "color-contrast"], violations=["list"]),
    _run("/evenements/13/inscription/", passes=["label", "list"]),
]


def test_summarise_counts_pages_rules_and_failures_from_the_runs():
    audit = summarise(RUNS, date=datetime.date(2026, 12, 2))

    assert audit.runs == 4
    assert audit.pages == 3
    assert audit.page_kinds == 2  # the two registration pages are one kind of page
    assert audit.rules_checked == 4  # color-contrast, image-alt, label, list
    assert audit.rules_failed == ["list"]
    assert audit.rate == 75.0
    assert audit.screen_sizes == ["1366 × 900", "390 × 844"]
    assert audit.chromium_version == "142.0.7444.175"
    assert audit.axe_version == "4.10.3"
    assert audit.status == "partial"


def test_status_follows_the_rgaa_scale():
    clean = summarise([_run("/", passes=["label"])], date=datetime.date(2026, 12, 2))
    assert clean.status == "partial"  # axe finds nothing, but the manual checks list non-conformities
    assert accessibility.Audit(**{**clean.__dict__, "non_conformities": []}).status == "total"
    bad = summarise([_run("/", passes=["a"], violations=["b", "c"])], date=datetime.date(2026, 12, 2))
    assert bad.rate == pytest.approx(33.3)
    assert bad.status == "none"


def test_command_writes_the_audit_the_site_reads(tmp_path):
    log = tmp_path / "axe.jsonl"
    log.write_text("".join(json.dumps(run) + "\n" for run in RUNS), encoding="utf-8")
    output = tmp_path / "audit.json"

    call_command(
        "accessibility_audit",
        str(log),
        output=str(output),
        date="2026-12-02",
        stdout=io.StringIO(),
    )

    audit = load_audit(output)
    assert audit == summarise(read_runs(log), date=datetime.date(2026, 12, 2))


def test_command_refuses_a_missing_or_empty_log_in_french(tmp_path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="Fichier illisible"):
        call_command("accessibility_audit", str(tmp_path / "absent.jsonl"), output=str(tmp_path / "a.json"))
    with pytest.raises(CommandError, match="Aucun passage d'axe-core"):
        call_command("accessibility_audit", str(tmp_path / "empty.jsonl"), output=str(tmp_path / "a.json"))


def test_committed_audit_comes_from_a_real_run():
    audit = load_audit()
    assert audit is not None, (
        "rallynov/site/data/accessibility-audit.json manque : rallynov accessibility-audit"
    )
    assert audit.runs >= audit.pages >= 10
    assert audit.rules_checked > 20
    assert audit.chromium_version and audit.axe_version


@pytest.mark.django_db
def test_statement_page_and_footer_show_the_measured_figures(client, home_page, monkeypatch, tmp_path):
    from rallynov.site.models import StandardPage

    audit = summarise(RUNS, date=datetime.date(2026, 12, 2))
    monkeypatch.setattr("rallynov.site.blocks.load_audit", lambda: audit)
    monkeypatch.setattr("rallynov.site.templatetags.accessibility_tags.load_audit", lambda: audit)
    page = StandardPage.objects.get(slug="accessibilite")

    with translation.override("fr"):
        html = client.get(page.url).content.decode()
        rate = floatformat(audit.rate, "-1")

    assert f"{rate} % des règles automatisées applicables sont respectées" in html
    assert "3 pages vérifiées (2 modèles de page, 4 passages d'axe-core)" in html
    assert "4 règles WCAG 2.1 A et AA vérifiées, 1 en échec : list" in html
    assert "Chromium 142.0.7444.175, axe-core 4.10.3" in html
    assert "1366 × 900, 390 × 844" in html
    assert "Défenseur des droits" in html
    for item in accessibility.KNOWN_NON_CONFORMITIES:
        assert str(item).replace("'", "&#x27;") in html
    assert f'<a href="{page.url}">Accessibilité : partiellement conforme</a>' in html
