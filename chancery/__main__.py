"""The `chancery` console command: every manage.py command under one name (`chancery migrate`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chancery", *sys.argv[1:]])


if __name__ == "__main__":
    main()
