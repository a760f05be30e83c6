"""Discovery of the modules through which the parts talk to each other (docs/DEVELOPING.md):
`demo`, `figures`, `home`, `sheet`, `account`, `permissions`, `privacy`, `access`."""

import importlib

from django.apps import apps


def part_modules(name):
    """[(app_config, module)] for every rallynov app that has a module `name`, in INSTALLED_APPS
    order. A missing module is skipped; an import error inside an existing one is raised."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("rallynov."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
            continue
        found.append((config, module))
    return found
