#!/usr/bin/env python
"""Django's manage.py; the same commands are available as `chancery <command>`."""

from chancery.__main__ import main

if __name__ == "__main__":
    main()
