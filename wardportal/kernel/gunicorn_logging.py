"""gunicorn's master writes its own lines (start, workers booted, timeouts) in the portal's format too.

Named by ``logger_class`` in gunicorn.conf.py (gunicorn reads it from the working directory) or
``--logger-class wardportal.kernel.gunicorn_logging.Logger``. The master never loads the app, so it reads
``WARDPORTAL_LOG_JSON`` from the environment itself; workers format the same lines through kernel/logs.py.
"""

import os

from gunicorn import glogging

from wardportal.kernel.logs import JsonFormatter, TextFormatter
from wardportal.kernel.settings_table import BY_NAME, parse


class Logger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        as_json = parse(BY_NAME["LOG_JSON"], os.environ.get("WARDPORTAL_LOG_JSON", ""), "WARDPORTAL_LOG_JSON")
        formatter = JsonFormatter() if as_json else TextFormatter()
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter)
