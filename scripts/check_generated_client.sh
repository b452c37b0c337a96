#!/usr/bin/env bash
# Generate a Python client from /api/schema/ with openapi-python-client (a standard OpenAPI generator), then use it,
# unedited, against a running server: list, filter, and submit a figure with a partner token.
# Usage: scripts/check_generated_client.sh   (needs the demo data: run `make run` once, or `make seed`)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh requirements.txt
DATABASE_URL="$(scripts/db.sh)"
export DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.dev
work="$(mktemp -d)"
port="${PORT:-8765}"
trap 'kill $(cat "$work/server.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py kb_seed_demo -v 0
.venv/bin/python manage.py spectacular --file "$work/schema.yml"

"$(scripts/python.sh)" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "openapi-python-client==0.29.1" "ruff==0.17.5"
export PATH="$work/venv/bin:$PATH"  # the generator formats its output with ruff
"$work/venv/bin/openapi-python-client" generate --path "$work/schema.yml" --output-path "$work/client" --meta setup >/dev/null
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$work/client"

key="$(.venv/bin/python manage.py shell -v 0 -c "
from kb.models import Organisation
from kb.services.tokens import token_create
print(token_create(organisation=Organisation.objects.get(name='Humanity & Inclusion'), name='generated client check', scopes=['read', 'submit'])[1])
")"
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
echo $! >"$work/server.pid"
for _ in $(seq 1 50); do curl -sf "127.0.0.1:$port/api/v1/" >/dev/null && break; sleep 0.2; done

package="$(basename "$(dirname "$(find "$work/client" -maxdepth 2 -name client.py | head -n 1)")")"
KB_URL="http://127.0.0.1:$port" KB_TOKEN="$key" KB_PACKAGE="$package" "$work/venv/bin/python" - <<'PY'
import importlib, os, random

package = os.environ["KB_PACKAGE"]
client_module = importlib.import_module(package)
casualties_list = importlib.import_module(f"{package}.api.casualties.casualties_list")
casualties_create = importlib.import_module(f"{package}.api.casualties.casualties_create")
models = importlib.import_module(f"{package}.models")

public = client_module.Client(base_url=os.environ["KB_URL"])
page = casualties_list.sync(client=public, area="WLD", year=2018, headline=True)
assert page.results[0].total == 6897, page
print("list + filter: world 2018 =", page.results[0].total)

partner = client_module.AuthenticatedClient(base_url=os.environ["KB_URL"], token=os.environ["KB_TOKEN"], prefix="Token")
body = models.CasualtyRecordWriteRequest(
    country_code="XKX", period=str(random.randint(1900, 1990)), source="lm2023-impact", total=5
)
created = casualties_create.sync(client=partner, body=body)
assert getattr(created.status, "value", created.status) == "draft", created
print("submit: created draft", created.id)
PY
echo "generated client: OK"
