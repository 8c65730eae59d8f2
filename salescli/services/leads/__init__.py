"""Leads: capture, MAN qualification, the contact trail, disqualification, and conversion
into an account, a contact and a deal; their CSV mapping.

Imports ``core``, ``customers`` and ``pipeline`` (conversion opens a deal).
"""
