"""The benchmark harness: GraphQL against hand-written SQL endpoints (bench/compare.py)."""
