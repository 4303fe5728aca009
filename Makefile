# Zhucun — two commands: `make demo` (run the app with demo data) and `make test` (run the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo test test-fast lint typecheck bench clean

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "需要 Python 3.11 或更高版本（当前：$$($(PYTHON) --version)）"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

# Without SECRET_KEY and DEBUG the app refuses to start (config/env.py); the demo, the tests and mypy
# read this machine's own random key from .secret_key (git-ignored, made once, mode 600) instead.
.secret_key:
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

install: $(STAMP) .secret_key

# The demo runs as production does (DEBUG=0), so a missing page is the product's own Chinese 404, not
# Django's English debug page listing every URL. Without DEBUG, runserver serves no static files:
# collectstatic (about 2 s) puts them in staticfiles/ with the production storage (hashed names,
# compressed) and WhiteNoise serves them from there, exactly as in production. (WHITENOISE_USE_FINDERS
# or `runserver --insecure` would skip that step but serve assets differently from production.)
# SECURE_COOKIES=0: the demo is plain HTTP, and secure-only cookies would not come back over it.
# Without DATABASE_URL the demo is the settings' default database, demo.sqlite3, rebuilt each time, so
# the README's manage.py commands after `make demo` see the demo's data.
demo: install
	@if [ -n "$$DATABASE_URL" ]; then \
		case "$$DATABASE_URL" in sqlite*) ;; *) if [ "$$ALLOW_NON_SQLITE" != 1 ]; then \
			echo "make demo 只使用 SQLite；当前 DATABASE_URL=$$DATABASE_URL。确需写入该数据库请设 ALLOW_NON_SQLITE=1"; exit 1; fi;; esac; \
	else rm -f demo.sqlite3 demo.sqlite3-wal demo.sqlite3-shm; fi; \
	export DEBUG=0 SECURE_COOKIES=0 ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost,$(HOST)}"; \
	$(PY) manage.py migrate --noinput -v 0 && \
	$(PY) manage.py demo_data --flush $${ALLOW_NON_SQLITE:+--allow-non-sqlite} && \
	$(PY) manage.py collectstatic --noinput --clear -v 0 && \
	echo "" && echo "打开 http://$(HOST):$(PORT)/ 用上面的账号登录（Ctrl-C 停止；换端口：make demo PORT=8001）" && \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist): each worker builds its own test database and demo world.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: install
	$(PY) -m mypy teams accounts config attendance assessment funding training worklog core audit tests

clean:
	rm -rf $(VENV) demo.sqlite3* db.sqlite3* staticfiles .pytest_cache
