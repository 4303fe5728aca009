"""Bounds on an uploaded roster file and on what its check keeps: the product's own limits (issue 16).

A county's roster is 100–300 teams (DESIGN.md); one import is sized for a county several times over and
for ``bench_roster --rows 50000``. Anything bigger is refused before it is read, with a message that names
the limit, so no file can make the importing process allocate more than these allow.
"""

from __future__ import annotations

MB = 1024 * 1024

# The uploaded file itself.
MAX_FILE_BYTES = 30 * MB
# Rows and columns of the sheet's used area, counted from A1 (what the user sees as row and column numbers).
MAX_ROWS = 100_000
MAX_COLUMNS = 100
# Cells of the used area (rows × columns): the reader holds the whole area, empty cells included.
MAX_CELLS = 2_000_000
# Text held once the cells are read: an xlsx repeats one shared string (up to 32,767 characters) in as
# many cells as it likes, so a small file can name gigabytes of text.
MAX_TEXT_BYTES = 100 * MB
# An xlsx is a zip: the sum of its members' uncompressed sizes, and that sum over the compressed file.
MAX_UNZIPPED_BYTES = 300 * MB
MAX_ZIP_RATIO = 100

# What a check stores for the preview and the invalid-rows download: the first rows with problems, up to
# a count and a size, and the number of the others.
REPORT_MAX_INVALID_ROWS = 5_000
REPORT_MAX_INVALID_CHARS = 5 * MB
# A duplicated ID number lists this many of its rows (the first one first), then how many there are.
DUPLICATE_ROWS_NAMED = 5

# A batch still "checking" or "importing" this long after its last sign of life has died with its worker.
STALE_BATCH_MINUTES = 30
# Celery time limits of one import task (seconds): soft raises inside the task, hard kills the worker child.
TASK_SOFT_TIME_LIMIT = 20 * 60
TASK_TIME_LIMIT = 25 * 60
