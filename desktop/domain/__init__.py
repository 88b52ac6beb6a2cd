"""Pure domain core: records, code tables, identity documents, rules. No Qt, no SQL."""
