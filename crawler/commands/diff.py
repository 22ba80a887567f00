# TEMP STUB by the lead, to be replaced by the history engineer.
NAME = "diff"
def add_parser(subparsers):
    pass
