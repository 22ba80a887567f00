# TEMP STUB by the lead, to be replaced by the pixels engineer.
async def accept_consent(page, accept_selector):
    return None
