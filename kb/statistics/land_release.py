"""Land release: area cleared, reduced and cancelled, and items destroyed (kb/models/land_release.py)."""

from kb.statistics.base import DEVICE_HXL, Column, Statistic

LAND_RELEASE = Statistic(
    resource="land-release",
    basename="land-release",
    model_label="kb.LandReleaseRecord",
    columns=(
        Column("operator", "#org+impl"),
        Column("device_type", DEVICE_HXL),
        Column("released_m2", "#output+released+m2"),
        Column("cleared_m2", "#output+cleared+m2"),
        Column("reduced_m2", "#output+reduced+m2"),
        Column("cancelled_m2", "#output+cancelled+m2"),
        Column("ap_mines_destroyed", "#output+destroyed+ap_mines"),
        Column("av_mines_destroyed", "#output+destroyed+av_mines"),
        Column("other_items_destroyed", "#output+destroyed+other"),
    ),
    dimensions=("operator", "device_type"),
    figures=(
        "released_m2",
        "cleared_m2",
        "reduced_m2",
        "cancelled_m2",
        "ap_mines_destroyed",
        "av_mines_destroyed",
        "other_items_destroyed",
    ),
    filters=("operator", "device_type"),
    listed=("released_m2", "cleared_m2", "reduced_m2", "cancelled_m2", "ap_mines_destroyed"),
    admin_filters=("device_type", "operator"),
)
