# Zhucun — two commands: `make demo` (run the app with demo data) and `make test` (run the suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
DEMO_DATABASE_URL ?= sqlite:///demo.sqlite3
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

install: $(STAMP)

demo: install
	@url="$${DATABASE_URL:-$(DEMO_DATABASE_URL)}"; \
	case "$$url" in sqlite*) ;; *) if [ "$$ALLOW_NON_SQLITE" != 1 ]; then \
		echo "make demo 只使用 SQLite；当前 DATABASE_URL=$$url。确需写入该数据库请设 ALLOW_NON_SQLITE=1"; exit 1; fi;; esac; \
	case "$$url" in sqlite:///demo.sqlite3) rm -f demo.sqlite3 demo.sqlite3-wal demo.sqlite3-shm;; esac; \
	export DATABASE_URL="$$url" DEBUG=1; \
	$(PY) manage.py migrate --noinput -v 0 && \
	$(PY) manage.py demo_data --flush $${ALLOW_NON_SQLITE:+--allow-non-sqlite} && \
	echo "" && echo "打开 http://$(HOST):$(PORT)/ 用上面的账号登录（Ctrl-C 停止）" && \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: install
	$(PY) -m mypy teams accounts config attendance assessment funding training tests

clean:
	rm -rf $(VENV) demo.sqlite3* db.sqlite3* staticfiles .pytest_cache
