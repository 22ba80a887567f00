"""Request fingerprints that include the device, so one URL renders once per device profile."""
from __future__ import annotations

import hashlib

from scrapy.utils.request import RequestFingerprinter


class DeviceFingerprinter(RequestFingerprinter):
    def fingerprint(self, request) -> bytes:
        base = super().fingerprint(request)
        device = request.meta.get("mobicrawl_device")
        if not device:
            return base
        return hashlib.sha1(base + b"|" + device.encode("utf-8")).digest()
