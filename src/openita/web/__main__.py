"""``python -m openita.web`` is Django's manage.py for OpenITA."""

from openita.web.manage import main

main()
