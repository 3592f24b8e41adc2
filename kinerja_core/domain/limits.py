"""How many rows of each kind one SKP may hold: the bounds the domain puts on its lists.

Each constant is used twice: where the rows are written (the service refuses one more with
``limit.too_many``, naming the list and the limit; nothing is written) and as the largest
``first`` of the GraphQL list that shows them (:mod:`kinerja_core.graphql.list_caps`), so
that a list can never hold more than it can show.

The figures are generous maxima of PermenPANRB 6/2022 practice, not typical sizes: an SKP
usually has 3 to 8 RHK (a JPT's follow its Perjanjian Kinerja, which rarely passes 10
sasaran), each with 1 to 3 IKI (one per aspek at most: kuantitas, kualitas, waktu, biaya,
with a few variants); the demo's largest SKP has 4 RHK with 3 IKI each.
"""

from __future__ import annotations

RHK_PER_PLAN = 20  # RHK utama and tambahan of one SKP
IKI_PER_WORK_RESULT = 10  # IKI of one RHK
ACTION_PLANS_PER_WORK_RESULT = 60  # rencana aksi of one RHK: up to 5 per monthly period
ACTION_PLANS_PER_PERIOD = 5  # ... of one RHK in one period
FEEDBACK_PER_REALIZATION = 20  # umpan balik on one realisasi
LINKS_PER_REALIZATION = 10  # evidence links of one realisasi (files: upload_max_files_...)
PERIODS_PER_YEAR = 12  # monthly at most: one realisasi per IKI and period
