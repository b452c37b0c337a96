# Thin aliases; the scripts in scripts/ do the work.
.PHONY: run test test-fast lint format migrations-check seed db fuzz client-check soak cluster-check pitr-check \
	backup-check messages bench-pages bench bench-maps

run:               ## set up everything, load demo data, serve admin + API on 127.0.0.1:8000
	scripts/run.sh

test:              ## the whole test suite + lint + checks, against real PostgreSQL
	scripts/test.sh

test-fast:         ## the same without API fuzzing, browser tests and the operations checks, for working (CI runs `make test`)
	scripts/test.sh --ignore=tests/api/test_fuzz.py --ignore=tests/browser --ignore=tests/operations

lint:
	scripts/venv.sh requirements-dev.txt && .venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	scripts/venv.sh requirements-dev.txt && .venv/bin/ruff check --fix . && .venv/bin/ruff format .

migrations-check:
	DATABASE_URL="$$(scripts/db.sh)" .venv/bin/python manage.py makemigrations --check --dry-run

seed:
	DATABASE_URL="$$(scripts/db.sh)" .venv/bin/python manage.py kb_seed_demo

db:                ## print the DATABASE_URL the commands use (starting PostgreSQL if needed)
	@scripts/db.sh

fuzz:              ## long API fuzzing: KB_FUZZ_EXAMPLES per operation (default 30, over 1000 requests)
	KB_FUZZ_EXAMPLES=$${KB_FUZZ_EXAMPLES:-30} scripts/test.sh tests/api/test_fuzz.py -s -q

client-check:      ## generate a Python client from the OpenAPI schema and use it against a running server
	scripts/check_generated_client.sh

soak:              ## mixed load on gunicorn with PostgreSQL stopped mid-run (own cluster, loopback, ~1 minute)
	scripts/venv.sh requirements.txt && .venv/bin/python scripts/soak.py

cluster-check:     ## nginx, two app servers, a streaming standby, Redis, the task worker: load while an app server and the standby die (own cluster, loopback, ~5 min; SHORT=1: ~1.5)
	scripts/venv.sh requirements.txt && scripts/gis.sh && .venv/bin/python scripts/cluster_check.py $(if $(SHORT),--short)

pitr-check:        ## point-in-time recovery: a base backup and archived WAL restored to a moment (own cluster, ~30 s)
	scripts/venv.sh requirements.txt && export DATABASE_URL="$$(scripts/db.sh)" && .venv/bin/python manage.py migrate -v 0 \
	  && .venv/bin/python scripts/pitr_check.py --from-database "$$DATABASE_URL"

backup-check:      ## pg_dump + pg_restore into a new database, then compare the API output of both
	scripts/backup_check.sh

bench:             ## speed at 1,000,000 rows vs Datasette, SQL and COPY (own database, loopback); QUICK=1: 100,000
	scripts/bench.sh $(if $(QUICK),--quick)

bench-maps:        ## tiles at zooms 6, 10, 14 and bbox pages over 100,000 synthetic polygons vs their SQL floors (own database, loopback); QUICK=1: 10,000
	scripts/bench.sh --maps $(if $(QUICK),--quick)

bench-pages:       ## server time of the public pages and the admin dashboard on the demo data (bench/pages.py)
	scripts/venv.sh requirements.txt && DATABASE_URL="$$(scripts/db.sh)" .venv/bin/python bench/pages.py

messages:          ## refresh the uk/ru catalogues (kb/, api/, web/locale) from the code, then compile them (needs GNU gettext)
	.venv/bin/python manage.py makemessages -l uk -l ru --ignore=.venv --ignore=tests --ignore=bench --ignore=scripts
	scripts/messages.sh
