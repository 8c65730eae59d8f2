"""Customers: accounts (with their facts, class and owner) and contacts, the people at
them, with their CSV mappings.

Imports ``core`` only.
"""
