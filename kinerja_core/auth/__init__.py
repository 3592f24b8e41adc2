"""Identities, passwords, tokens, roles and the row-level access rules (in ``access.py``)."""
