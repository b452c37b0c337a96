"""The offline basemap: country outlines from Natural Earth (public domain, world-atlas countries-110m), vendored by
scripts/vendor_maps.sh into kb/basemap/ and loaded by the initial migration (0001_initial). Reference geometry for the
maps' background and the world choropleth, not reviewed data: it is never edited, and it is not in the API."""

from django.contrib.gis.db import models as gis_models
from django.db import models
from django.utils.translation import gettext_lazy as _


class BasemapCountry(models.Model):
    code = models.CharField(
        _("code"),
        max_length=3,
        blank=True,
        db_index=True,
        help_text=_("ISO 3166-1 alpha-3, as Area.code; empty where Natural Earth gives no ISO code (e.g. Kosovo)."),
    )
    numeric = models.CharField(_("numeric code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100)
    geometry = gis_models.MultiPolygonField(_("geometry"), srid=4326)

    class Meta:
        ordering = ["name"]
        verbose_name = _("basemap country")
        verbose_name_plural = _("basemap countries")

    def __str__(self) -> str:
        return self.name
