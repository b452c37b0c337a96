"""Stockpiles of anti-personnel mines: held, destroyed, retained for training (kb/models/stockpiles.py)."""

from kb.statistics.base import Column, Statistic

STOCKPILES = Statistic(
    resource="stockpiles",
    basename="stockpile",
    model_label="kb.StockpileRecord",
    columns=(
        Column("stockpiled", "#capacity+stockpiled"),
        Column("destroyed", "#output+destroyed"),
        Column("destroyed_cumulative", "#output+destroyed+cumulative"),
        Column("retained_for_training", "#capacity+retained"),
    ),
    figures=("stockpiled", "destroyed", "destroyed_cumulative", "retained_for_training"),
    listed=("stockpiled", "destroyed", "destroyed_cumulative", "retained_for_training"),
)
