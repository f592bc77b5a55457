"""An input file's lines, as replay reads them, into a chDB table `(line UInt64, raw String)`.

Replay's reading rules (README "Input", DESIGN section 3): a line ends at `\\n` (a `\\r` before it
is dropped), a byte-order mark at the start of the file is not part of line 1, lines are numbered
from 1, and a blank line is skipped (it is neither a record nor a dead letter). Lines are kept as
bytes: one that is not UTF-8 is that line's problem, found by the SQL that reads it.
"""

import sys
import time

import pyarrow

from .text import is_blank_text

BYTE_ORDER_MARK = b"\xef\xbb\xbf"
CHUNK_BYTES = 32 * 1024 * 1024


def is_blank(line):
    stripped = line.strip()
    if not stripped:
        return True
    if 0x20 < stripped[0] < 0x80:
        return False  # a printable ASCII character: the common case, decided without decoding
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return is_blank_text(text)


def numbered_lines(chunks):
    """(number, bytes) of every non-blank line of a file given as successive byte chunks."""
    pending = b""
    number = 0
    first = True
    for chunk in chunks:
        if first:
            chunk = chunk[len(BYTE_ORDER_MARK):] if chunk.startswith(BYTE_ORDER_MARK) else chunk
            first = False
        pieces = (pending + chunk).split(b"\n")
        pending = pieces.pop()
        for piece in pieces:
            number += 1
            line = piece[:-1] if piece.endswith(b"\r") else piece
            if not is_blank(line):
                yield number, line
    if pending:
        number += 1
        line = pending[:-1] if pending.endswith(b"\r") else pending
        if not is_blank(line):
            yield number, line


class Progress:
    """One status line on standard error: redrawn in place on a terminal, a new line every few seconds in a log."""

    LOG_INTERVAL_SECONDS = 5

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.terminal = stream.isatty()
        self.last_printed = 0.0

    def update(self, status):
        now = time.monotonic()
        if self.terminal:
            self.stream.write("\r" + status + "\033[K")
            self.stream.flush()
        elif now - self.last_printed >= self.LOG_INTERVAL_SECONDS:
            print(status, file=self.stream, flush=True)
            self.last_printed = now

    def done(self, status):
        if self.terminal:
            self.stream.write("\r" + status + "\033[K\n")
        else:
            print(status, file=self.stream)
        self.stream.flush()
        self.last_printed = 0.0


def _chunks(path, progress, label, total):
    read = 0
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            read += len(chunk)
            progress.update(f"reading {label}: {read / 1e6:,.1f} / {total / 1e6:,.1f} MB")
            yield chunk


def create_lines_table(engine, table):
    """An empty table of numbered lines: an input not given has none."""
    engine.query(f"CREATE TABLE {table} (line UInt64, raw String) ENGINE = MergeTree ORDER BY line")


def load_lines(engine, table, path, progress):
    """Creates `table` with the file's non-blank lines; returns how many there are."""
    create_lines_table(engine, table)
    total = path.stat().st_size
    batch_numbers, batch_lines, batch_bytes, count = [], [], 0, 0
    for number, line in numbered_lines(_chunks(path, progress, path.name, total)):
        batch_numbers.append(number)
        batch_lines.append(line)
        batch_bytes += len(line)
        if batch_bytes >= CHUNK_BYTES:
            count += _insert(engine, table, batch_numbers, batch_lines)
            batch_numbers, batch_lines, batch_bytes = [], [], 0
    count += _insert(engine, table, batch_numbers, batch_lines)
    progress.done(f"read {path.name}: {count:,} lines, {total / 1e6:,.1f} MB")
    return count


def _insert(engine, table, numbers, lines):
    if not numbers:
        return 0
    batch = pyarrow.table({"line": pyarrow.array(numbers, pyarrow.uint64()), "raw": pyarrow.array(lines, pyarrow.binary())})
    engine.query(f"INSERT INTO {table} SELECT line, raw FROM Python(batch)")
    return len(numbers)
