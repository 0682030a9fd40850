this is prose, not a header
at all.
