"""Household registers (SIKS-NG DTKS, P3KE, DTSEN): detect the layout, read, drop personal data.

``read_register(paths)`` reads files, folders or zips of one layout into one row per household
(docs/architecture.md, docs/layouts.md). Personal columns never leave the reader: they are not
read at all, the household / person keys are replaced by salted hashes in the step that reads
each chunk, and the hashes are dropped before returning (see :mod:`layers.registers.privacy`).

Modules
-------
detect      layout from the header (``detect_layout``, ``sniff_layout``), role -> column map
read        ``read_register``: files -> chunks -> the layout's steps -> households
households  ``RegisterData``, ``HOUSEHOLD_COLUMNS`` and the shape of what a reading returns
common      chunk steps the layouts share (keys to hashes, desil, flags, rows)
privacy     personal columns, key hashing, record lists without personal values
siks, p3ke, dtsen
            one module per layout: its columns and what differs in its steps
"""

from layers.registers.detect import LAYOUTS, detect_layout, sniff_layout
from layers.registers.households import HOUSEHOLD_COLUMNS, RegisterData
from layers.registers.read import read_register

__all__ = ["HOUSEHOLD_COLUMNS", "LAYOUTS", "RegisterData", "detect_layout", "read_register",
           "sniff_layout"]
