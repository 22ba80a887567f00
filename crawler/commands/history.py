# TEMP STUB by the lead, to be replaced by the history engineer.
NAME = "history"
def add_parser(subparsers):
    pass
