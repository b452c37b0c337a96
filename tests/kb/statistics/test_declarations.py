"""Each statistic is declared once (kb/statistics/): its model holds no field the declaration misses, and every
consumer's field list is the one the declaration gives. A field added to a model without its declaration, or a list
spelled out again by hand and left behind, fails here."""

import pytest
from django.apps import apps

from kb.models.base import StatisticalRecord
from kb.statistics.base import Column, Statistic
from kb.statistics.registry import STATISTICS, statistic_for_model

DECLARED = list(STATISTICS.values())
ids = [statistic.resource for statistic in DECLARED]

# The fields every statistic has from its base classes (where, when, preference, review, citation).
SHARED = {field.name for field in StatisticalRecord._meta.get_fields()} | {"id"}


def test_every_statistic_model_is_declared():
    models = {m for m in apps.get_models() if issubclass(m, StatisticalRecord)}
    assert models == {statistic.model for statistic in DECLARED}


@pytest.mark.parametrize("statistic", DECLARED, ids=ids)
def test_the_model_has_exactly_the_declared_fields(statistic):
    model = statistic.model
    own = [f.name for f in model._meta.concrete_fields if f.name not in SHARED]
    assert own == list(statistic.names), "a model field is missing from the declaration, or in another order"
    assert model.cell_fields == statistic.cell
    assert model.figure_fields == statistic.figures
    assert statistic_for_model(model) is statistic


def test_a_declaration_naming_no_column_is_refused():
    with pytest.raises(ValueError, match="figures names no column"):
        Statistic(resource="x", basename="x", model_label="kb.StockpileRecord", columns=(Column("a"),), figures=("b",))
