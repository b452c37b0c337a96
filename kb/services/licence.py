"""The licence the data is published under and how to cite it (settings `KB_DATA_LICENCE*`, `KB_DATA_CITATION`).

One place for the API schema, the CSV downloads' `Link` header, the releases' datapackage.json and the public
pages' footer, so they can never disagree."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings


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


def citation_text(*, release: str = "", on: dt.date | None = None) -> str:
    """How to cite the data: the configured text with `{version}` (the release, or the day the data was read) and
    `{licence}` filled in."""
    version = f"release {release}" if release else f"accessed {(on or dt.date.today()).isoformat()}"
    return settings.KB_DATA_CITATION.format(version=version, licence=settings.KB_DATA_LICENCE_TITLE)
