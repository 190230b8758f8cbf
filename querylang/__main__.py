"""``python -m querylang`` runs the command line."""

from querylang.cli import main

main()
