import logging
import time


class UTCFormatter(logging.Formatter):
    """Log times in UTC, ISO 8601, whatever the server's time zone."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"
