"""Strawberry object types, built from tortoise rows with :func:`from_model`."""
