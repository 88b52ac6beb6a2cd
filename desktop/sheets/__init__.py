"""Spreadsheet I/O: reading office files into raw rows, mapping headers. No Qt."""
