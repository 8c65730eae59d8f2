"""Orders: the money half of a deal. Today the arithmetic every quote and contract
shares (`pricing`: line nets, discounts spread over lines, tax per rate, margin, to the
cent); products, quotes, contracts and receivables join it here.

Imports ``core`` and ``money`` only.
"""
# Contracts (contracts, contract_lifecycle), payment schedules and receipts
# (receivables), aging and the collection forecast (collections) and credit (credit) also
# import ``customers`` (accounts) and ``pipeline`` (a contract's deal, won on signing).
