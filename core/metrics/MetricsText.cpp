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

void sample(QByteArray *out, const char *name, const Labels &labels, double value)
{
    *out += name;
    if (!labels.isEmpty()) {
        *out += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                *out += ',';
            *out += labels.at(i).first;
            *out += "=\"";
            *out += escapeLabelValue(labels.at(i).second);
            *out += '"';
        }
        *out += '}';
    }
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

} // namespace NetPulse::MetricsText
