#include "base/Logging.h"

// QtInfoMsg: debug lines are for the one who asks (QT_LOGGING_RULES, --verbose).
Q_LOGGING_CATEGORY(lcProbe, "netpulse.probe", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMonitor, "netpulse.monitor", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCache, "netpulse.cache", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEndpoints, "netpulse.endpoints", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHistory, "netpulse.history", QtInfoMsg)
Q_LOGGING_CATEGORY(lcReports, "netpulse.reports", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMetrics, "netpulse.metrics", QtInfoMsg)
Q_LOGGING_CATEGORY(lcVantage, "netpulse.vantage", QtInfoMsg)
