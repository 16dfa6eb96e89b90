#pragma once

#include "MonitorSettings.h"

#include <QList>
#include <QString>
#include <QUuid>

class QSettings;

namespace NetPulse {

// A watched endpoint as the user configured it: a stable id, a name, and how it is watched.
struct EndpointConfig
{
    QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString name;
    MonitorSettings settings;
    bool watching = true;
    bool demo = false; // points at this run's demo service: never saved, its ports change every run
};

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
