#pragma once

#include <QByteArray>
#include <QLatin1StringView>
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
// `a="x",b="y"`: labels escaped once, for the many samples of one endpoint.
QByteArray renderLabels(const Labels &labels);
// "name{a="x",b="y"} value\n"; NaN and infinities as the format spells them.
void sample(QByteArray *out, const char *name, const Labels &labels, double value);
// The same with labels rendered by renderLabels(), and one more label (`extra` empty: none) whose
// value is written as given: for names NetPulse makes (kinds, states), which need no escaping.
void sample(QByteArray *out, const char *name, const QByteArray &labels, double value, const char *extra = nullptr,
            QLatin1StringView extraValue = {});

} // namespace NetPulse::MetricsText
