"""The `rallynov` command line: Django's management commands, with the hyphenated names users type.

    rallynov import-initiatives FILE      ->  manage.py import_initiatives FILE
    rallynov figures --year 2023          ->  manage.py figures --year 2023
    rallynov runserver / migrate / …      ->  the usual Django commands

`rallynov help` (alone) lists the commands without starting Django: the list is the names of the
files in each installed app's `management/commands`, which Django's own listing reads after a
whole set-up (every app's models, about a second of CPU).
"""

import os
import sys

HELP_ARGUMENTS = ([], ["help"], ["--help"], ["-h"])


def _app_name(entry):
    """The app name Django gives an INSTALLED_APPS entry ("rallynov.core.wagtail_apps.RedirectsConfig"
    is "wagtail.contrib.redirects"): an AppConfig class path is imported to read its `name`."""
    module, _dot, last = entry.rpartition(".")
    if not last[:1].isupper():
        return entry
    import importlib

    return getattr(importlib.import_module(module), last).name


def command_names():
    """{command: app name}, as django.core.management.get_commands finds them after set-up."""
    from importlib.util import find_spec

    import django.core.management as management
    from django.conf import settings
    from django.core.management import find_commands

    commands = dict.fromkeys(find_commands(management.__path__[0]), "django.core")
    for entry in reversed(settings.INSTALLED_APPS):
        name = _app_name(entry)
        spec = find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        path = os.path.join(next(iter(spec.submodule_search_locations)), "management")
        commands.update(dict.fromkeys(find_commands(path), name))
    return commands


def main_help_text(prog_name="rallynov"):
    """Django's listing of the commands by app (ManagementUtility.main_help_text), without set-up."""
    by_app = {}
    for command, app in command_names().items():
        label = "django" if app == "django.core" else app.rpartition(".")[-1]
        by_app.setdefault(label, []).append(command)
    lines = [
        "",
        f"Type '{prog_name} help <subcommand>' for help on a specific subcommand.",
        "",
        "Available subcommands:",
    ]
    for app in sorted(by_app):
        lines += ["", f"[{app}]", *(f"    {name}" for name in sorted(by_app[app]))]
    return "\n".join(lines)


def start_django():
    """django.setup() without the cyclic garbage collector, which would walk the thousands of
    objects the imports make again and again while they are made (a sixth of a command's start);
    what the set-up made is then left out of later collections (gc.freeze). A set-up that fails
    is left to Django's command line, which says why."""
    import gc

    import django

    gc.disable()
    try:
        django.setup()
    except Exception:  # noqa: BLE001, S110 - reported by execute_from_command_line
        pass
    finally:
        gc.freeze()
        gc.enable()


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
    if argv in HELP_ARGUMENTS:
        sys.stdout.write(main_help_text() + "\n")
        return
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    start_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rallynov", *argv])


if __name__ == "__main__":
    main()
