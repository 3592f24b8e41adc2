"""Kinerja core: performance management for Indonesian civil servants (PermenPANRB 6/2022)."""
