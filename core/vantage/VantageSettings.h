#pragma once

#include <QStringList>

#include "vantage/VantageReader.h"

class QSettings;

namespace NetPulse {

// Where the app reads the other vantage points from (docs/vantage.md), as saved in its settings
// file: the Prometheus URL, the headers sent to it, a CA file and how often to read. The headers'
// values and the URL's password are kept there too, as the report settings keep theirs (they are
// needed at every start; the file is the user's own), and never anywhere else.
namespace VantageSettings {

// Unusable values are named in `problems` (never with a secret) and left out.
VantageSource load(QSettings *settings, QStringList *problems);
void save(const VantageSource &source, QSettings *settings);
bool same(const VantageSource &a, const VantageSource &b);

// `typed` as a form shows secrets, "***" for the saved password and header values: each put back
// from `saved`, but only for the same Prometheus (scheme, host and port), so a secret is never
// sent to a server it was not given for. Empty when done, else what to type again.
QString restoreMasked(VantageSource *typed, const VantageSource &saved);

} // namespace VantageSettings

} // namespace NetPulse
