"""What a file may cost before it is refused: every number here bounds time or memory.

The values leave room for a real 1,000,000-row batch (about 900 MB of sheet XML in a
20 MB .xlsx) while refusing, within seconds and a few MB of memory, the files that are
built to hurt: zip bombs, entity expansion, cells of tens of megabytes.
"""

from __future__ import annotations

MiB = 1024 * 1024

# Zip containers (.xlsx .xlsm .xlsb .ods, photo archives).
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_TOTAL = 4096 * MiB  # declared uncompressed size of all members together
MAX_MEMBER = 2048 * MiB  # one member
# Deflate reaches ~1000:1 on pathological input; real sheet XML compresses 5-20:1.
# Small members may compress better (a sheet of identical empty rows), so the ratio is
# judged only past a size where it starts to matter.
MAX_RATIO = 100
RATIO_FLOOR = 8 * MiB

# Small XML parts read whole (workbook.xml, relationships, content types).
MAX_SMALL_PART = 16 * MiB

# Excel caps a cell at 32,767 characters; a row or a shared string whose XML runs past
# these sizes is not something a spreadsheet program wrote.
MAX_ROW_XML = 8 * MiB
MAX_STRING_XML = 1 * MiB
MAX_TEXT_LINE = 1 * MiB  # one line of a CSV/TXT file, in bytes
MAX_CELL_CHARS = 32_767

# .xlsx sheets up to this much XML (~250k rows of 21 columns) go to calamine whole, the
# fastest way; larger ones in pieces of CHUNK_XML. Calamine holds a parsed sheet at ~2.5x
# its XML size; a 16 MiB piece stays near 50 MB.
WHOLE_XML = 192 * MiB
CHUNK_XML = 16 * MiB
ROWS_PER_CHUNK = 20_000  # rows handed on at a time from a sheet read whole
BLOCK = 1 * MiB

# Formats calamine can only read whole (.xls .xlsb .ods): the ceiling on their size.
MAX_WHOLE_SHEET = 256 * MiB  # uncompressed bytes of the sheet part

# Photos.
MAX_PHOTO_FILE = 5 * MiB
MAX_PHOTOS = 100_000
