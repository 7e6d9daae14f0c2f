"""Run the afterview CLI: ``python -m afterview``."""

from afterview.cli import main

main()
