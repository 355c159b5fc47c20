"""The command line: one module per command group over a session that opens the vault."""
