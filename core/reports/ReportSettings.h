#pragma once

#include <QStringList>

#include "reports/ReportTarget.h"

class QSettings;

namespace NetPulse {

// The app's global outbound settings: where reports go, where alerts go, and the headers sent with
// both. Kept in the app's settings file (the headers' values too: they are needed at every start;
// the file is the user's own, like any saved password of a desktop tool), never anywhere else.
struct ReportSettings
{
    ReportTarget reports;
    ReportTarget alerts;

    // Unusable values are named in `problems` and left out; nothing is rewritten until saved.
    static ReportSettings load(QSettings *settings, QStringList *problems);
    void save(QSettings *settings) const;

    bool operator==(const ReportSettings &other) const;
};

} // namespace NetPulse
