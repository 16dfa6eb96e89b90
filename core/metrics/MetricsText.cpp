#include "metrics/MetricsText.h"

#include <cmath>

namespace NetPulse::MetricsText {

QByteArray escapeLabelValue(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (char c : utf8) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
    return out;
}

void family(QByteArray *out, const char *name, const char *type, const char *help)
{
    *out += "# HELP ";
    *out += name;
    *out += ' ';
    *out += help;
    *out += "\n# TYPE ";
    *out += name;
    *out += ' ';
    *out += type;
    *out += '\n';
}

namespace {

void appendValue(QByteArray *out, double value)
{
    *out += ' ';
    if (std::isnan(value))
        *out += "NaN";
    else if (std::isinf(value))
        *out += value > 0 ? "+Inf" : "-Inf";
    else if (value == std::floor(value) && std::fabs(value) < 1e15)
        *out += QByteArray::number(qint64(value));
    else
        *out += QByteArray::number(value, 'g', 12);
    *out += '\n';
}

} // namespace

QByteArray renderLabels(const Labels &labels)
{
    QByteArray out;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (i > 0)
            out += ',';
        out += labels.at(i).first;
        out += "=\"";
        out += escapeLabelValue(labels.at(i).second);
        out += '"';
    }
    return out;
}

void sample(QByteArray *out, const char *name, const Labels &labels, double value)
{
    *out += name;
    if (!labels.isEmpty()) {
        *out += '{';
        *out += renderLabels(labels);
        *out += '}';
    }
    appendValue(out, value);
}

void sample(QByteArray *out, const char *name, const QByteArray &labels, double value, const char *extra,
            QLatin1StringView extraValue)
{
    *out += name;
    if (!labels.isEmpty() || extra) {
        *out += '{';
        *out += labels;
        if (extra) {
            if (!labels.isEmpty())
                *out += ',';
            *out += extra;
            *out += "=\"";
            *out += QByteArrayView(extraValue.data(), extraValue.size());
            *out += '"';
        }
        *out += '}';
    }
    appendValue(out, value);
}

} // namespace NetPulse::MetricsText
