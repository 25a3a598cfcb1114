"""Storage: the engine and sessions, the tables, migrations and encryption of free text at rest."""
