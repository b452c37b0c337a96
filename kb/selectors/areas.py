"""Finding countries and areas by name (in any of the three languages) or code."""

from collections.abc import Callable

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from kb.models import Area, HazardArea, ProductionRecord, Programme, Transfer, TreatyAction, TreatyObligation
from kb.selectors.coverage import STATISTICS
from kb.translations import collated


def areas_with_data(published: Callable[[type], QuerySet]) -> set[int]:
    """Ids of the areas with anything published that their profile shows: a figure, treaty action, treaty
    obligation, programme or hazard area, a transfer from them, production by their producers."""
    ids: set[int] = set()
    for model in [*STATISTICS.values(), TreatyAction, TreatyObligation, Programme, HazardArea]:
        ids.update(published(model).order_by().values_list("area_id", flat=True).distinct())
    ids.update(published(Transfer).order_by().values_list("from_area_id", flat=True).distinct())
    producers = published(ProductionRecord).exclude(producer__country=None)
    ids.update(producers.order_by().values_list("producer__country_id", flat=True).distinct())
    return ids


def area_search_list(*, query: str, with_data_only: bool, published: Callable[[type], QuerySet]) -> list[Area]:
    """Areas whose code or English, Ukrainian or Russian name contains `query`, those with data first.

    Each area carries `has_data`."""
    with_data = areas_with_data(published)
    areas = Area.objects.all()
    if query:
        areas = areas.filter(
            Q(code__iexact=query) | Q(name__icontains=query) | Q(name_uk__icontains=query) | Q(name_ru__icontains=query)
        )
    if with_data_only:
        areas = areas.filter(id__in=with_data)
    areas = areas.annotate(
        has_data=Case(When(id__in=with_data, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).order_by(
        "-has_data",
        # The name shown (Area.localized_name: English where a translation is missing), in the language's order.
        collated("name"),
        "code",
    )
    return list(areas)
