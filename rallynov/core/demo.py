"""The demo: the records named in the two seed reports, plus generated ones where a report gives a
figure without the records behind it (flagged `is_generated`).

Each app may have a module `demo.py` with `load(*, programme, log)`; they run in the order of
INSTALLED_APPS, inside one transaction, so a failed demo leaves nothing half-written.
"""

import random

from django.apps import apps
from django.db import transaction

from rallynov.core.indexing import indexes_updated_once
from rallynov.core.parts import part_modules


def app_demo_modules():
    return [
        (config.label, module)
        for config, module in part_modules("demo")
        if config.name != "rallynov.core" and hasattr(module, "load")
    ]


def database_is_empty():
    from rallynov.core.models import Programme

    return not Programme.objects.exists()


@transaction.atomic
def load_demo(*, log=print, seed=2023):
    """Create the demo programme and let each app add its records. Deterministic for a seed."""
    from rallynov.core.seed import create_programme

    random.seed(seed)
    with indexes_updated_once():
        programme = create_programme()
        log(f"Programme : {programme}")
        for label, module in app_demo_modules():
            log(f"Démo : {label}…")
            module.load(programme=programme, log=log)
        load_season(programme=programme, log=log)
        for _label, module in part_modules("demo_pictures"):
            log("Démo : illustrations…")
            module.load(programme=programme, log=log)
        log("Démo : index de recherche et de références…")
    return programme


def season_modules():
    """The apps' `demo_season` modules: the programme's next season, dated from today."""
    return [(config.label, module) for config, module in part_modules("demo_season") if hasattr(module, "load")]


@transaction.atomic
def load_season(*, programme, log=print, now=None):
    """Add the next season (an event with a waiting list, a workshop day, an open call of the
    prize, an open survey), dated from `now`, flagged as generated. Never changes the seeds'
    records, so no figure of 2014 or 2023 moves."""
    log("Démo : la saison à venir…")
    for _label, module in season_modules():
        module.load(programme=programme, log=log, now=now)


@transaction.atomic
def refresh_season(*, log=print, now=None):
    """Move the next season's generated records after `now` again, on an existing demo
    (`rallynov demo --refresh`); a demo loaded before the season existed gets it. Idempotent: a
    second run the same day changes nothing. Returns False when there is no demo programme."""
    from rallynov.core.models import Programme

    programme = Programme.objects.default()
    if programme is None:
        return False
    for _label, module in season_modules():
        module.refresh(programme=programme, log=log, now=now)
        module.load(programme=programme, log=log, now=now)
    return True


@transaction.atomic
def purge_generated(*, log=print):
    """Delete every record flagged as generated, in reverse app order."""
    from rallynov.core.models import GeneratedMixin

    total = 0
    for _config, module in part_modules("demo_pictures"):
        count = module.purge(log=log)
        if count:
            log(f"illustrations générées : {count} supprimée(s)")
        total += count
    for model in reversed(list(apps.get_models())):
        if issubclass(model, GeneratedMixin):
            count, _ = model.objects.filter(is_generated=True).delete()
            if count:
                log(f"{model._meta.verbose_name_plural} : {count} supprimé(s)")
            total += count
    return total
