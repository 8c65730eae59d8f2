"""salescli: a terminal CRM for individual B2B sales reps."""

__version__ = "0.1.0"
