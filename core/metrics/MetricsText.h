#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace NetPulse::MetricsText {

using Labels = QList<QPair<const char *, QString>>;

// A label value as the Prometheus text format (0.0.4) wants it: backslash, double quote and line
// feed escaped; invalid UTF-16 replaced (Qt writes "?"), so the page stays valid UTF-8. Values come from users (names,
// URLs): this is the only way they reach the page.
QByteArray escapeLabelValue(const QString &value);

// "# HELP name help\n# TYPE name type\n"
void family(QByteArray *out, const char *name, const char *type, const char *help);
// "name{a="x",b="y"} value\n"; NaN and infinities as the format spells them.
void sample(QByteArray *out, const char *name, const Labels &labels, double value);

} // namespace NetPulse::MetricsText
