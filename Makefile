# Thin aliases; the scripts in scripts/ do the work.
.PHONY: run test lint format migrations-check seed db

run:               ## set up everything, load demo data, serve admin + API on 127.0.0.1:8000
	scripts/run.sh

test:              ## the whole test suite + lint + checks, against real PostgreSQL
	scripts/test.sh

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
