# TEMP STUB by the lead, to be replaced by the history engineer.
NAME = "run_sites"
def add_parser(subparsers):
    pass
