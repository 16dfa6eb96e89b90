#pragma once

#include <QList>
#include <QStringList>

#include "endpoints/EndpointConfig.h"

class QSettings;

namespace NetPulse {

// Reads and writes the endpoint list with QSettings. Values that do not parse or are out of range
// are replaced by defaults and reported, one line each naming the endpoint and field; nothing is
// dropped silently and the rest of the list still loads.
class EndpointStore
{
public:
    static QList<EndpointConfig> load(QSettings &settings, QStringList *problems);
    static void save(QSettings &settings, const QList<EndpointConfig> &endpoints);
};

} // namespace NetPulse
