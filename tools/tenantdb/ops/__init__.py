"""Operations: whole-database backup and restore with proof, per-tenant export, import and
erase with receipts. Each module takes a backend or a connection; none reads the environment."""
