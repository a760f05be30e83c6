"""Sections of the home page contributed by the parts.

Each app may have a module `home.py` (like this one) with `home_section(request)` returning None
or a dict(template=…, context=…, order=…); the home page shows them by order.
"""

import importlib

from django.apps import apps


def home_sections(request):
    sections = []
    for config in apps.get_app_configs():
        if not config.name.startswith("rallynov.") or config.name == "rallynov.site":
            continue
        try:
            module = importlib.import_module(f"{config.name}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.home":
                raise
            continue
        section = module.home_section(request)
        if section:
            sections.append(section)
    sections.sort(key=lambda s: s.get("order", 100))
    return sections
