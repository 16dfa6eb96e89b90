#pragma once

#include <QString>
#include <QUuid>

#include "monitor/MonitorSettings.h"

namespace NetPulse {

// A watched endpoint as the user configured it: a stable id, a name, and how it is watched.
struct EndpointConfig
{
    QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString name;
    MonitorSettings settings;
    bool watching = true;
    bool report = true; // failures and state changes go to the report backend and Alertmanager, when set
    bool demo = false;  // points at this run's demo service: never saved, its ports change every run

    bool operator==(const EndpointConfig &other) const
    {
        return id == other.id && name == other.name && settings == other.settings && watching == other.watching &&
               report == other.report && demo == other.demo;
    }
};

} // namespace NetPulse
