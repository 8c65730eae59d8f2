"""Entry point for the ``salescli`` script and ``python -m salescli``."""

from __future__ import annotations

import sys


def main() -> None:
    # `salescli --version` is run by scripts to check the install: answer it without
    # importing the command tree (the full parse costs ~80 ms more).
    if sys.argv[1:] == ["--version"]:
        from salescli import __version__

        sys.stdout.write(f"salescli {__version__}\n")
        return
    from salescli.cli.app import run

    run()


if __name__ == "__main__":
    main()
