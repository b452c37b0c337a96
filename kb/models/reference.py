"""Reference data: areas (countries and non-ISO areas), subnational admin areas, organisations."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kb.choices import AreaKindChoices, OrganisationKindChoices
from kb.models.base import TimeStampedModel, choices_constraint
from kb.models.dependencies import ADMIN_AREA_DEPENDENTS, AREA_DEPENDENTS, ORGANISATION_DEPENDENTS, dependents_trigger
from kb.models.fields import ProseField, choice_field, pattern_constraint, reference_field, translated_fields
from kb.translations import LocalizedText, localized


@pghistory.track()
class Area(TimeStampedModel):
    """A country or territory (ISO 3166-1 alpha-3), an area the Monitor reports without an ISO code, or an aggregate."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = ("name",)

    code = models.CharField(
        verbose_name=_("code"),
        max_length=12,
        unique=True,
        help_text=_("ISO 3166-1 alpha-3 for countries (POL); a user-assigned X.. code for areas without one (XKX)."),
    )
    iso2 = models.CharField(
        verbose_name=_("ISO alpha-2"),
        max_length=2,
        blank=True,
    )
    kind = choice_field(AreaKindChoices, _("kind"), max_length=16, default=AreaKindChoices.COUNTRY)
    name, name_uk, name_ru = translated_fields(
        models.CharField, _("name (English)"), _("name (Ukrainian)"), _("name (Russian)"), max_length=200
    )
    latitude = models.DecimalField(
        verbose_name=_("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("A representative point (centroid) for maps."),
    )
    longitude = models.DecimalField(
        verbose_name=_("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country or area")
        verbose_name_plural = _("countries and areas")
        triggers = [dependents_trigger(AREA_DEPENDENTS)]
        constraints = [
            choices_constraint("kind", AreaKindChoices),
            pattern_constraint(
                "code",
                r"^[A-Z][A-Z0-9-]{2,11}$",
                "code_format",
                _("An area code is 3-12 capital letters, digits or hyphens (POL, XKX)."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=AreaKindChoices.COUNTRY) | Q(code__regex=r"^[A-Z]{3}$"),
                name="%(app_label)s_%(class)s_country_code_is_alpha3",
                violation_error_message=_("A country's code is its ISO 3166-1 alpha-3 code."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True),
                name="%(app_label)s_%(class)s_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True),
                name="%(app_label)s_%(class)s_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
        ]
        indexes = [
            # ordering by name on the country list
            models.Index(fields=["name"], name="kb_area_name_idx"),
        ]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> LocalizedText:
        """The name in the active language, falling back to English."""
        return localized(self, "name")


@pghistory.track()
class AdminArea(TimeStampedModel):
    """A subnational administrative area identified by its humanitarian p-code (OCHA COD-AB)."""

    # Held in English, Ukrainian and Russian (kb/translations.py).
    TRANSLATED_FIELDS = ("name",)

    pcode = models.CharField(
        verbose_name=_("p-code"),
        max_length=20,
        unique=True,
        help_text=_("Humanitarian place code, e.g. UA14 (Donetska oblast)."),
    )
    name, name_uk, name_ru = translated_fields(
        models.CharField, _("name (English)"), _("name (Ukrainian)"), _("name (Russian)"), max_length=200
    )
    area = reference_field("kb.Area", _("country or area"), related_name="admin_areas")
    level = models.PositiveSmallIntegerField(
        verbose_name=_("admin level"),
        help_text=_("1 = province/oblast, 2 = district/raion, ..."),
    )
    parent = reference_field("kb.AdminArea", _("parent"), related_name="children", optional=True)
    latitude = models.DecimalField(
        verbose_name=_("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
    )
    longitude = models.DecimalField(
        verbose_name=_("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["area__name", "pcode"]
        verbose_name = _("admin area")
        verbose_name_plural = _("admin areas")
        triggers = [dependents_trigger(ADMIN_AREA_DEPENDENTS)]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="%(app_label)s_%(class)s_level_range",
                violation_error_message=_("Admin level must be between 1 and 5."),
            ),
            pattern_constraint(
                "pcode",
                r"^[A-Z]{2}[A-Z0-9]*$",
                "pcode_format",
                _("A p-code starts with the two-letter country code, then letters or digits."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.localized_name} ({self.pcode})"

    @property
    def localized_name(self) -> LocalizedText:
        """The name in the active language, falling back to English."""
        return localized(self, "name")


@pghistory.track()
class Organisation(TimeStampedModel):
    """An organisation that appears in the data: operator, producer, donor, publisher, government body."""

    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        unique=True,
        help_text=_("Full name; imports refer to organisations by this name."),
    )
    acronym = models.CharField(
        verbose_name=_("acronym"),
        max_length=30,
        blank=True,
    )
    kind = choice_field(OrganisationKindChoices, _("kind"), max_length=16)
    country = reference_field(
        "kb.Area",
        _("country"),
        related_name="organisations",
        optional=True,
        help_text=_("Where the organisation is based; empty for international bodies."),
    )
    website = models.URLField(
        verbose_name=_("website"),
        blank=True,
    )
    description = ProseField(
        verbose_name=_("description"),
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        triggers = [dependents_trigger(ORGANISATION_DEPENDENTS)]
        constraints = [
            choices_constraint("kind", OrganisationKindChoices),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class CoverageList(TimeStampedModel):
    """A named set of areas staff expect data for (e.g. "Article 5 states", "donor focus countries"), used as a
    coverage universe so the areas of the list without figures show as missing."""

    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=60,
        unique=True,
        help_text=_("Used by the API: coverage/?universe=list&list=<slug>."),
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
    )
    description = ProseField(
        verbose_name=_("description"),
        blank=True,
        help_text=_("Why these areas are expected to have data."),
    )
    areas = models.ManyToManyField(
        to="kb.Area",
        verbose_name=_("areas"),
        related_name="+",
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("coverage list")
        verbose_name_plural = _("coverage lists")

    def __str__(self) -> str:
        return self.name
