"""Subcommands of the `mobicrawl` CLI: each module has NAME, add_parser(subparsers) and run(args)."""
