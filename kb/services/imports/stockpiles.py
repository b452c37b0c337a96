"""Import/export mapping for stockpile records (columns declared in kb/statistics/stockpiles.py)."""

from kb.services.imports.statistics import statistic_resource
from kb.statistics.stockpiles import STOCKPILES

StockpileRecordResource = statistic_resource(STOCKPILES)
