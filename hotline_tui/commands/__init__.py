"""One module per command of the command line (``hotline-tui <command>``), named after it
(``import-rota`` is ``import_rota``), each with ``main(args, settings)``. cli.py parses the
arguments and loads only the module of the command given, through the start-up seam:
``run`` on a current database draws its first frame before the store's modules are
imported."""
