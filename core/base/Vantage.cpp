#include "base/Vantage.h"

#include <QCoreApplication>
#include <QHostInfo>

namespace NetPulse::Vantage {

namespace {

class VantageWords
{
    Q_DECLARE_TR_FUNCTIONS(NetPulse::Vantage)
};

QString &stored()
{
    static QString value;
    return value;
}

} // namespace

QString name()
{
    if (stored().isEmpty())
        stored() = QHostInfo::localHostName();
    return stored();
}

void setName(const QString &name)
{
    stored() = name;
}

QString problem(const QString &name)
{
    if (name.trimmed().isEmpty())
        return VantageWords::tr("a vantage name cannot be empty");
    if (name.size() > kMaxLength)
        return VantageWords::tr("a vantage name has at most %1 characters").arg(kMaxLength);
    for (QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return VantageWords::tr("a vantage name cannot hold control characters");
    }
    return QString();
}

} // namespace NetPulse::Vantage
