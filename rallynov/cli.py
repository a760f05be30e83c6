"""The `rallynov` command line: Django's management commands, with the hyphenated names users type.

    rallynov import-initiatives FILE      ->  manage.py import_initiatives FILE
    rallynov figures --year 2023          ->  manage.py figures --year 2023
    rallynov runserver / migrate / …      ->  the usual Django commands
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallynov.settings")
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rallynov", *argv])


if __name__ == "__main__":
    main()
