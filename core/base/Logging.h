#pragma once

#include <QLoggingCategory>

// One category per area, so `QT_LOGGING_RULES="netpulse.cache.debug=true"` (or a rules file) turns on
// one part's messages. Warnings are on by default and debug off, as with Qt's own categories.
Q_DECLARE_LOGGING_CATEGORY(lcProbe)     // netpulse.probe
Q_DECLARE_LOGGING_CATEGORY(lcMonitor)   // netpulse.monitor
Q_DECLARE_LOGGING_CATEGORY(lcCache)     // netpulse.cache
Q_DECLARE_LOGGING_CATEGORY(lcEndpoints) // netpulse.endpoints
Q_DECLARE_LOGGING_CATEGORY(lcHistory)   // netpulse.history
Q_DECLARE_LOGGING_CATEGORY(lcReports)   // netpulse.reports
Q_DECLARE_LOGGING_CATEGORY(lcMetrics)   // netpulse.metrics
Q_DECLARE_LOGGING_CATEGORY(lcVantage)   // netpulse.vantage
