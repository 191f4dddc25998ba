# gunicorn reads this file from the working directory: its own log lines in the portal's format
# (time, level, logger, request id; WARDPORTAL_LOG_JSON=true for JSON), see wardportal/kernel/logs.py.
logger_class = "wardportal.kernel.gunicorn_logging.Logger"
