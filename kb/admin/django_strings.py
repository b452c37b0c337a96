"""Strings of Django's own admin and forms that its Ukrainian and Russian catalogues do not translate (Django 6.1):
listed here so `make messages` keeps them in kb/locale, whose translations fill the gap. Without them staff read
"Run", "Search записи про постраждалих" or "- Select an option -" on Ukrainian and Russian screens."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    gettext_noop("Run"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Search %(name)s"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("- Select an option -"),
)
