"""The data's licence and citation for the page footer (kb/services/licence.py: one source for every channel)."""

from django import template

from kb.services.licence import citation_text, data_licence

register = template.Library()


@register.simple_tag
def licence_get():
    return data_licence()


@register.simple_tag
def citation_get():
    return citation_text()
