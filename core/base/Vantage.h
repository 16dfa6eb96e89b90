#pragma once

#include <QString>

// This machine's name among the vantage points that watch the same endpoints (docs/vantage.md):
// the `vantage` label of every metric series, an extension attribute of every report, a label of
// every alert. One per process: set once at start (--vantage, else the endpoint file's
// defaults.vantage, else the host name), before any thread reads it.
namespace NetPulse::Vantage {

inline constexpr int kMaxLength = 64;

QString name();
void setName(const QString &name);
// What is wrong with a name given for it, in words; empty when it is fine: 1 to 64 characters,
// none of them a control character (it is shown, and sent as a label value).
QString problem(const QString &name);

} // namespace NetPulse::Vantage
