"""Marketing: campaigns with their budget, approval, costs and results (``campaigns``),
sales expenses with their approval and reimbursement (``expenses``), and what they bring
(``reports``: campaigns with their return, lead conversion by source, expenses and the
cost of sale).

Imports only ``core``: attribution (which campaign a lead or a deal names) is read in
``core.attribution``, so leads and the pipeline record it without importing this package.
"""
