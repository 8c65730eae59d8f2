"""Customer value: revenue per account on a basis (won deals; contracts and receipts once
the book has them), ABC classes and the VIP rule, lifecycle stages, retention and
defection, lifetime value, and the structured customer profile.

Imports ``core`` and ``customers``.
"""
