"""The demo: the records named in the two seed reports, plus generated ones where a report gives a
figure without the records behind it (flagged `is_generated`).

Each app may have a module `demo.py` with `load(*, programme, log)`; they run in the order of
INSTALLED_APPS, inside one transaction, so a failed demo leaves nothing half-written.
"""

import random

from django.apps import apps
from django.db import transaction

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
    programme = create_programme()
    log(f"Programme : {programme}")
    for label, module in app_demo_modules():
        log(f"Démo : {label}…")
        module.load(programme=programme, log=log)
    return programme


@transaction.atomic
def purge_generated(*, log=print):
    """Delete every record flagged as generated, in reverse app order."""
    from rallynov.core.models import GeneratedMixin

    total = 0
    for model in reversed(list(apps.get_models())):
        if issubclass(model, GeneratedMixin):
            count, _ = model.objects.filter(is_generated=True).delete()
            if count:
                log(f"{model._meta.verbose_name_plural} : {count} supprimé(s)")
            total += count
    return total
