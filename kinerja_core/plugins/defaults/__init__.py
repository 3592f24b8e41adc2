"""Built-in behaviour written as plugins on the public hooks: the core eats its own food.

- ``core.manual``: the plain indicator whose realisasi the employee types in.
- ``core.password``: bearer tokens of password sign-ins identify the caller.
- ``core.activation``: ``Agency.plugins``, each plugin's state for an agency.
"""
