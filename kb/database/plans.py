"""How the application's connections plan the statements they prepare (kb/database/base.py PreparedCursor). A module
of its own, without Django, so that the benchmarks' floors (bench/common.py) connect the same way."""

# A prepared statement's generic plan, made once, from its first run on. PostgreSQL's own choice plans the first five
# runs for their values, then keeps doing so where those were cheaper than the generic plan's estimate: a worker whose
# first tiles were empty planned every tile from then on. The generic plan of every statement prepared here (a page's
# items by their ids, a tile, a box's count and ids) is as fast as a custom one or faster, measured over a benchmark
# tile set (zoom 6 93 -> 82 ms, zoom 10 3.0 -> 2.7 ms, zoom 14 0.50 -> 0.21 ms at p50). Statements sent as text (all
# others) are planned for their values whatever this says; PL/pgSQL's (the triggers', the data stamp's) follow it,
# statements whose generic plan is the same (a row by its key, a max by its index).
GENERIC_PLANS = "-c plan_cache_mode=force_generic_plan"
