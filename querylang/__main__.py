"""``python -m querylang`` runs the command line."""

from querylang.entry import main

main()
