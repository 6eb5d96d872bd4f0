# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# The .venv gets the newest supported Python here (3.13, then 3.12, from pyenv or the PATH), else
# python3.11 or python3: `make test` is then the matrix's newest leg (noxfile.py) where it can be,
# and `make demo` works on a machine with nothing but python3. pip takes the newest Wagtail and
# Django that Python allows (Django 6.x needs 3.12), as a new site would.
PYTHON ?= $(shell for v in 3.13 3.12; do \
    p=$$(pyenv prefix $$v 2>/dev/null)/bin/python$$v; [ -x "$$p" ] && { echo "$$p"; exit; }; \
    python$$v -c '' 2>/dev/null && { command -v python$$v; exit; }; done; \
  command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# dist is a folder too (the archives): .PHONY keeps `make dist` from thinking it done.
.PHONY: install install-check dist sbom licences demo screenshots serve serve-production publish-scheduled send-due-deliveries send-due-emails worker test test-postgres matrix legs fuzz lint format messages bench bench-pdf soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[server,test]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo
	$(MAKE) serve

# The demo's screenshots in docs/screenshots/ (docs/widget.md): the widget and the report page at
# 1280 and 375 px, from a throw-away copy of the demo; needs Chromium (/usr/bin/chromium).
screenshots: install
	$(BIN)/python docs/screenshots.py

serve:
	@echo "Lägesbild: http://$(HOST):$(PORT)/  (Wagtail admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The django-tasks-db worker that sends the outbox (the e-mail and every other channel) in production
# (docs/deployment.md); needs TASKS_BACKEND=django_tasks_db.DatabaseBackend and the django-tasks-db
# package. It first hands back to the queue what a killed worker left unfinished (--enqueue).
worker: install
	$(BIN)/python manage.py send_due_deliveries --enqueue
	$(BIN)/python manage.py db_worker --interval 5

# Production (docs/deployment.md): the variables come from the environment (SECRET_KEY at least).
# Static files collected, the database's migrations applied (migrate runs once per release, not per
# instance), the deployment checks clean, then gunicorn with gunicorn.conf.py and DEBUG off.
serve-production: install
	@test -n "$$SECRET_KEY" || { echo "serve-production: set SECRET_KEY and the other variables of docs/deployment.md"; exit 2; }
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=0 $(BIN)/python manage.py migrate --check >/dev/null \
	  || { echo "serve-production: unapplied migrations: run 'manage.py migrate' once first"; exit 2; }
	DEBUG=0 $(BIN)/python manage.py check --deploy --fail-level WARNING
	DEBUG=0 exec $(BIN)/python -m gunicorn -c gunicorn.conf.py

# Publishes and unpublishes what editors scheduled (Wagtail's publish_scheduled). Cron runs it every
# minute on one machine; flock -n skips a run while the previous one still holds the lock.
PUBLISH_LOCK ?= /run/lock/lagesbild-publish.lock
publish-scheduled:
	flock -n $(PUBLISH_LOCK) $(BIN)/python manage.py publish_scheduled

# The outbox's retries that are due (docs/deployment.md): cron every few minutes on one machine, under
# flock -n like publish-scheduled. Not needed beside `make worker` (django-tasks-db), but harmless.
# send-due-emails (with EMAIL_LOCK) is its old name, kept for existing cron jobs.
OUTBOX_LOCK ?= /run/lock/lagesbild-outbox.lock
EMAIL_LOCK ?= /run/lock/lagesbild-email.lock
send-due-deliveries:
	flock -n $(OUTBOX_LOCK) $(BIN)/python manage.py send_due_deliveries
send-due-emails:
	flock -n $(EMAIL_LOCK) $(BIN)/python manage.py send_due_deliveries

# axe-core and oidc-provider (package.json) for the browser tests and the sign-in tests, where npm exists.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent \
	  || echo "npm ci failed: the axe-core checks and the sign-in tests (tests/oidc.py) will be skipped"; \
	else echo "npm not found: the axe-core checks and the sign-in tests (tests/oidc.py) will be skipped"; fi

# Each pass writes its counts to $(LEG)/<pass>.json, which `make legs` prints with the matrix's.
LEG ?= test-results/legs/default

test: install node_modules/.package-lock.json
	@command -v chromium >/dev/null || echo "Chromium not found: the browser tests (tests/browser) will be skipped"
	$(BIN)/ruff check .
	@echo "The import contracts (pyproject.toml, [tool.importlinter]; docs/architecture.md, \"Layers\"):"
	$(BIN)/lint-imports --no-cache
	$(BIN)/python noxfile.py versions $(LEG)
	LAGESBILD_PASS_RESULTS=$(LEG)/suite.json LAGESBILD_PLUGIN_PASS_RESULTS=$(LEG)/plugin.json \
	  $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(MAKE) install-check

# The suite includes tests/release/ (marker `release`): the sdist and the wheel built from it
# (once: where CI built them, beside LAGESBILD_WHEEL), twine check --strict, the licence in both,
# nothing missing from the sdist; and in a clean venv holding only that wheel, the SBOM and the
# plugin's own tests with only rapport_blocks and Wagtail's apps installed (tests.plugin_settings),
# which is this leg's plugin-only pass ($(LEG)/plugin.json).

# The plugin installed as a user would: the wheel into a fresh `wagtail start` site on this
# environment's Wagtail and Django, and into tests/sites/realistic/ (Wagtail 7.4 LTS, DRF, API v2),
# with the README's steps (docs/install/steps.py): pip changes none of their packages, the checks,
# migrations and the site's own tests pass, the demo report's page and the API answer.
install-check: install
	$(BIN)/python docs/install/check.py --results $(LEG)/install.json

# The other supported versions (noxfile.py, README "Supported versions"): one venv per leg, with the
# interpreters from pyenv where it has them. LAGESBILD_MATRIX_DATABASE_URL (postgres://) for the
# legs' PostgreSQL pass. `make legs` prints what ran.
matrix: install
	PATH="$$(for v in 3.11 3.12 3.13; do p=$$(pyenv prefix $$v 2>/dev/null) && printf '%s/bin:' "$$p"; done)$$PATH" \
	  $(BIN)/nox --no-reuse-existing-virtualenvs $(NOX_ARGS)

legs:
	@$(BIN)/python noxfile.py table test-results/legs

# The release's archives in dist/ (sdist, and the wheel built from it), checked by twine --strict.
dist: install
	$(BIN)/python -m release.dist

# dist/lagesbild-<version>.cdx.json: CycloneDX SBOM of the runtime dependencies, each with its version
# and licence, from a clean venv holding only the wheel; validated against the schema.
sbom: install
	$(BIN)/python -m release.sbom

# The licences of the runtime dependencies and of each extra, against docs/licences.md's allowlist.
licences: install
	$(BIN)/python -m release.licences

# The database-heavy tests (queries, transactions, select_for_update, on_commit), marked `postgres`,
# again on PostgreSQL as production runs. DATABASE_URL names a role with CREATEDB: pytest-django
# makes its own test database.
test-postgres: install
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "test-postgres: set DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/lagesbild (a role with CREATEDB)"; exit 2;; esac
	LAGESBILD_PASS_RESULTS=$(LEG)/postgres.json $(BIN)/python -m pytest -m postgres $(PYTEST_ARGS)

# A long, random run of the API fuzzing that `make test` runs briefly and deterministically
# (tests/frontend_widget/test_api_schemathesis.py): FUZZ_EXAMPLES per operation, request counts in
# test-results/api-fuzz.json. A failure prints the request that reproduces it.
FUZZ_EXAMPLES ?= 1000
fuzz: install
	LAGESBILD_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) LAGESBILD_FUZZ_RANDOM=1 \
	  $(BIN)/python -m pytest tests/frontend_widget/test_api_schemathesis.py -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (msgfmt); the compiled catalogues are committed, so nothing else does.
messages: install
	for app in rapport_blocks frontend_widget cms; do \
	  (cd $$app && mkdir -p locale && ../$(BIN)/python ../manage.py makemessages -l sv --no-obsolete --no-location \
	    && ../$(BIN)/python ../manage.py compilemessages -l sv) || exit 1; \
	done
	# locale/: Swedish for Wagtail's own strings (hand-written entries, so compiled only)
	for domain in django djangojs; do msgfmt --check -o locale/sv/LC_MESSAGES/$$domain.mo locale/sv/LC_MESSAGES/$$domain.po || exit 1; done

# The API's hot path against a constant JSON view on gunicorn, 127.0.0.1 only (docs/performance.md).
# HTTP figures need wrk (apt-get install wrk); without it a slower Python load generator runs.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(MAKE) bench-pdf

# The PDF (docs/pdf.md): render time and size for the sample report, and serving a stored PDF
# in-process (bench/pdf.json). Needs ../shared/samples/ and Pango.
bench-pdf: install
	PYTHONPATH=. $(BIN)/python bench/pdf.py

# Soak (docs/performance.md): the demo on gunicorn with gunicorn.conf.py, 127.0.0.1 only, at twice its
# measured capacity for SOAK_SECONDS (1800; recycling off, tracemalloc on); needs wrk (apt-get install
# wrk). Not part of `make test` or CI.
soak: install
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache dist
