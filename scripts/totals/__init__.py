"""The independent check of a replay's tables (`./run verify`, scripts/check_totals.py): every total
recomputed in SQL on chDB straight from the input files, following DESIGN sections 3 to 5a, never
from the Java jobs' code, so a bug of theirs cannot hide in a check that shares it."""
