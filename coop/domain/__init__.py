"""Pure domain core: the ledger's rules as values in, values out (no I/O, standard library only)."""
