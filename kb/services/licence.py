"""The licence the data is published under and how to cite it (settings `KB_DATA_LICENCE*`, `KB_DATA_CITATION`).

One place for the API schema, the CSV downloads' `Link` header, the releases' datapackage.json and the public
pages' footer, so they can never disagree."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Licence:
    name: str  # an SPDX identifier where there is one (CC-BY-4.0)
    title: str
    url: str

    def as_package_licence(self) -> dict:
        """The entry of a Frictionless Data Package's `licenses` list."""
        return {"name": self.name, "title": self.title, "path": self.url}


def data_licence() -> Licence:
    return Licence(
        name=settings.KB_DATA_LICENCE, title=settings.KB_DATA_LICENCE_TITLE, url=settings.KB_DATA_LICENCE_URL
    )


# The citation unless KB_DATA_CITATION gives another; {version} and {licence} are filled in.
DEFAULT_CITATION = _(
    "Landmine-impact knowledge base, {version}. Every figure names the source that reported it. Licence: {licence}."
)


def citation_text(*, release: str = "", on: dt.date | None = None) -> str:
    """How to cite the data, in the active language: the configured text with `{version}` (the release, or the day
    the data was read) and `{licence}` filled in."""
    if release:
        version = _("release {name}").format(name=release)
    else:
        version = _("accessed {date}").format(date=(on or dt.date.today()).isoformat())
    template = settings.KB_DATA_CITATION or str(DEFAULT_CITATION)
    return template.format(version=version, licence=settings.KB_DATA_LICENCE_TITLE)
