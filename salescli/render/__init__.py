"""Output: rich tables on a terminal, plain aligned text in a pipe, JSON and CSV for
scripts. Renderers take plain data and know nothing of the database; rich is imported
only when stdout is a terminal."""
